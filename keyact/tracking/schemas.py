"""API shapes of tracking: progress, reviews, coaching, notifications."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from ninja import Schema
from pydantic import Field

from keyact.core.api_fields import (
    MAX_BIGINT,
    Id,
    InputSchema,
    SafeDate,
    StrictBool,
    Text500,
    Text2000,
    Text5000,
    Text10000,
)

PERIOD = Annotated[str, Field(pattern=r"^\d{4}-(0[1-9]|1[0-2])$", examples=["2026-02"])]


class PeriodOut(Schema):
    start: dt.date
    end: dt.date


class StageProgressOut(Schema):
    name: str
    target: int | None
    actual: int


class OwnerProgressOut(Schema):
    user_id: int
    username: str
    name: str
    target: int | None = Field(description="This owner's target for the period; null without one.")
    actual: int = Field(
        description="Done activities of the measured types (or distinct customers)."
    )
    qualified: int = Field(description="Of those, the ones that meet the quality standard.")
    expected_to_date: int = Field(
        description="Expected by the end of today in whole activities: target x elapsed share "
        "of the period's working days, rounded up."
    )
    status: str | None = Field(
        description="achieved, on_track, at_risk or off_track; null without a target."
    )
    stages: list[StageProgressOut]


class KeyActivityProgressOut(Schema):
    id: int
    name: str
    owners: list[OwnerProgressOut]


class MineOut(Schema):
    """A key activity the caller owns over its own current period, from the progress engine:
    the figures My day, the key-activity pages and the team board show."""

    id: int
    name: str
    is_lead: bool
    guide: list[str]
    period_start: dt.date
    period_end: dt.date
    target: int | None = Field(description="The caller's target for the period; null without one.")
    actual: int = Field(
        description="Done activities of the measured types (or distinct customers)."
    )
    qualified: int = Field(description="Of those, the ones that meet the quality standard.")
    expected_to_date: int = Field(
        description="Expected by the end of today in whole activities: target x elapsed share "
        "of the period's working days on the organisation's calendar, rounded up."
    )
    status: str | None = Field(
        description="achieved, on_track, at_risk or off_track; null without a target."
    )
    stages: list[StageProgressOut]


class ProgressOut(Schema):
    period: PeriodOut
    key_activities: list[KeyActivityProgressOut]


class ProgressQuery(Schema):
    period: PERIOD | None = Field(
        default=None, description="YYYY-MM; the current month when omitted."
    )


class FollowUpIn(InputSchema):
    text: Annotated[Text500, Field(min_length=1)]
    owner_id: Id
    due_on: SafeDate


class ReviewIn(InputSchema):
    key_activity_id: Id
    due_on: SafeDate = Field(description="One of the key activity's review dates.")
    notes: Text10000 = ""
    decisions: Text10000 = ""
    follow_ups: Annotated[list[FollowUpIn], Field(max_length=50)] = Field(default_factory=list)
    log_team_meeting: StrictBool = Field(
        default=False, description="Also log the team meeting as an activity linked to the review."
    )


class FollowUpOut(Schema):
    id: int
    text: str
    owner_id: int
    due_on: dt.date
    done_at: dt.datetime | None


class ReviewOut(Schema):
    id: int
    key_activity_id: int
    due_on: dt.date
    held_at: dt.datetime
    held_by_id: int
    notes: str
    decisions: str
    snapshot: ProgressOut
    follow_ups: list[FollowUpOut]
    activity_ids: list[int]


class ReviewQuery(Schema):
    key_activity_id: Annotated[int, Field(ge=1, le=MAX_BIGINT)] | None = None


class ReviewDueOut(Schema):
    key_activity_id: int
    name: str
    due_on: dt.date | None
    held: bool
    next_on: dt.date


class CoachingIn(InputSchema):
    person_id: Id
    text: Annotated[Text5000, Field(min_length=1)]
    next_actions: Text2000 = ""
    key_activity_id: Id | None = None
    activity_id: Id | None = None
    review_id: Id | None = None
    log_coaching: StrictBool = Field(
        default=False, description="Also log the coaching as the person's activity."
    )


class CoachingOut(Schema):
    id: int
    person_id: int
    author_id: int
    key_activity_id: int | None
    activity_id: int | None
    review_id: int | None
    coaching_activity_id: int | None
    text: str
    next_actions: str
    created_at: dt.datetime
    acknowledged_at: dt.datetime | None
    done_at: dt.datetime | None


class CoachingQuery(Schema):
    person_id: Annotated[int, Field(ge=1, le=MAX_BIGINT)] | None = None


class NotificationOut(Schema):
    id: int
    kind: str
    title: str
    body: str
    url: str
    created_at: dt.datetime
    read_at: dt.datetime | None


class NotificationQuery(Schema):
    unread: bool = Field(default=False, description="Only the unread ones.")


class ReadOut(Schema):
    marked_read: int
