"""API: the caller (``/me``), their tokens, and the people inside their scope (``/users``).

The caller's membership and scope come from the organisation, so these live in ``orgs``; the
operation ids stay those published before the move (``keyact_users_api_*``)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Path, Query, Router, Status

from keyact.core.api_errors import ErrorOut
from keyact.core.api_fields import ParamId
from keyact.core.pagination import Page, PageParams, paginate
from keyact.orgs.models import Role
from keyact.orgs.selectors import membership_get, scope_for, user_get, user_list
from keyact.users.api_auth import actor
from keyact.users.schemas import MeOut, MePatch, TokenCreatedOut, TokenIn, TokenOut, UserOut
from keyact.users.selectors import token_get, token_list
from keyact.users.services import token_create, token_revoke, user_set_language

ERRORS: dict[frozenset[int], type[ErrorOut]] = {frozenset({400, 401, 403, 404, 422}): ErrorOut}

me_router = Router(tags=["me"])
users_router = Router(tags=["users"])

_SCOPE_KIND = {
    Role.ADMIN: "organisation",
    Role.DEPARTMENT_HEAD: "department",
    Role.MANAGER: "subordinates",
    Role.REP: "own",
    Role.SUPPORTER: "participation",
}


def _me(user: Any) -> dict[str, Any]:
    membership = membership_get(user=user)
    scope = scope_for(user)
    return {
        "user": user,
        "role": membership.role,
        "organization": membership.organization,
        "scope": {
            "kind": _SCOPE_KIND[Role(scope.role)],
            "user_count": None if scope.owner_ids is None else len(scope.owner_ids),
        },
    }


@me_router.get(
    "", response={200: MeOut, **ERRORS}, summary="Who am I", operation_id="keyact_users_api_me_get"
)
def me_get(request: HttpRequest) -> dict[str, Any]:
    """The caller, their role, organisation and a summary of their data scope."""
    return _me(actor(request))


@me_router.patch(
    "",
    response={200: MeOut, **ERRORS},
    summary="Change my preferences",
    operation_id="keyact_users_api_me_patch",
)
def me_patch(request: HttpRequest, payload: MePatch) -> dict[str, Any]:
    """Set the caller's language; the UI and translated names follow it."""
    user = actor(request)
    membership_get(user=user)
    changes = payload.changes()
    if "language" in changes:
        user_set_language(user=user, language=changes["language"])
    return _me(user)


@me_router.get(
    "/tokens",
    response={200: Page[TokenOut], **ERRORS},
    summary="My API tokens",
    operation_id="keyact_users_api_my_tokens",
)
def my_tokens(request: HttpRequest, page: Query[PageParams]) -> dict[str, Any]:
    """The caller's API tokens, revoked ones included (the secrets are not shown)."""
    return paginate(request, token_list(user=actor(request)), page)


@me_router.post(
    "/tokens",
    response={201: TokenCreatedOut, **ERRORS},
    summary="New API token",
    operation_id="keyact_users_api_my_token_create",
)
def my_token_create(request: HttpRequest, payload: TokenIn) -> Status[Any]:
    """Issue a token for the caller; the secret is in ``token`` of this response only."""
    token, raw = token_create(user=actor(request), name=payload.name)
    token.raw_token = raw  # type: ignore[attr-defined]
    return Status(201, token)


@me_router.get(
    "/tokens/{token_id}",
    response={200: TokenOut, **ERRORS},
    summary="One token",
    operation_id="keyact_users_api_my_token_get",
)
def my_token_get(request: HttpRequest, token_id: Path[ParamId]) -> Any:
    """One of the caller's tokens; other people's answer 404."""
    return token_get(user=actor(request), token_id=token_id)


@me_router.delete(
    "/tokens/{token_id}",
    response={200: TokenOut, **ERRORS},
    summary="Revoke a token",
    operation_id="keyact_users_api_my_token_revoke",
)
def my_token_revoke(request: HttpRequest, token_id: Path[ParamId]) -> Any:
    """Revoke one of the caller's tokens; it stays listed with ``revoked_at`` set."""
    return token_revoke(user=actor(request), token_id=token_id)


@users_router.get(
    "",
    response={200: Page[UserOut], **ERRORS},
    summary="People in my scope",
    operation_id="keyact_users_api_users_list",
)
def users_list(request: HttpRequest, page: Query[PageParams]) -> dict[str, Any]:
    """Members of the caller's organisation whose records the caller may see, by username."""
    return paginate(request, user_list(user=actor(request)), page)


@users_router.get(
    "/{user_id}",
    response={200: UserOut, **ERRORS},
    summary="One person",
    operation_id="keyact_users_api_users_get",
)
def users_get(request: HttpRequest, user_id: Path[ParamId]) -> Any:
    """One member inside the caller's scope; anyone else answers 404."""
    return user_get(user=actor(request), user_id=user_id)
