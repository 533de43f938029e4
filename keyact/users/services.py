"""Writes for users: API tokens and the language preference."""

from __future__ import annotations

import copy
import hashlib
import secrets

from django.db import transaction
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
    _token_cache.discard(token.digest)
    return token


# Token lookups are cached per worker for a few seconds: the API's hot path then costs no query
# for authentication. Revocation applies at once in the revoking process and within
# TOKEN_CACHE_SECONDS everywhere else (docs/adr/0007-api-create-hot-path.md).
TOKEN_CACHE_SECONDS = 10.0
_token_cache: TTLCache[User] = TTLCache(ttl=TOKEN_CACHE_SECONDS, max_entries=4096)


def token_authenticate(raw: str) -> User | None:
    """The active user a raw token belongs to, or None (unknown, revoked or inactive)."""
    if not raw.startswith(TOKEN_PREFIX):
        return None
    digest = token_digest(raw)
    cached = _token_cache.get(digest)
    if cached is not None:
        # A copy per request: the data scope is cached on the user object, and requests must
        # not share it beyond the cache's lifetime.
        user = copy.copy(cached)
        user.__dict__.pop("_keyact_scope", None)
        return user
    token = (
        ApiToken.objects.select_related("user", "user__membership")
        .filter(digest=digest, revoked_at__isnull=True, user__is_active=True)
        .first()
    )
    if token is None:
        return None
    now = timezone.now()
    # Touch last_used_at at most once a minute, so token auth adds no write per request.
    if token.last_used_at is None or (now - token.last_used_at).total_seconds() > 60:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    _token_cache.set(digest, token.user)
    user = copy.copy(token.user)
    return user


def token_cache_clear() -> None:
    """Forget every cached token lookup in this process."""
    _token_cache.clear()


def user_set_language(*, user: User, language: str) -> User:
    """Remember the user's language ('' = follow the browser)."""
    if language not in User.Language.values:
        raise DomainError(_("Unknown language."), field="language")
    user.language = language
    user.save(update_fields=["language"])
    _token_cache.clear()  # cached API users carry the old language
    return user
