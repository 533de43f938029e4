"""Benchmark, obstacles and effectiveness recover what was planted (pure: no database)."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest

from keyact.insights.benchmark import PeopleFrame, benchmark_analyze
from keyact.insights.effectiveness import (
    ASSOCIATION,
    DID,
    NOT_ENOUGH,
    Cell,
    EffectivenessInput,
    effectiveness_analyze,
)
from keyact.insights.obstacles import (
    StageCounts,
    StallCounts,
    median_from_histogram,
    stages_summarize,
    stalls_rank,
)
from keyact.insights.synthetic import (
    TYPE_INDEX,
    TYPES,
    generate,
    reference_people,
    reference_stalls,
)


@pytest.fixture(scope="module")
def org():
    return generate(deals=3000, owners=25, seed=5)


def people(org):
    closed, wins, revenue, weeks, counts = reference_people(org)
    return PeopleFrame(
        owner_ids=np.arange(org.owners),
        closed=closed,
        wins=wins,
        won_revenue=revenue,
        weeks=weeks,
        type_ids=tuple(range(len(TYPES))),
        counts=counts,
    )


def test_top_performers_are_found_and_their_visit_habit_is_the_significant_difference(org):
    result = benchmark_analyze(people(org))
    top = {p.owner_id for p in result.people if p.top}
    assert result.enough_data and result.n_top == 5
    assert len(top & org.top_owners) >= 4
    by_type = {d.type_id: d for d in result.differences}
    visit = by_type[TYPE_INDEX["visit"]]
    assert visit.significant and visit.ratio > 1.3 and visit.effect_size > 0.8
    assert result.differences[0] is visit  # the largest significant effect comes first
    # What everyone does alike is not called a habit of the best.
    for code in ("self_review", "appointment", "presales", "call"):
        assert not by_type[TYPE_INDEX[code]].significant, code


def test_benchmark_needs_enough_people_with_enough_deals():
    frame = PeopleFrame(
        owner_ids=np.arange(4),
        closed=np.array([12, 30, 4, 11]),
        wins=np.array([6, 10, 4, 2]),
        won_revenue=np.array([1e5, 3e5, 9e5, 1e4]),
        weeks=np.full(4, 52.0),
        type_ids=(1,),
        counts=np.array([[50.0], [80], [10], [20]]),
    )
    result = benchmark_analyze(frame)
    assert not result.enough_data
    assert [p.owner_id for p in result.people] == [1, 0, 3]  # the 4-deal person is not ranked
    assert result.differences[0].flags == ("not_enough_data",)
    assert result.differences[0].p_value is None


def test_stalls_rank_the_quote_first(org):
    counts = [StallCounts(k, *v) for k, v in reference_stalls(org, 21).items()]
    ranked = stalls_rank(counts)
    assert ranked[0].type_id == TYPE_INDEX["quote"]
    quote = ranked[0]
    assert quote.stall_rate == pytest.approx(org.deal_stalled.sum() / quote.n)
    assert quote.loss_rate_if_stalled > quote.loss_rate_if_not_stalled + 0.2
    assert all(s.stall_rate < 0.02 for s in ranked[1:] if not s.flags)


def test_longer_stall_threshold_finds_fewer_stalls(org):
    short = {k: v[1] for k, v in reference_stalls(org, 21).items()}
    long = {k: v[1] for k, v in reference_stalls(org, 45).items()}
    assert long[TYPE_INDEX["quote"]] < short[TYPE_INDEX["quote"]]


def test_small_stall_samples_are_flagged_and_ranked_last():
    ranked = stalls_rank([StallCounts(1, 5, 5, 5, 0), StallCounts(2, 100, 10, 8, 30)])
    assert [s.type_id for s in ranked] == [2, 1]
    assert ranked[1].flags == ("not_enough_data",)


def test_stage_conversion_and_median_days():
    steps = stages_summarize(
        [
            StageCounts(
                8, 2, reached=50, passed=20, lost_here=30, days_in_stage=np.array([0, 2, 1])
            ),
            StageCounts(7, 1, reached=100, passed=50, lost_here=50, days_in_stage=np.array([3, 1])),
        ]
    )
    assert [s.order for s in steps] == [1, 2]
    assert steps[0].conversion == 0.5 and steps[1].conversion == 0.4
    assert steps[1].median_days == 1.0 and steps[1].mean_days == pytest.approx(4 / 3)
    assert median_from_histogram(np.array([1, 0, 0, 1])) == 1.5
    assert median_from_histogram(np.array([], dtype=np.int64)) is None


def test_effectiveness_difference_in_differences_association_or_not_enough():
    did = effectiveness_analyze(
        EffectivenessInput(1, 4, 4, Cell(100, 30), Cell(100, 50), Cell(100, 30), Cell(100, 35))
    )
    assert did.method == DID and did.estimate == pytest.approx(0.15)
    assert did.ci[0] < 0.15 < did.ci[1]
    association = effectiveness_analyze(
        EffectivenessInput(1, 4, 4, Cell(0, 0), Cell(40, 20), Cell(3, 1), Cell(40, 10))
    )
    assert association.method == ASSOCIATION and association.estimate == pytest.approx(0.25)
    none = effectiveness_analyze(
        EffectivenessInput(1, 1, 0, Cell(0, 0), Cell(5, 2), Cell(0, 0), Cell(0, 0))
    )
    assert none.method == NOT_ENOUGH and none.estimate is None and none.ci is None


def test_benchmark_never_compares_people_across_sales_modes():
    """Key-account managers earn far more and visit far more than small-order reps: ranked
    together they would all be 'top' and visiting would look like the habit of the best.
    Within each mode, the best make more demos; that is the only difference found."""
    rng = np.random.default_rng(3)
    n = 40  # 20 large-account managers (mode 3), then 20 small-order reps (mode 0)
    mode = np.array([3] * 20 + [0] * 20)
    best = np.array([i % 20 < 4 for i in range(n)])  # the first four of each mode
    closed = np.full(n, 30)
    wins = np.where(best, 21, 9) + rng.integers(0, 3, n)
    revenue = np.where(mode == 3, 5e6, 2e5) * wins
    visits = np.where(mode == 3, 12.0, 2.0) * 52 * rng.uniform(0.9, 1.1, n)
    demos = np.where(best, 3.0, 1.0) * np.where(mode == 3, 2.0, 1.0) * 52 * rng.uniform(0.9, 1.1, n)
    frame = PeopleFrame(
        owner_ids=np.arange(n),
        closed=closed,
        wins=wins,
        won_revenue=revenue,
        weeks=np.full(n, 52.0),
        type_ids=(1, 2),
        counts=np.column_stack([visits, demos]),
        mode=mode,
    )
    result = benchmark_analyze(frame)
    assert {p.owner_id for p in result.people if p.top} == set(np.flatnonzero(best).tolist())
    by_type = {d.type_id: d for d in result.differences}
    assert by_type[2].significant and by_type[2].ratio > 2
    assert not by_type[1].significant
    # Ranked as one group, the managers' visits would have passed for the habit of the best.
    pooled = benchmark_analyze(dataclasses.replace(frame, mode=None))
    assert {p.owner_id for p in pooled.people if p.top} <= set(range(20))
    assert {d.type_id: d for d in pooled.differences}[1].significant
