"""Obstacles (METHOD.md §8, lens "obstacles"): where deals drop out and where they go silent.

* **Stages** — of the deals closed in the period, how many reached each open stage, how many
  went beyond it (a later stage or won), how many were lost there, and how long deals stayed in
  it (mean and median days).
* **Stalls** — a deal *stalls after* an activity when no further customer activity on it
  follows within ``stall_days`` (default 21) before its close. Per activity type: of the closed
  deals that had the type, the share that stalled after it (stall rate), and how stalled deals
  ended (loss rate if stalled, next to the loss rate of the deals that did not stall after it).
  Ranked by stall rate x loss rate if stalled: frequent *and* costly first.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt

from keyact.insights.stats import wilson_interval

DEFAULT_STALL_DAYS = 21
MIN_DEALS = 20


@dataclass(frozen=True)
class StallCounts:
    """Closed deals that had a type before closing, split by stalled after it and outcome."""

    type_id: int
    deals: int
    stalled: int
    stalled_lost: int
    not_stalled_lost: int


@dataclass(frozen=True)
class Stall:
    """The stall evidence for one type."""

    type_id: int
    n: int
    stalled: int
    stall_rate: float
    stall_rate_ci: tuple[float, float]
    loss_rate_if_stalled: float | None
    loss_rate_if_not_stalled: float | None
    importance: float
    flags: tuple[str, ...] = field(default_factory=tuple)


@dataclass(frozen=True)
class StageCounts:
    """One open stage: deals that reached it, went beyond it, were lost at it; days in it."""

    stage_id: int
    order: int
    reached: int
    passed: int
    lost_here: int
    days_in_stage: npt.NDArray[np.int64]  # histogram: index = whole days, value = deals


@dataclass(frozen=True)
class StageStep:
    """Conversion out of one stage and the time spent in it."""

    stage_id: int
    order: int
    reached: int
    passed: int
    lost_here: int
    conversion: float | None
    mean_days: float | None
    median_days: float | None


def stalls_rank(counts: list[StallCounts]) -> list[Stall]:
    """Stall rates with intervals, ranked by stall rate x loss rate if stalled; types with
    fewer than ``MIN_DEALS`` deals come last, flagged ``not_enough_data``."""
    result = []
    for c in counts:
        if c.deals == 0:
            continue
        rate = c.stalled / c.deals
        loss_stalled = c.stalled_lost / c.stalled if c.stalled else None
        not_stalled = c.deals - c.stalled
        loss_other = c.not_stalled_lost / not_stalled if not_stalled else None
        flags = () if c.deals >= MIN_DEALS else ("not_enough_data",)
        result.append(
            Stall(
                type_id=c.type_id,
                n=c.deals,
                stalled=c.stalled,
                stall_rate=rate,
                stall_rate_ci=wilson_interval(c.stalled, c.deals),
                loss_rate_if_stalled=loss_stalled,
                loss_rate_if_not_stalled=loss_other,
                importance=rate * (loss_stalled or 0.0),
                flags=flags,
            )
        )
    result.sort(key=lambda s: (bool(s.flags), -s.importance, -s.n, s.type_id))
    return result


def median_from_histogram(histogram: npt.NDArray[np.int64]) -> float | None:
    """The median of values given as counts per whole day."""
    total = int(histogram.sum())
    if total == 0:
        return None
    cumulative = np.cumsum(histogram)
    lower = int(np.searchsorted(cumulative, (total + 1) // 2))
    if total % 2:
        return float(lower)
    upper = int(np.searchsorted(cumulative, total // 2 + 1))
    return (lower + upper) / 2


def stages_summarize(counts: list[StageCounts]) -> list[StageStep]:
    """Conversion and time in stage, in stage order."""
    steps = []
    for c in sorted(counts, key=lambda c: c.order):
        total = int(c.days_in_stage.sum())
        mean = (
            float((np.arange(len(c.days_in_stage)) * c.days_in_stage).sum() / total)
            if total
            else None
        )
        steps.append(
            StageStep(
                stage_id=c.stage_id,
                order=c.order,
                reached=c.reached,
                passed=c.passed,
                lost_here=c.lost_here,
                conversion=c.passed / c.reached if c.reached else None,
                mean_days=mean,
                median_days=median_from_histogram(c.days_in_stage),
            )
        )
    return steps


def obstacle_score(stall_rate: float, loss_rate_if_stalled: float | None) -> int:
    """A candidate's impact (1-5) from an obstacle: the share of deals with the activity that
    stall after it and are then lost (>= 30%: 5, 20%: 4, 10%: 3, 5%: 2, else 1)."""
    share = stall_rate * (loss_rate_if_stalled or 0.0)
    for threshold, score in ((0.3, 5), (0.2, 4), (0.1, 3), (0.05, 2)):
        if share >= threshold:
            return score
    return 1
