"""API shapes of the insights (the documented JSON of issue 11)."""

from __future__ import annotations

import datetime as dt

from ninja import Field, Schema


class InsightAnalysisQuery(Schema):
    """The deals to analyse (closed in the period; default the last 12 months) and the stall
    threshold."""

    date_from: dt.date | None = None
    date_to: dt.date | None = None
    stall_days: int = Field(21, ge=3, le=180)


class InsightImpactOut(Schema):
    """One activity type: win rates with and without it before the close, lift (ratio of the
    win rates, 95% MOVER-Wilson interval), adjusted odds ratio with its Wald interval and
    p-value, rank among the types with enough data, flags."""

    activity_type: str
    n_with: int
    n_without: int
    win_rate_with: float | None
    win_rate_without: float | None
    lift: float | None
    lift_ci: list[float | None] | None
    adjusted_odds_ratio: float | None
    adjusted_ci: list[float | None] | None
    p_value: float | None
    rank: int | None
    flags: list[str]


class InsightPerformerOut(Schema):
    """A person in the top group."""

    id: int
    name: str
    external_id: str | None


class InsightDifferenceOut(Schema):
    """One activity type: weekly rate of the top group vs the rest."""

    activity_type: str
    top_rate: float | None
    rest_rate: float | None
    ratio: float | None
    effect_size: float | None
    p_value: float | None
    significant: bool
    flags: list[str]


class InsightBenchmarkOut(Schema):
    """Top performers and the differences in their habits."""

    top_performers: list[InsightPerformerOut]
    differences: list[InsightDifferenceOut]


class InsightStallOut(Schema):
    """Deals that went silent after an activity type, and how they ended."""

    after_activity_type: str
    stall_rate: float
    loss_rate_if_stalled: float | None
    n: int


class InsightStageOut(Schema):
    """One open stage: reached, moved on, lost there, conversion, days in stage."""

    stage: str
    reached: int
    passed: int
    lost_here: int
    conversion: float | None
    mean_days: float | None
    median_days: float | None


class InsightObstaclesOut(Schema):
    """Stalls ordered by importance (stall rate x loss rate if stalled) and the funnel."""

    stalls: list[InsightStallOut]
    stages: list[InsightStageOut]


class InsightCellOut(Schema):
    """Deals closed and won by one group in one window."""

    deals: int
    wins: int


class InsightEffectivenessOut(Schema):
    """A published key activity: method (difference_in_differences, association or
    not_enough_data), win-rate difference and its 95% interval."""

    key_activity: str
    method: str
    estimate: float | None
    ci: list[float] | None
    owners_met: int
    owners_not_met: int
    cells: dict[str, InsightCellOut]


class InsightsOut(Schema):
    """All four analyses."""

    impact: list[InsightImpactOut]
    benchmark: InsightBenchmarkOut
    obstacles: InsightObstaclesOut
    effectiveness: list[InsightEffectivenessOut]


class InsightPendingOut(Schema):
    """An analysis still running on a worker: poll again (see ``analysis_id``)."""

    analysis_id: int
    status: str
    progress: int
