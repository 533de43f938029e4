"""API schemas for people, the caller's profile and API tokens."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from ninja import Schema
from pydantic import Field

from keyact.core.api_fields import InputSchema, PatchSchema, Text100, optional
from keyact.users.models import ApiToken, User

Language = Literal["", "en", "zh-hans"]
RoleName = Literal["rep", "manager", "department_head", "supporter", "admin"]


class UserOut(Schema):
    """A member of the caller's organisation."""

    id: int
    username: str
    display_name: str
    email: str
    language: Language
    role: RoleName
    department_id: int | None
    manager_id: int | None
    title: str
    is_active: bool

    @staticmethod
    def resolve_role(obj: User) -> str:
        return obj.membership.role

    @staticmethod
    def resolve_department_id(obj: User) -> int | None:
        return obj.membership.department_id

    @staticmethod
    def resolve_manager_id(obj: User) -> int | None:
        return obj.membership.manager_id

    @staticmethod
    def resolve_title(obj: User) -> str:
        return obj.membership.title

    @staticmethod
    def resolve_is_active(obj: User) -> bool:
        return obj.is_active and obj.membership.is_active


class OrganizationOut(Schema):
    """The caller's organisation."""

    id: int
    name: str
    slug: str
    default_currency: str


class ScopeOut(Schema):
    """What the caller may see (METHOD.md §9)."""

    kind: Literal["organisation", "department", "subordinates", "own", "participation"] = Field(
        description="organisation (admin), department (department head), subordinates "
        "(manager), own (rep), participation (supporter: own records and those they take "
        "part in)."
    )
    user_count: int | None = Field(
        description="How many people's records are visible; null for the whole organisation."
    )


class MeOut(Schema):
    """The caller: who they are, their role, organisation and data scope."""

    user: UserOut
    role: RoleName
    organization: OrganizationOut
    scope: ScopeOut


class MePatch(PatchSchema):
    """Change the caller's preferences."""

    language: Language = optional("'' follows the browser, 'en' English, 'zh-hans' Chinese.")


class TokenOut(Schema):
    """An API token of the caller (the secret itself is never shown again)."""

    id: int
    name: str
    prefix: str
    created_at: dt.datetime
    last_used_at: dt.datetime | None
    revoked_at: dt.datetime | None


class TokenCreatedOut(TokenOut):
    """A new token: ``token`` is the secret, shown this once."""

    token: str

    @staticmethod
    def resolve_token(obj: ApiToken) -> str:
        return str(getattr(obj, "raw_token", ""))


class TokenIn(InputSchema):
    """A name to recognise the token by."""

    name: Text100 = "API"
