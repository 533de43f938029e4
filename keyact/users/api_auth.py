"""How the API knows who is calling: a bearer token or the browser session (CSRF-checked)."""

from __future__ import annotations

from typing import Any, cast

from django.http import HttpRequest
from django.utils import translation
from ninja.security import HttpBearer
from ninja.security.session import SessionAuth

from keyact.users.models import User
from keyact.users.services import token_authenticate

# A raw token is "ka_" + 43 URL-safe characters; anything much longer is not one of ours.
_MAX_TOKEN_LENGTH = 200


class BearerTokenAuth(HttpBearer):
    """``Authorization: Bearer ka_…``: one query loads the token, its user and membership."""

    def authenticate(self, request: HttpRequest, token: str) -> User | None:
        if not token or len(token) > _MAX_TOKEN_LENGTH or not token.isascii():
            return None
        user = token_authenticate(token)
        if user is not None:
            request.user = user
            if user.language:
                # UserLanguageMiddleware ran before the token was read: apply the preference now.
                translation.activate(user.language)
                request.LANGUAGE_CODE = user.language
        return user


class CsrfSessionAuth(SessionAuth):
    """The logged-in browser session; unsafe methods must carry the CSRF token.

    Anonymous requests are passed on untouched, so they answer 401 rather than a CSRF 403.
    """

    def __call__(self, request: HttpRequest) -> Any:
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return None
        return super().__call__(request)


def actor(request: HttpRequest) -> User:
    """The authenticated user of an API request."""
    return cast(User, request.auth)  # type: ignore[attr-defined]
