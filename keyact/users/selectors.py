"""Reads about users' own API tokens."""

from __future__ import annotations

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from keyact.core.errors import NotFound
from keyact.users.models import ApiToken, User


def token_list(*, user: User) -> QuerySet[ApiToken]:
    """The user's API tokens, newest first, revoked ones included."""
    return ApiToken.objects.filter(user=user).order_by("-created_at", "-id")


def token_get(*, user: User, token_id: int) -> ApiToken:
    """One of the user's tokens; NotFound for anyone else's."""
    try:
        return token_list(user=user).get(pk=token_id)
    except ApiToken.DoesNotExist as exc:
        raise NotFound(_("No such token."), field="token_id") from exc
