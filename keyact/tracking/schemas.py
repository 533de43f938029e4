"""API shapes of tracking: progress."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from ninja import Schema
from pydantic import Field

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


class ProgressOut(Schema):
    period: PeriodOut
    key_activities: list[KeyActivityProgressOut]


class ProgressQuery(Schema):
    period: PERIOD | None = Field(
        default=None, description="YYYY-MM; the current month when omitted."
    )
