"""Writes for users: API tokens and the language preference."""

from __future__ import annotations

import copy
import datetime as dt
import hashlib
import secrets
from typing import Any

from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from keyact.core.errors import DomainError, NotFound
from keyact.core.ttl_cache import TTLCache
from keyact.users.models import ApiToken, User

TOKEN_PREFIX = "ka_"


def token_digest(raw: str) -> str:
    """The stored form of a token: its SHA-256 hex digest."""
    return hashlib.sha256(raw.encode()).hexdigest()


@transaction.atomic
def token_create(*, user: User, name: str = "API") -> tuple[ApiToken, str]:
    """Issue a token; the raw value is returned once and never stored."""
    raw = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user=user, name=name.strip()[:100] or "API", prefix=raw[:10], digest=token_digest(raw)
    )
    return token, raw


@transaction.atomic
def token_revoke(*, user: User, token_id: int) -> ApiToken:
    """Revoke one of the user's tokens (it stays listed as revoked)."""
    try:
        token = ApiToken.objects.select_for_update().get(pk=token_id, user=user)
    except ApiToken.DoesNotExist as exc:
        raise NotFound(_("No such token."), field="token_id") from exc
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
    return token


# The API's hot path: one plain-SQL query per request finds the token and reads the live
# authority of its user (active flags, organisation, role, place in the tree, language). The
# user object itself is cached per worker, but only reused while that authority is unchanged, so
# a role change, a deactivation or a revocation - through any path: pages, the API, the Django
# admin, an importer - takes effect on the next request in every worker
# (docs/adr/0007-api-create-hot-path.md).
TOKEN_CACHE_SECONDS = 10.0
_token_cache: TTLCache[tuple[tuple[Any, ...], User]] = TTLCache(
    ttl=TOKEN_CACHE_SECONDS, max_entries=4096
)
# Reused requests touch last_used_at at most once a minute, so token auth adds no write per call.
_LAST_USED_SECONDS = 60


def _token_sql() -> str:
    # The membership table is reached through the user's reverse relation: users stands below
    # orgs in the layers and does not import it.
    membership_table = User._meta.get_field("membership").related_model._meta.db_table
    return (
        "SELECT t.id, t.user_id, t.last_used_at, u.language,"
        " m.organization_id, m.role, m.department_id, m.manager_id, m.is_active"
        f' FROM "{ApiToken._meta.db_table}" t'
        f' JOIN "{User._meta.db_table}" u ON u.id = t.user_id'
        f' LEFT JOIN "{membership_table}" m ON m.user_id = u.id'
        " WHERE t.digest = %s AND t.revoked_at IS NULL AND u.is_active"
    )


def _stale(last_used_at: dt.datetime | str | None, now: dt.datetime) -> bool:
    if last_used_at is None:
        return True
    if isinstance(last_used_at, str):  # SQLite hands plain SQL its text
        last_used_at = dt.datetime.fromisoformat(last_used_at)
    if timezone.is_naive(last_used_at):
        last_used_at = last_used_at.replace(tzinfo=dt.UTC)
    return (now - last_used_at).total_seconds() > _LAST_USED_SECONDS


def token_authenticate(raw: str) -> User | None:
    """The active user a raw token belongs to, or None (unknown, revoked or inactive).

    Always one query: authority changes are never served from a cache.
    """
    if not raw.startswith(TOKEN_PREFIX):
        return None
    digest = token_digest(raw)
    with connection.cursor() as cursor:
        cursor.execute(_token_sql(), [digest])
        row = cursor.fetchone()
    if row is None:
        _token_cache.discard(digest)
        return None
    token_id, user_id, last_used_at, *authority = row
    stamp = (user_id, *authority)
    now = timezone.now()
    if _stale(last_used_at, now):
        ApiToken.objects.filter(pk=token_id).update(last_used_at=now)
    cached = _token_cache.get(digest)
    if cached is not None and cached[0] == stamp:
        # A copy per request: the data scope is cached on the user object for one request.
        user = copy.copy(cached[1])
        user.__dict__.pop("_keyact_scope", None)
        return user
    loaded = User.objects.select_related("membership").filter(pk=user_id).first()
    if loaded is None:
        return None
    _token_cache.set(digest, (stamp, loaded))
    return copy.copy(loaded)


def token_cache_clear() -> None:
    """Forget every cached user object in this process (tests use it between cases)."""
    _token_cache.clear()


def user_set_language(*, user: User, language: str) -> User:
    """Remember the user's language ('' = follow the browser)."""
    if language not in User.Language.values:
        raise DomainError(_("Unknown language."), field="language")
    user.language = language
    user.save(update_fields=["language"])
    return user
