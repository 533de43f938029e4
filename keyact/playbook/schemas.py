"""API schemas of the playbook: the diagnosis and the questionnaire."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from ninja import Schema

from keyact.core.api_fields import InputSchema, SafeDate


class ModeOut(Schema):
    """One mode's deals and revenue, its shares of the slice, and the shares of its own revenue
    and deals that came from large customers (customer size, reported beside the mode)."""

    revenue_share: float
    count_share: float
    deals: int
    revenue: str
    large_customer_revenue_share: float
    large_customer_count_share: float


class MixOut(Schema):
    """A mode mix: every mode, totals, dominant modes."""

    modes: dict[str, ModeOut]
    deals: int
    revenue: str
    dominant: list[str]


class SliceOut(MixOut):
    """The mix of a team, a rep or a quarter."""

    key: str
    label: str


class OpenMixOut(MixOut):
    """The mix of the open deals (a snapshot, not limited to the period)."""

    unclassified: int


class ThresholdsOut(Schema):
    """The organisation's thresholds (amounts as decimal strings, in its currency)."""

    large_order_amount: str
    large_customer_employees: int
    large_customer_revenue: str
    dominant_share: str
    currency: str


class AdviceOut(Schema):
    """Processes that fit a dominant mode and what management should watch."""

    mode: str
    processes: list[str]
    processes_en: list[str]
    processes_zh: list[str]
    focus_en: list[str]
    focus_zh: list[str]


class SuggestionOut(Schema):
    """The suggested large-order threshold (administrators) and what it means: ``large_deals``
    of ``deals`` won deals are at or above ``amount`` and bring ``revenue_share`` of revenue."""

    amount: str
    deals: int
    large_deals: int
    count_share: float
    revenue_share: float


class UnclassifiedOut(Schema):
    """A won deal that could not be classified, and why."""

    id: int
    name: str
    owner: str
    amount: str | None
    currency: str
    reasons: list[str]


class DiagnosisOut(Schema):
    """The sales-mode diagnosis of the caller's scope (same numbers as ``keyact diagnose``)."""

    modes: dict[str, ModeOut]
    unclassified: int
    thresholds: ThresholdsOut
    dominant: list[str]
    deals: int
    revenue: str
    currency: str
    date_from: dt.date | None
    date_to: dt.date | None
    suggested_threshold: str | None
    suggestion: SuggestionOut | None
    advice: list[AdviceOut]
    unclassified_deals: list[UnclassifiedOut]
    by_team: list[SliceOut]
    by_rep: list[SliceOut]
    by_quarter: list[SliceOut]
    open: OpenMixOut


class DiagnosisQuery(InputSchema):
    """The period of won deals to diagnose (by closed date, both ends included)."""

    date_from: SafeDate | None = None
    date_to: SafeDate | None = None


class QuestionnaireIn(InputSchema):
    """The three dimensions, for an organisation without deal history."""

    order_size: Literal["small", "large"] | None = None
    customer_novelty: Literal["new", "existing"] | None = None
    customer_size: Literal["small", "large"] | None = None


class QuestionnaireOut(Schema):
    """The questionnaire's result in the diagnosis shape (no deals behind it)."""

    modes: dict[str, ModeOut]
    unclassified: int
    dominant: list[str]
    deals: int
    source: Literal["questionnaire"]
    advice: list[AdviceOut]
