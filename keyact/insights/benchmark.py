"""Top-performer benchmark (METHOD.md §8, lens "benchmark"): what do the best sellers do more?

People with at least ``MIN_DEALS`` closed deals in the period are ranked by results: the mean
of their percentile ranks in won revenue and in win rate (one without the other rewards either
a single huge deal or a few easy ones). The top ``TOP_SHARE`` (at least one person) form the top
group; everyone else ranked is "the rest". For each activity type, each person's weekly rate
(activities in the period ÷ weeks active in it) is compared between the groups with a
Mann-Whitney test (ranks: no normality assumed) and Hedges' g as the effect size; p-values
are Holm-adjusted across types. With fewer than ``MIN_GROUP`` people on either side the
comparison says "not enough data".

Nobody is compared across sales modes: a key-account manager's won revenue and weekly visits
say nothing about a small-order rep's. Each person belongs to the sales mode of most of their
closed deals (``PeopleFrame.mode``); the ranking and the top share are taken within each mode
(a mode with a single person has nobody to be compared with and stays out), and each weekly
rate is read relative to the mean of its mode before the groups are compared, expressed at the
level of everybody compared. With one mode this is exactly the plain comparison.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt

from keyact.insights.stats import hedges_g, holm, mann_whitney

MIN_DEALS = 10
TOP_SHARE = 0.2
MIN_GROUP = 3
ALPHA = 0.05


@dataclass(frozen=True)
class PeopleFrame:
    """Per person: results in the period, weeks active, activity counts per type."""

    owner_ids: npt.NDArray[np.int64]
    closed: npt.NDArray[np.int64]
    wins: npt.NDArray[np.int64]
    won_revenue: npt.NDArray[np.float64]
    weeks: npt.NDArray[np.float64]
    type_ids: tuple[int, ...]
    counts: npt.NDArray[np.float64]  # people x types
    mode: npt.NDArray[np.int64] | None = None  # each person's main sales mode (one group if None)


@dataclass(frozen=True)
class RankedPerson:
    """One ranked person and their results."""

    owner_id: int
    closed: int
    wins: int
    win_rate: float
    won_revenue: float
    score: float
    top: bool
    mode: int = 0
    compared: bool = True


@dataclass(frozen=True)
class Difference:
    """One activity type: weekly rate of the top group vs the rest."""

    type_id: int
    top_rate: float
    rest_rate: float
    ratio: float | None
    effect_size: float | None
    p_value: float | None
    p_value_holm: float | None
    significant: bool
    flags: tuple[str, ...] = field(default_factory=tuple)


@dataclass(frozen=True)
class Benchmark:
    """The ranking and the differences that distinguish the top group."""

    people: tuple[RankedPerson, ...]
    differences: tuple[Difference, ...]
    n_top: int
    n_rest: int
    enough_data: bool


def benchmark_analyze(frame: PeopleFrame) -> Benchmark:
    """Rank people by results and compare the top group's habits with the rest's."""
    from scipy.stats import rankdata

    eligible = np.flatnonzero(frame.closed >= MIN_DEALS)
    if len(eligible) == 0:
        return Benchmark((), (), 0, 0, enough_data=False)
    closed = frame.closed[eligible].astype(np.float64)
    win_rate = frame.wins[eligible] / closed
    revenue = frame.won_revenue[eligible]
    modes = frame.mode[eligible] if frame.mode is not None else np.zeros(len(eligible), np.int64)
    score = np.zeros(len(eligible))
    is_top = np.zeros(len(eligible), dtype=bool)
    compared = np.zeros(len(eligible), dtype=bool)
    weeks = np.maximum(frame.weeks[eligible], 1.0)
    rates = frame.counts[eligible] / weeks[:, None]
    relative = np.zeros_like(rates)
    for mode in np.unique(modes):
        members = np.flatnonzero(modes == mode)
        m = len(members)
        score[members] = (rankdata(revenue[members]) / m + rankdata(win_rate[members]) / m) / 2
        if m < 2:
            continue
        compared[members] = True
        inside = members[
            np.lexsort((frame.owner_ids[eligible][members], -revenue[members], -score[members]))
        ]
        is_top[inside[: max(1, math.ceil(TOP_SHARE * m))]] = True
        mean = rates[members].mean(axis=0)
        relative[members] = np.divide(
            rates[members], mean, out=np.zeros_like(rates[members]), where=mean > 0
        )
    # Rates within each mode, put back on the scale of everybody compared.
    level = rates[compared].mean(axis=0) if compared.any() else np.zeros(rates.shape[1])
    standard = relative * level
    order = np.lexsort((frame.owner_ids[eligible], -revenue, -score))
    people = tuple(
        RankedPerson(
            owner_id=int(frame.owner_ids[eligible[i]]),
            closed=int(closed[i]),
            wins=int(frame.wins[eligible[i]]),
            win_rate=float(win_rate[i]),
            won_revenue=float(revenue[i]),
            score=float(score[i]),
            top=bool(is_top[i]),
            mode=int(modes[i]),
            compared=bool(compared[i]),
        )
        for i in order
    )
    n_top = int(is_top.sum())
    n_rest = int(compared.sum()) - n_top
    enough = n_top >= MIN_GROUP and n_rest >= MIN_GROUP
    rest = compared & ~is_top
    raw: list[tuple[int, float, float, float | None, float | None, float | None]] = []
    for column, type_id in enumerate(frame.type_ids):
        top_rates, rest_rates = standard[is_top, column], standard[rest, column]
        top_mean = float(top_rates.mean()) if len(top_rates) else 0.0
        rest_mean = float(rest_rates.mean()) if len(rest_rates) else 0.0
        ratio = top_mean / rest_mean if rest_mean > 0 else None
        g = hedges_g(top_rates, rest_rates) if enough else None
        p = mann_whitney(top_rates, rest_rates) if enough else None
        raw.append((type_id, top_mean, rest_mean, ratio, g, p))
    adjusted = holm([r[5] for r in raw])
    differences = []
    for (type_id, top_mean, rest_mean, ratio, g, p), p_holm in zip(raw, adjusted, strict=True):
        flags: list[str] = []
        if not enough:
            flags.append("not_enough_data")
        significant = p_holm is not None and p_holm < ALPHA
        if enough and not significant:
            flags.append("not_significant")
        differences.append(
            Difference(type_id, top_mean, rest_mean, ratio, g, p, p_holm, significant, tuple(flags))
        )
    differences.sort(key=lambda d: (not d.significant, -abs(d.effect_size or 0.0), d.type_id))
    return Benchmark(people, tuple(differences), n_top, n_rest, enough_data=enough)
