"""Login throttling that hurts the attacker, not the victim (ADR 0008).

django-axes counts failed logins. Which failures count against a login attempt depends on where
it comes from:

- from a device that has not logged in as this user before: the failures from the same client
  address (any username) and the failures on the same username (any address) — guessing one
  account from many addresses, or many accounts from one address, both stop at the limit;
- from a *known device* (a signed cookie set when this username last logged in on it): only the
  failures of this username from this address. A stranger's failures on the username elsewhere
  do not lock its owner out of the devices they use.

A successful login clears only the failures of its own username and address, so an attacker who
owns one account cannot wipe the count of the addresses and usernames they are guessing.
"""

from __future__ import annotations

from typing import Any

from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_client_username
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.auth.views import LoginView
from django.core import signing
from django.http import HttpRequest, HttpResponse

DEVICE_COOKIE = "keyact_device"
DEVICE_SALT = "keyact.users.known-device"
DEVICE_MAX_AGE = 180 * 24 * 3600
DEVICE_MAX_USERS = 5


def known_usernames(request: HttpRequest) -> list[str]:
    """The usernames that logged in on this device before (from the signed cookie)."""
    raw = request.COOKIES.get(DEVICE_COOKIE, "")
    if not raw:
        return []
    try:
        value = signing.loads(raw, salt=DEVICE_SALT, max_age=DEVICE_MAX_AGE)
    except signing.BadSignature:
        return []
    names = value.get("u") if isinstance(value, dict) else None
    return [n for n in names if isinstance(n, str)] if isinstance(names, list) else []


def _normalised(username: str | None) -> str:
    return (username or "").strip().casefold()


def lockout_parameters(
    request: HttpRequest, credentials: dict[str, Any] | None = None
) -> list[Any]:
    """``AXES_LOCKOUT_PARAMETERS``: which failures count against this attempt (see above)."""
    username = _normalised(get_client_username(request, credentials))
    if username and username in {_normalised(n) for n in known_usernames(request)}:
        return [["username", "ip_address"]]
    return ["ip_address", "username"]


class LoginThrottleHandler(AxesDatabaseHandler):  # type: ignore[misc]
    """axes' database handler; a success resets only its own (username, address) failures."""

    def user_logged_in(self, sender: Any, request: HttpRequest, user: Any, **kwargs: Any) -> None:
        super().user_logged_in(sender, request, user, **kwargs)
        AccessAttempt.objects.filter(
            username=user.get_username(), ip_address=getattr(request, "axes_ip_address", None)
        ).delete()


class KnownDeviceLoginView(LoginView):
    """Django's login view that remembers the device for the username that logged in."""

    redirect_authenticated_user = True

    def form_valid(self, form: Any) -> HttpResponse:
        response = super().form_valid(form)
        username = form.get_user().get_username()
        names = [
            n for n in known_usernames(self.request) if _normalised(n) != _normalised(username)
        ]
        names = [username, *names][:DEVICE_MAX_USERS]
        response.set_cookie(
            DEVICE_COOKIE,
            signing.dumps({"u": names}, salt=DEVICE_SALT),
            max_age=DEVICE_MAX_AGE,
            httponly=True,
            secure=settings.SESSION_COOKIE_SECURE,
            samesite="Lax",
        )
        return response
