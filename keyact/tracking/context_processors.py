"""The bell: the unread count of the logged-in member's notifications on every page."""

from __future__ import annotations

from django.http import HttpRequest

from keyact.tracking.selectors import unread_count
from keyact.users.models import User


def notifications(request: HttpRequest) -> dict[str, int]:
    """``unread_notifications`` for logged-in users (one indexed count)."""
    user = getattr(request, "user", None)
    if not isinstance(user, User) or not user.is_authenticated:
        return {}
    return {"unread_notifications": unread_count(user=user)}
