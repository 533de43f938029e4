"""Activity impact (METHOD.md §8): which activity types go with winning, and how surely.

Input is one row per closed deal (``DealFrame``): won or lost, the controls, and which activity
types it had *before its close date* (the selector drops activities on or after the close date:
the closing call or a post-sale visit says nothing about what won the deal).

For each type:

* the raw comparison — win rate of deals with the type vs without it, each with its Wilson
  interval, and the lift (ratio of the two win rates) with its MOVER-Wilson interval;
* the adjusted estimate — one logistic regression of winning on every type with enough data
  together (each estimate holds the other activities fixed, so a type that merely travels with
  a real driver gets no credit for it) with deal-size band (quartiles of amount), sales mode,
  customer novelty and owner as controls: its odds ratio, Wald interval and p-value. Owners
  with few closed deals, or only wins or only losses, are pooled into one level (their own
  dummy would be separated and break the fit). Controls that are linear combinations of others
  are dropped. A type whose groups are perfectly separated (e.g. only ever logged on won deals)
  gets no adjusted estimate and the flag ``separation``; so does a type whose estimate runs
  away in the joint model (it is then dropped and the model refitted).

Types are ranked by the adjusted odds ratio (clear positive associations first, then the
inconclusive ones, then the clear negative ones; "clear" after Holm's correction for testing
many types at once), but only those with enough data: at least ``MIN_GROUP`` deals with and
without the type, ``MIN_EVENTS`` wins and losses on each side, and an interval whose ends are
at most ``MAX_INTERVAL_RATIO`` apart (``wide_interval`` otherwise).
Presence, not volume, is compared: reps keep calling deals they are losing, so the number of
calls is higher on lost deals and tells nothing about what wins.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt
from threadpoolctl import threadpool_limits

from keyact.insights.stats import (
    collapse_patterns,
    design_columns,
    fit_logit,
    holm,
    ratio_interval,
    wilson_interval,
)

MIN_GROUP = 30
MIN_EVENTS = 5
MIN_OWNER_DEALS = 10
# Each owner level is a column of the model; past this many, the smaller owners are pooled
# (the fit stays fast and stable on hundreds of reps).
MAX_OWNER_LEVELS = 60
MODES = ("small_order", "small_customer", "large_order", "large_account", "unclassified")
ALPHA = 0.05

# Flags, as they appear in the JSON and are explained on the page.
NOT_ENOUGH_DATA = "not_enough_data"
SEPARATION = "separation"
NOT_CONVERGED = "not_converged"
NOT_SIGNIFICANT = "not_significant"
NEGATIVE = "negative_association"
WIDE = "wide_interval"
# An interval whose ends are more than this factor apart says too little to rank on.
MAX_INTERVAL_RATIO = 10.0


@dataclass(frozen=True)
class DealFrame:
    """Closed deals, one row each, with the activity types they had before closing.

    ``has_type`` is a (deals x types) boolean matrix whose columns follow ``type_ids``.
    ``amount`` is NaN where unknown; ``mode`` indexes ``MODES``; ``existing`` says whether the
    customer had won a deal closed before this one was created.
    """

    deal_ids: npt.NDArray[np.int64]
    won: npt.NDArray[np.bool_]
    amount: npt.NDArray[np.float64]
    owner_ids: npt.NDArray[np.int64]
    existing: npt.NDArray[np.bool_]
    mode: npt.NDArray[np.int64]
    type_ids: tuple[int, ...]
    has_type: npt.NDArray[np.bool_]

    @property
    def n(self) -> int:
        """Number of closed deals."""
        return len(self.deal_ids)


@dataclass(frozen=True)
class ImpactRow:
    """The evidence on one activity type."""

    type_id: int
    n_with: int
    n_without: int
    wins_with: int
    wins_without: int
    win_rate_with: float | None
    win_rate_without: float | None
    win_rate_with_ci: tuple[float, float]
    win_rate_without_ci: tuple[float, float]
    lift: float | None
    lift_ci: tuple[float, float | None] | None
    adjusted_odds_ratio: float | None
    adjusted_ci: tuple[float, float] | None
    p_value: float | None
    p_value_holm: float | None = None
    rank: int | None = None
    flags: tuple[str, ...] = field(default_factory=tuple)

    @property
    def rankable(self) -> bool:
        """Whether the row has enough data and a precise enough estimate to be ranked."""
        return (
            self.adjusted_odds_ratio is not None
            and NOT_ENOUGH_DATA not in self.flags
            and WIDE not in self.flags
        )


def size_bands(amount: npt.NDArray[np.float64]) -> npt.NDArray[np.int64]:
    """Quartile band (0-3) of each amount among the known amounts; 4 where unknown."""
    bands = np.full(len(amount), 4, dtype=np.int64)
    known = ~np.isnan(amount)
    if known.sum() >= 4:
        edges = np.quantile(amount[known], [0.25, 0.5, 0.75])
        bands[known] = np.searchsorted(edges, amount[known], side="right")
    elif known.any():
        bands[known] = 0
    return bands


def owner_levels(
    owner_ids: npt.NDArray[np.int64], won: npt.NDArray[np.bool_]
) -> npt.NDArray[np.int64]:
    """Owner as a control: each owner with enough deals and both wins and losses is a level
    (the ``MAX_OWNER_LEVELS`` with most deals when there are more); everyone else shares level 0
    ("other owners")."""
    owners, inverse, counts = np.unique(owner_ids, return_inverse=True, return_counts=True)
    inverse = inverse.reshape(-1)
    wins = np.bincount(inverse, weights=won.astype(np.float64), minlength=len(owners))
    own_level = (counts >= MIN_OWNER_DEALS) & (wins > 0) & (wins < counts)
    if own_level.sum() > MAX_OWNER_LEVELS:
        largest = np.argsort(-np.where(own_level, counts, -1), kind="stable")[:MAX_OWNER_LEVELS]
        own_level = np.zeros(len(owners), dtype=bool)
        own_level[largest] = True
    level_of = np.where(own_level, np.cumsum(own_level), 0)
    return level_of[inverse].astype(np.int64)


def _dummies(
    codes: npt.NDArray[np.int64], prefix: str, weights: npt.NDArray[np.float64] | None = None
) -> tuple[list[npt.NDArray[np.float64]], list[str]]:
    """Indicator columns for every level but the most frequent (by ``weights``: deals)."""
    levels, inverse = np.unique(codes, return_inverse=True)
    counts = np.bincount(inverse.reshape(-1), weights=weights, minlength=len(levels))
    reference = levels[np.argmax(counts)]
    columns = [(codes == level).astype(np.float64) for level in levels if level != reference]
    names = [f"{prefix}={level}" for level in levels if level != reference]
    return columns, names


def control_codes(frame: DealFrame) -> list[tuple[npt.NDArray[np.int64], str]]:
    """The controls as integer codes: size band, sales mode, novelty and owner."""
    return [
        (size_bands(frame.amount), "band"),
        (frame.mode, "mode"),
        (frame.existing.astype(np.int64), "existing"),
        (owner_levels(frame.owner_ids, frame.won), "owner"),
    ]


def _design(
    types: npt.NDArray[np.int64],
    codes: npt.NDArray[np.int64],
    type_names: list[str],
    prefixes: list[str],
    weights: npt.NDArray[np.float64] | None,
) -> tuple[npt.NDArray[np.float64], list[str]]:
    columns: list[npt.NDArray[np.float64]] = [np.ones(len(codes))]
    columns += [types[:, i].astype(np.float64) for i in range(types.shape[1])]
    names = ["intercept", *type_names]
    for j, prefix in enumerate(prefixes):
        more_columns, more_names = _dummies(codes[:, j], prefix, weights)
        columns += more_columns
        names += more_names
    return np.column_stack(columns), names


def adjusted_design(
    frame: DealFrame, columns: Sequence[int]
) -> tuple[npt.NDArray[np.float64], list[str]]:
    """The per-deal design matrix of the adjusted model: intercept, the indicators of the
    types at ``columns`` (named ``type=<id>``), then the control dummies (before dropping
    redundant columns)."""
    controls = control_codes(frame)
    return _design(
        frame.has_type[:, list(columns)].astype(np.int64),
        np.column_stack([c for c, _ in controls]),
        [f"type={frame.type_ids[c]}" for c in columns],
        [p for _, p in controls],
        None,
    )


def adjusted_fit(
    frame: DealFrame, columns: Sequence[int]
) -> tuple[dict[int, tuple[float, tuple[float, float], float] | None], set[int], bool]:
    """Fit the joint model for the types at ``columns``; drop and refit while some type's
    estimate runs away. Returns (estimate per type id, type ids separated, converged)."""
    remaining = list(columns)
    separated: set[int] = set()
    controls = control_codes(frame)
    control_matrix = np.column_stack([c for c, _ in controls])
    while remaining:
        # Collapse deals into covariate patterns on the integer codes first (cheap), then
        # expand the dummies on the patterns only: same likelihood, a fraction of the rows.
        patterns = np.column_stack([frame.has_type[:, remaining].astype(np.int64), control_matrix])
        unique, successes, trials = collapse_patterns(patterns, frame.won)
        k = len(remaining)
        design, names = _design(
            unique[:, :k].astype(np.int64),
            unique[:, k:].astype(np.int64),
            [f"type={frame.type_ids[c]}" for c in remaining],
            [p for _, p in controls],
            trials,
        )
        kept, kept_names = design_columns(list(design.T), names, keep_first=1 + k)
        fit = fit_logit(successes, trials, kept)
        if not fit.converged:
            return {}, separated, False
        position = {name: i for i, name in enumerate(kept_names)}
        runaway = [
            c for c in remaining if position.get(f"type={frame.type_ids[c]}") in fit.separated
        ]
        if runaway:
            separated.update(frame.type_ids[c] for c in runaway)
            remaining = [c for c in remaining if c not in runaway]
            continue
        estimates: dict[int, tuple[float, tuple[float, float], float] | None] = {}
        for c in remaining:
            type_id = frame.type_ids[c]
            at = position.get(f"type={type_id}")
            estimates[type_id] = None if at is None else fit.odds_ratio(at)
        return estimates, separated, True
    return {}, separated, True


def _enough(n_with: int, wins_with: int, n_without: int, wins_without: int) -> bool:
    return (
        min(n_with, n_without) >= MIN_GROUP
        and min(wins_with, n_with - wins_with) >= MIN_EVENTS
        and min(wins_without, n_without - wins_without) >= MIN_EVENTS
    )


def impact_analyze(
    frame: DealFrame, progress: Callable[[int, int], None] | None = None
) -> list[ImpactRow]:
    """The evidence for every type in the frame, ranked (see the module docstring)."""
    # Small matrices: one BLAS thread is many times faster than several fighting for 2 cores.
    with threadpool_limits(limits=1, user_api="blas"):
        return _impact_analyze(frame, progress)


_Counts = tuple[int, int, int, int, list[str]]


def _type_counts(frame: DealFrame) -> tuple[list[_Counts], list[int]]:
    """Per type: deals and wins with and without it, and its flags so far; and the columns
    with enough data (and no separation) to enter the adjusted fit."""
    won = frame.won
    total_wins = int(won.sum())
    counts: list[_Counts] = []
    eligible: list[int] = []
    for column in range(len(frame.type_ids)):
        has = frame.has_type[:, column]
        n_with = int(has.sum())
        n_without = frame.n - n_with
        wins_with = int((won & has).sum())
        wins_without = total_wins - wins_with
        flags: list[str] = []
        if not _enough(n_with, wins_with, n_without, wins_without):
            flags.append(NOT_ENOUGH_DATA)
        if n_with and n_without and (wins_with in (0, n_with) or wins_without in (0, n_without)):
            flags.append(SEPARATION)
        if not flags:
            eligible.append(column)
        counts.append((n_with, wins_with, n_without, wins_without, flags))
    return counts, eligible


def _fit_flag(separated: bool, converged: bool, estimated: bool) -> str | None:
    """Why the adjusted fit gave no usable estimate for an eligible type, if it did not."""
    if separated:
        return SEPARATION
    if not converged:
        return NOT_CONVERGED
    if not estimated:
        return NOT_ENOUGH_DATA  # collinear with the other types and controls
    return None


def _impact_analyze(
    frame: DealFrame, progress: Callable[[int, int], None] | None
) -> list[ImpactRow]:
    counts, eligible = _type_counts(frame)
    if progress is not None:
        progress(1, 2)
    estimates, separated, converged = (
        adjusted_fit(frame, eligible) if eligible else ({}, set(), True)
    )
    rows: list[ImpactRow] = []
    for column, type_id in enumerate(frame.type_ids):
        n_with, wins_with, n_without, wins_without, flags = counts[column]
        estimate = estimates.get(type_id)
        flag = _fit_flag(type_id in separated, converged, estimate is not None)
        if column in eligible and flag is not None:
            flags.append(flag)
        rate_with = wins_with / n_with if n_with else None
        rate_without = wins_without / n_without if n_without else None
        lift = rate_with / rate_without if rate_with is not None and rate_without else None
        rows.append(
            ImpactRow(
                type_id=type_id,
                n_with=n_with,
                n_without=n_without,
                wins_with=wins_with,
                wins_without=wins_without,
                win_rate_with=rate_with,
                win_rate_without=rate_without,
                win_rate_with_ci=wilson_interval(wins_with, n_with),
                win_rate_without_ci=wilson_interval(wins_without, n_without),
                lift=lift,
                lift_ci=ratio_interval(wins_with, n_with, wins_without, n_without),
                adjusted_odds_ratio=estimate[0] if estimate else None,
                adjusted_ci=estimate[1] if estimate else None,
                p_value=estimate[2] if estimate else None,
                flags=tuple(flags),
            )
        )
    if progress is not None:
        progress(2, 2)
    return _ranked(rows)


def _ranked(rows: Sequence[ImpactRow]) -> list[ImpactRow]:
    """Flag imprecise estimates, Holm-adjust the p-values of the others, then rank: clear
    positive associations by adjusted odds ratio, then the inconclusive ones, then the clear
    negative ones; rows without enough data come last, unranked."""
    flagged = []
    for row in rows:
        ci = row.adjusted_ci
        if ci is not None and ci[0] > 0 and ci[1] / ci[0] > MAX_INTERVAL_RATIO:
            row = _replace(row, flags=(*row.flags, WIDE))
        flagged.append(row)
    adjusted = holm([r.p_value if r.rankable else None for r in flagged])
    finished: list[ImpactRow] = []
    for row, p_holm in zip(flagged, adjusted, strict=True):
        flags = list(row.flags)
        if row.rankable:
            if p_holm is None or p_holm >= ALPHA:
                flags.append(NOT_SIGNIFICANT)
            elif row.adjusted_odds_ratio is not None and row.adjusted_odds_ratio < 1:
                flags.append(NEGATIVE)
        finished.append(_replace(row, p_value_holm=p_holm, flags=tuple(flags)))

    def order(r: ImpactRow) -> tuple[int, float, int]:
        group = 2 if NEGATIVE in r.flags else 1 if NOT_SIGNIFICANT in r.flags else 0
        return (group, -(r.adjusted_odds_ratio or 0.0), r.type_id)

    ranked = sorted((r for r in finished if r.rankable), key=order)
    rank_of = {r.type_id: position for position, r in enumerate(ranked, start=1)}
    unranked = sorted((r for r in finished if not r.rankable), key=lambda r: (-r.n_with, r.type_id))
    return [_replace(r, rank=rank_of[r.type_id]) for r in ranked] + unranked


def _replace(row: ImpactRow, **changes: object) -> ImpactRow:
    from dataclasses import replace

    return replace(row, **changes)  # type: ignore[arg-type]


def impact_score(odds_ratio: float | None, flags: Sequence[str]) -> int | None:
    """A candidate's impact (1-5) measured from its adjusted odds ratio of winning; None when
    the data cannot say (no estimate): the candidate then keeps its self-rating.

    Significant (after correcting for the many types tested) and at least 3x the odds: 5;
    2x: 4; 1.5x: 3; any other significant gain: 2; no significant gain: 1."""
    if odds_ratio is None or NOT_ENOUGH_DATA in flags or SEPARATION in flags:
        return None
    if NOT_SIGNIFICANT in flags or odds_ratio <= 1:
        return 1
    for threshold, score in ((3.0, 5), (2.0, 4), (1.5, 3)):
        if odds_ratio >= threshold:
            return score
    return 2
