"""API schemas for opportunities, pipeline stages and stage history."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Literal

from ninja import Schema
from pydantic import Field

from keyact.core.api_fields import (
    Currency,
    Id,
    InputSchema,
    Money,
    Name200,
    ParamId,
    PatchSchema,
    SafeDate,
    Search,
    Text100,
    Version,
    money,
    optional,
)
from keyact.deals.models import Opportunity, Stage

OpportunityStatusName = Literal["open", "won", "lost"]


class PipelineStageOut(Schema):
    """A step of the organisation's pipeline."""

    id: int
    name: str = Field(description="The name in the caller's language.")
    name_en: str
    name_zh: str
    order: int
    probability: int
    is_won: bool
    is_lost: bool

    @staticmethod
    def resolve_name(obj: Stage) -> str:
        return obj.name


class OpportunityOut(Schema):
    """An opportunity (deal)."""

    id: int
    name: str
    customer_id: int | None
    owner_id: int
    amount: Decimal | None
    currency: str
    stage_id: int
    status: OpportunityStatusName
    source: str
    expected_close_date: dt.date | None
    closed_date: dt.date | None
    created_at: dt.datetime
    updated_at: dt.datetime
    version: int = Field(
        description="Goes up with every change (a stage move too); send it back to change it."
    )

    @staticmethod
    def resolve_amount(obj: Opportunity) -> Decimal | None:
        return money(obj.amount)


class OpportunityIn(InputSchema):
    """A new opportunity: in the first stage and owned by the caller unless told otherwise."""

    name: Name200
    customer_id: Id | None = None
    stage_id: Id | None = None
    amount: Money | None = None
    currency: Currency | None = Field(
        default=None, description="ISO 4217 code; the organisation's currency by default."
    )
    owner_id: Id | None = None
    expected_close_date: SafeDate | None = None
    source: Text100 = ""


class OpportunityPatch(PatchSchema):
    """Change an opportunity's fields (the owner's team only), based on ``version``. Move
    stages with /stage."""

    version: Version
    name: Name200 = optional()
    customer_id: Id = optional()
    amount: Money = optional()
    currency: Currency = optional()
    owner_id: Id = optional()
    expected_close_date: SafeDate = optional()
    source: Text100 = optional()


class OpportunityQuery(InputSchema):
    """Filters of the opportunity list."""

    customer_id: ParamId | None = None
    owner_id: ParamId | None = None
    status: OpportunityStatusName | None = None
    stage_id: ParamId | None = None
    q: Search = Field(default="", description="Text in the name.")


class OpportunityStageMoveIn(InputSchema):
    """The stage to move to, from the ``version`` read; a won or lost stage closes it."""

    stage_id: Id
    version: Version


class OpportunityStageChangeOut(Schema):
    """One move of an opportunity between stages."""

    id: int
    from_stage_id: int | None
    to_stage_id: int
    changed_at: dt.datetime
    changed_by_id: int | None
