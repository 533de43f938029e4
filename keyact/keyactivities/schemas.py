"""API schemas for candidates and key activities. Every write on a key activity carries the
``version`` the client read; a stale one answers 409."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Annotated, Literal

from ninja import Schema
from pydantic import Field, Strict

from keyact.core.api_fields import (
    MAX_BIGINT,
    Id,
    InputSchema,
    MoneyInput,
    ParamId,
    PatchSchema,
    SafeDate,
    StrictBool,
    Text150,
    Text200,
    Text300,
    Text500,
    Text2000,
    Text5000,
    WholeNumber,
    money_schema,
    optional,
)

PathId = Annotated[int, Field(ge=1, le=MAX_BIGINT)]
Version = Annotated[
    int,
    WholeNumber,
    Strict(),
    Field(ge=1, le=2**31 - 1, description="The version the client read."),
]
Quantity = Annotated[int, WholeNumber, Strict(), Field(ge=0, le=100_000)]
Impact = Annotated[int, WholeNumber, Strict(), Field(ge=1, le=5)]
IdList = Annotated[list[Id], Field(max_length=100)]
LensName = Literal["key_steps", "benchmark", "obstacles", "innovation"]
CandidateStatusName = Literal["proposed", "selected", "rejected"]
AggregateName = Literal["count", "distinct_customers", "conversion"]
PeriodName = Literal["week", "month", "quarter"]
FrequencyName = Literal["weekly", "biweekly", "monthly"]
QualityKindName = Literal["none", "outcome", "evidence", "rubric", "checklist"]
MinimumOutcomeName = Literal["", "advance", "commitment", "order"]
ToolKindName = Literal["template", "file", "link", "budget", "support"]
StatusName = Literal["draft", "staffing_gap", "published", "retired"]
ReviewDay = Annotated[int, WholeNumber, Strict(), Field(ge=0, le=28)]
Threshold = Annotated[
    Decimal,
    MoneyInput,
    Field(ge=1, le=5, max_digits=3, decimal_places=2),
    money_schema(max_digits=3, minimum=1, maximum=5),
]
ToolAmount = Annotated[
    Decimal,
    MoneyInput,
    Field(ge=0, le=Decimal(10**10 - 1), max_digits=12, decimal_places=2),
    money_schema(max_digits=12),
]


# --- candidates --------------------------------------------------------------------------


class CandidateOut(Schema):
    """A candidate key activity."""

    id: int
    lens: LensName
    title: str = Field(description="The title in the caller's language.")
    title_en: str
    title_zh: str
    process_id: int | None
    step_id: int | None
    activity_type_ids: list[int]
    rationale: str
    evidence: str
    impact: int
    source: Literal["manual", "suggested"]
    suggestion_key: str
    status: CandidateStatusName
    decision_reason: str
    proposed_by_id: int | None
    decided_by_id: int | None
    decided_at: dt.datetime | None


class CandidateQuery(InputSchema):
    """Filters of the candidate list."""

    lens: LensName | None = None
    status: CandidateStatusName | None = None


class CompareQuery(InputSchema):
    """The candidates to compare (all proposed ones when empty)."""

    ids: list[ParamId] = Field(default_factory=list, max_length=100)


class CandidateIn(InputSchema):
    """A new candidate found through one of the four lenses."""

    lens: LensName
    title_en: Text200 = ""
    title_zh: Text200 = ""
    rationale: Text5000 = ""
    evidence: Text5000 = ""
    impact: Impact = 3
    process_id: Id | None = None
    step_id: Id | None = None
    activity_type_ids: IdList = Field(default_factory=list)


class CandidatePatch(PatchSchema):
    """Change a candidate's texts or estimated impact."""

    title_en: Text200 = optional()
    title_zh: Text200 = optional()
    rationale: Text5000 = optional()
    evidence: Text5000 = optional()
    impact: Impact = optional()


class DecisionIn(InputSchema):
    """Select a candidate, or leave it unselected with the reason."""

    decision: Literal["selected", "rejected"]
    reason: Text2000 = ""


class InspirationIn(InputSchema):
    """Start an innovation candidate from one of the article's examples."""

    code: Literal["hotpot_rnd", "rice_kitchen"]


# --- key activities ----------------------------------------------------------------------


class StageOut(Schema):
    """One stage of a staged standard."""

    order: int
    name: str
    name_en: str
    name_zh: str
    activity_type_id: int
    quantity: int


class GuideStepOut(Schema):
    """One step of the operating guide."""

    id: int
    order: int
    text: str
    text_en: str
    text_zh: str
    in_checklist: bool


class TrainingOut(Schema):
    """A skill-training item and who completed it."""

    id: int
    title: str
    title_en: str
    title_zh: str
    material_en: str
    material_zh: str
    link: str
    completed_by: dict[str, dt.date] = Field(description="Owner id → completion date.")


class ToolOut(Schema):
    """A tool or resource and who provides it."""

    id: int
    kind: ToolKindName
    name: str
    name_en: str
    name_zh: str
    url: str
    amount: Decimal | None
    currency: str
    provided_by: str


class OwnerOut(Schema):
    """A responsible person; exactly one lead among several."""

    user_id: int
    name: str
    is_lead: bool


class QualityOut(Schema):
    """The quality standard: one kind and its settings."""

    kind: QualityKindName
    min_outcome: str
    evidence_checkin: bool
    evidence_max_distance_m: int | None
    evidence_photo: bool
    evidence_confirmation: bool
    rubric_criteria: list[str]
    rubric_threshold: Decimal | None
    checklist_step_ids: list[int]


class KeyActivitySummaryOut(Schema):
    """A key activity in a list."""

    id: int
    name: str
    name_en: str
    name_zh: str
    status: StatusName
    version: int
    period: PeriodName
    quantity: int | None
    owners: list[OwnerOut]
    valid_from: dt.date
    valid_to: dt.date | None


class KeyActivityOut(KeyActivitySummaryOut):
    """A key activity with its standards, outputs and owners."""

    purpose_en: str
    purpose_zh: str
    candidate_id: int | None
    template_code: str
    process_id: int | None
    step_id: int | None
    activity_type_ids: list[int]
    aggregate: AggregateName
    stages: list[StageOut]
    quality: QualityOut
    tracking_frequency: FrequencyName
    review_day: int
    supporter_ids: list[int]
    staffing_note: str
    guide: list[GuideStepOut]
    training: list[TrainingOut]
    tools: list[ToolOut]
    published_at: dt.datetime | None
    retired_at: dt.datetime | None
    publish_problems: list[str] = Field(description="What still keeps a draft from publication.")


class KeyActivityIn(InputSchema):
    """A new key activity (a draft), optionally from a selected candidate."""

    name_en: Text200 = ""
    name_zh: Text200 = ""
    purpose_en: Text5000 = ""
    purpose_zh: Text5000 = ""
    candidate_id: Id | None = None
    aggregate: AggregateName = "count"
    period: PeriodName = "month"
    quantity: Annotated[int, WholeNumber, Strict(), Field(ge=1, le=100_000)] | None = None
    activity_type_ids: IdList = Field(default_factory=list)
    tracking_frequency: FrequencyName = "weekly"
    review_day: ReviewDay = 4
    valid_from: SafeDate
    valid_to: SafeDate | None = None


class TemplateIn(InputSchema):
    """Start a draft from a shipped template."""

    template_code: Literal["reference_visit"] = "reference_visit"
    valid_from: SafeDate
    candidate_id: Id | None = None


class KeyActivityPatch(PatchSchema):
    """Change the definition; ``version`` is required."""

    version: Version
    name_en: Text200 = optional()
    name_zh: Text200 = optional()
    purpose_en: Text5000 = optional()
    purpose_zh: Text5000 = optional()
    aggregate: AggregateName = optional()
    period: PeriodName = optional()
    quantity: Annotated[int, WholeNumber, Strict(), Field(ge=1, le=100_000)] | None = optional()
    activity_type_ids: IdList = optional()
    supporter_ids: IdList = optional()
    tracking_frequency: FrequencyName = optional()
    review_day: ReviewDay = optional()
    valid_from: SafeDate = optional()
    valid_to: SafeDate | None = optional()


class VersionIn(InputSchema):
    """The version the client read."""

    version: Version


class VersionQuery(InputSchema):
    """The version the client read, in the query string (where every value arrives as text)."""

    version: Annotated[int, Field(ge=1, le=2**31 - 1, description="The version the client read.")]


class StaffingGapIn(VersionIn):
    """Mark a draft as a staffing gap, with a note."""

    note: Text500 = ""


class StageIn(InputSchema):
    """One stage of a staged standard."""

    activity_type_id: Id
    quantity: Annotated[int, WholeNumber, Strict(), Field(ge=1, le=100_000)]
    name_en: Text150 = ""
    name_zh: Text150 = ""


class StagesIn(VersionIn):
    """The whole staged standard (empty: no stages)."""

    stages: Annotated[list[StageIn], Field(max_length=10)]


class QualityIn(VersionIn):
    """The quality standard, of one kind."""

    kind: QualityKindName
    min_outcome: MinimumOutcomeName = ""
    evidence_checkin: StrictBool = False
    evidence_max_distance_m: (
        Annotated[int, WholeNumber, Strict(), Field(ge=1, le=100_000)] | None
    ) = None
    evidence_photo: StrictBool = False
    evidence_confirmation: StrictBool = False
    rubric_criteria: Annotated[list[Text300], Field(max_length=20)] = Field(default_factory=list)
    rubric_threshold: Threshold | None = None
    checklist_step_ids: IdList = Field(default_factory=list)


class GuideStepIn(VersionIn):
    """A step appended to the operating guide."""

    text_en: Text500 = ""
    text_zh: Text500 = ""


class TrainingIn(VersionIn):
    """A skill-training item."""

    title_en: Text200 = ""
    title_zh: Text200 = ""
    material_en: Text5000 = ""
    material_zh: Text5000 = ""
    link: Text500 = ""


class TrainingCompletionIn(VersionIn):
    """An owner completed a training item on a date."""

    owner_id: Id
    completed_on: SafeDate


class ToolIn(VersionIn):
    """A tool or resource."""

    kind: ToolKindName
    name_en: Text200 = ""
    name_zh: Text200 = ""
    url: Text500 = ""
    amount: ToolAmount | None = None
    currency: Annotated[str, Field(pattern=r"^([A-Za-z]{3})?$")] = ""
    provided_by: Text200 = ""


class OwnerIn(InputSchema):
    """One owner."""

    user_id: Id
    is_lead: StrictBool = False


class OwnersIn(VersionIn):
    """The whole list of owners. The lead is marked on one owner (``is_lead``) or named by
    ``lead_id``, who must be one of the owners. Several owners without a lead are refused unless
    ``staffing_gap`` declares that nobody suitable can lead yet."""

    owners: Annotated[list[OwnerIn], Field(max_length=200)]
    lead_id: Id | None = None
    staffing_gap: StrictBool = False
    staffing_note: Text500 = ""


class GenerateTargetsIn(VersionIn):
    """Give every owner the standard for the period containing ``period_start``."""

    period_start: SafeDate


class TargetIn(VersionIn):
    """One owner's target for one period."""

    owner_id: Id
    period_start: SafeDate
    quantity: Quantity
    stage_quantities: Annotated[list[Quantity], Field(max_length=10)] | None = None


class TeamTargetIn(VersionIn):
    """A team's target for a period, cascaded to its owners unless ``cascade`` is false."""

    department_id: Id
    period_start: SafeDate
    quantity: Annotated[int, WholeNumber, Strict(), Field(ge=0, le=1_000_000)]
    cascade: StrictBool = True


class TargetOut(Schema):
    """One owner's target for one period."""

    owner_id: int
    period_start: dt.date
    period_end: dt.date
    quantity: int
    stage_quantities: list[int]
    is_adjusted: bool


class TeamLineOut(Schema):
    """A team target against the sum of its members' targets."""

    department_id: int
    department_name: str
    period_start: dt.date
    team_quantity: int
    member_sum: int
    difference: int


class TargetsOut(Schema):
    """Per-owner targets and team reconciliation of a key activity."""

    version: int
    targets: list[TargetOut]
    teams: list[TeamLineOut]


class ChangeOut(Schema):
    """One entry of the version history."""

    version: int
    action: str
    changed_by_id: int | None
    changed_at: dt.datetime
    changes: dict[str, list[object]]
