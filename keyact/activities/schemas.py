"""API schemas for activity types, activities and their audit trail."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal

from ninja import Schema
from pydantic import Field, Strict, StringConstraints

from keyact.activities.models import Activity, ActivityType
from keyact.activities.rules import REASON_MAX_LENGTH
from keyact.core.api_fields import (
    Code,
    Id,
    InputSchema,
    Latitude,
    Longitude,
    NonNegativeFloat,
    NoNul,
    NoNulInSchema,
    ParamId,
    PatchSchema,
    SafeDate,
    SafeDateTime,
    Search,
    SmallInt,
    StrictBool,
    Text40,
    Text100,
    Text150,
    Text200,
    Text500,
    Text10000,
    Version,
    WholeNumber,
    optional,
)

CounterpartName = Literal["customer", "manager", "supporter", "self"]
CategoryName = Literal["standard", "industry"]
StatusName = Literal["planned", "done", "cancelled"]
OutcomeName = Literal["", "order", "advance", "continuation", "no_sale", "commitment"]
Duration = Annotated[int, WholeNumber, Strict(), Field(ge=0, le=24 * 60)]
IdList = Annotated[list[Id], Field(max_length=100)]


class ActivityTypeOut(Schema):
    """A kind of activity the organisation records."""

    id: int
    code: str
    name: str = Field(description="The name in the caller's language.")
    name_en: str
    name_zh: str
    counterpart: CounterpartName
    category: CategoryName
    icon: str
    order: int
    is_active: bool

    @staticmethod
    def resolve_name(obj: ActivityType) -> str:
        return obj.name


class ActivityTypeIn(InputSchema):
    """A new industry activity type (admins only). Without a code, one is made from the English
    name (``site_survey``, then ``site_survey_2``…); the icon is a Bootstrap icon name."""

    code: Code = ""
    name_en: Text100 = Field(default="", description="Give the name in one language at least.")
    name_zh: Text100 = Field(default="", description="Give the name in one language at least.")
    counterpart: CounterpartName = "customer"
    icon: Text40 = ""
    order: SmallInt = 500


class ActivityTypePatch(PatchSchema):
    """Rename, reorder or (de)activate an activity type (admins only)."""

    name_en: Text100 = optional()
    name_zh: Text100 = optional()
    counterpart: CounterpartName = optional()
    icon: Text40 = optional()
    order: SmallInt = optional()
    is_active: StrictBool = optional()


class ActivityTypeQuery(InputSchema):
    """Filters of the activity-type list."""

    include_inactive: bool = False


class ActivityOut(Schema):
    """An activity record."""

    id: int
    type_id: int
    owner_id: int
    status: StatusName
    occurred_at: dt.datetime = Field(description="Start time when done; due time when planned.")
    ended_at: dt.datetime | None
    duration_minutes: int | None
    customer_id: int | None
    opportunity_id: int | None
    contact_ids: list[int]
    participant_ids: list[int]
    subject: str
    outcome: OutcomeName
    commitment_text: str
    notes: str
    checkin_latitude: float | None
    checkin_longitude: float | None
    checkin_accuracy_m: float | None
    checkin_at: dt.datetime | None
    customer_confirmed: bool
    customer_confirmed_by: str
    completed_at: dt.datetime | None
    created_by_id: int | None
    created_at: dt.datetime
    updated_by_id: int | None
    updated_at: dt.datetime
    version: int = Field(description="Send it back in PATCH to detect concurrent changes.")

    @staticmethod
    def resolve_contact_ids(obj: Activity) -> list[int]:
        ids: list[int] | None = getattr(obj, "api_contact_ids", None)
        if ids is None:
            ids = list(obj.contacts.order_by("pk").values_list("pk", flat=True))
        return ids

    @staticmethod
    def resolve_participant_ids(obj: Activity) -> list[int]:
        ids: list[int] | None = getattr(obj, "api_participant_ids", None)
        if ids is None:
            ids = list(obj.participants.order_by("pk").values_list("pk", flat=True))
        return ids


class ActivityIn(InputSchema):
    """A new activity: done, now and owned by the caller unless told otherwise."""

    type_id: Id
    status: Literal["planned", "done"] = "done"
    occurred_at: SafeDateTime | None = Field(
        default=None, description="Start time when done, due time when planned; default now."
    )
    ended_at: SafeDateTime | None = None
    duration_minutes: Duration | None = None
    owner_id: Id | None = None
    customer_id: Id | None = None
    opportunity_id: Id | None = None
    contact_ids: IdList = Field(default_factory=list)
    participant_ids: IdList = Field(default_factory=list)
    subject: Text200 = ""
    outcome: OutcomeName = ""
    commitment_text: Text500 = ""
    notes: Text10000 = ""
    checkin_latitude: Latitude | None = None
    checkin_longitude: Longitude | None = None
    checkin_accuracy_m: NonNegativeFloat | None = None
    customer_confirmed: StrictBool = False
    customer_confirmed_by: Text150 = ""


class ActivityPatch(PatchSchema):
    """Change an activity; only the fields sent change, each change goes to the audit trail."""

    version: Version
    type_id: Id = optional()
    status: StatusName = optional()
    occurred_at: SafeDateTime = optional()
    ended_at: SafeDateTime | None = None
    duration_minutes: Duration | None = None
    owner_id: Id = optional()
    customer_id: Id | None = None
    opportunity_id: Id | None = None
    contact_ids: IdList = optional()
    participant_ids: IdList = optional()
    subject: Text200 = optional()
    outcome: OutcomeName = optional()
    commitment_text: Text500 = optional()
    notes: Text10000 = optional()
    checkin_latitude: Latitude | None = None
    checkin_longitude: Longitude | None = None
    checkin_accuracy_m: NonNegativeFloat | None = None
    customer_confirmed: StrictBool = optional()
    customer_confirmed_by: Text150 = optional()


class ActivityCompleteIn(InputSchema):
    """Mark a planned activity done, from the ``version`` read, optionally with how it ended."""

    version: Version
    outcome: OutcomeName = ""
    commitment_text: Text500 = ""
    notes: Text10000 = ""


class ActivityReopenIn(InputSchema):
    """Set a done activity back to planned; the reason goes to its history."""

    reason: Annotated[
        str, StringConstraints(min_length=1, max_length=REASON_MAX_LENGTH), NoNul, NoNulInSchema
    ] = Field(description="Why the activity did not happen as recorded.")
    version: Version


class ActivityCancelIn(InputSchema):
    """Cancel a planned activity, from the ``version`` read."""

    version: Version


class ActivityQuery(InputSchema):
    """Filters of the activity list (all optional, combined with AND)."""

    owner_id: ParamId | None = None
    type_id: ParamId | None = None
    status: StatusName | None = None
    customer_id: ParamId | None = None
    opportunity_id: ParamId | None = None
    date_from: SafeDate | None = Field(default=None, description="First day, inclusive.")
    date_to: SafeDate | None = Field(default=None, description="Last day, inclusive.")
    q: Search = Field(default="", description="Text in the subject or the notes.")


class ActivityChangeOut(Schema):
    """One entry of an activity's audit trail."""

    id: int | None = Field(description="Null for an entry derived from the record itself.")
    action: Literal["created", "updated", "completed", "cancelled", "reopened"]
    changed_by_id: int | None
    changed_at: dt.datetime
    changes: dict[str, Any] = Field(description="field: [before, after] for each changed field.")
    reason: str = Field(description="Why, for a reopen; empty otherwise.")
