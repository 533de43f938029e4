"""Activity impact recovers planted effects and is not fooled (pure: no database)."""

from __future__ import annotations

import math

import numpy as np
import pytest
import statsmodels.api as sm

from keyact.insights import impact
from keyact.insights.impact import (
    NEGATIVE,
    NOT_ENOUGH_DATA,
    NOT_SIGNIFICANT,
    SEPARATION,
    DealFrame,
    adjusted_design,
    impact_analyze,
)
from keyact.insights.synthetic import (
    NULL_TYPES,
    PLANTED_ODDS_RATIOS,
    TYPE_INDEX,
    generate,
    reference_frame,
)


@pytest.fixture(scope="module")
def org():
    return generate(deals=4000, owners=20, seed=11)


@pytest.fixture(scope="module")
def rows(org):
    return {r.type_id: r for r in impact_analyze(reference_frame(org))}


def test_planted_drivers_rank_first_in_order_of_their_true_odds_ratio(rows):
    reference = rows[TYPE_INDEX["reference_visit"]]
    demo = rows[TYPE_INDEX["product_demo"]]
    assert (reference.rank, demo.rank) == (1, 2)
    assert reference.flags == () and demo.flags == ()
    assert reference.adjusted_ci[0] > 2 and demo.adjusted_ci[0] > 1.5


@pytest.mark.parametrize("seed", [21, 22])
def test_adjusted_intervals_cover_the_planted_odds_ratios(seed):
    # Without the unobserved stall (an omitted cause attenuates every odds ratio), the model
    # holds everything that drives winning: its intervals must cover the truth.
    clean = generate(deals=4000, owners=20, seed=seed, stall_share=0.0)
    rows = {r.type_id: r for r in impact_analyze(reference_frame(clean))}
    for code, planted in PLANTED_ODDS_RATIOS.items():
        low, high = rows[TYPE_INDEX[code]].adjusted_ci
        assert low <= planted <= high


def test_null_types_are_not_significant(rows):
    for code in NULL_TYPES:
        row = rows[TYPE_INDEX[code]]
        assert NOT_SIGNIFICANT in row.flags
        assert row.adjusted_ci[0] < 1.35 and row.adjusted_ci[1] > 0.85


def test_the_high_volume_type_more_frequent_on_lost_deals_is_never_ranked_a_driver(rows, org):
    call = rows[TYPE_INDEX["call"]]
    # Calls are on nearly every deal, more of them on lost ones: no confident positive claim.
    lost_calls = org.act_type[(org.act_deal >= 0)][~org.deal_won[org.act_deal[org.act_deal >= 0]]]
    assert (lost_calls == TYPE_INDEX["call"]).sum() > 0
    assert call.rank is None or call.rank > 2
    assert NOT_ENOUGH_DATA in call.flags or call.adjusted_odds_ratio < 1


def test_activities_after_the_close_do_not_count(org, rows):
    honest = rows[TYPE_INDEX["follow_up"]]
    assert NOT_SIGNIFICANT in honest.flags
    naive = {r.type_id: r for r in impact_analyze(reference_frame(org, count_after_close=True))}
    wrong = naive[TYPE_INDEX["follow_up"]]
    # Counted after the close, follow-ups sit on every won deal: a perfect, false predictor.
    assert SEPARATION in wrong.flags or (wrong.adjusted_odds_ratio or 0) > 10


def test_the_stall_prone_quote_is_a_negative_association(rows):
    quote = rows[TYPE_INDEX["quote"]]
    assert NEGATIVE in quote.flags and quote.adjusted_ci[1] < 1


def test_rare_type_says_not_enough_data_and_is_not_ranked(rows):
    tasting = rows[TYPE_INDEX["tasting"]]
    assert tasting.rank is None and NOT_ENOUGH_DATA in tasting.flags
    assert tasting.adjusted_odds_ratio is None and tasting.p_value is None


def test_tiny_sample_answers_not_enough_data_for_every_type():
    small = impact_analyze(reference_frame(generate(deals=40, owners=4, seed=5)))
    assert small and all(r.rank is None and NOT_ENOUGH_DATA in r.flags for r in small)


def test_adjusted_estimate_equals_statsmodels_logit_on_the_per_deal_frame(org, rows):
    frame = reference_frame(org)
    modelled = [c for c, t in enumerate(frame.type_ids) if rows[t].adjusted_odds_ratio is not None]
    design, names = adjusted_design(frame, modelled)
    kept, kept_names = impact.design_columns(list(design.T), names, keep_first=1 + len(modelled))
    # The per-deal logistic regression, one row per deal (no collapsing into patterns).
    result = sm.Logit(frame.won.astype(float), kept).fit(disp=0)
    position = kept_names.index(f"type={TYPE_INDEX['product_demo']}")
    row = rows[TYPE_INDEX["product_demo"]]
    assert row.adjusted_odds_ratio == pytest.approx(math.exp(result.params[position]), rel=1e-6)
    lo, hi = np.exp(result.conf_int()[position])
    assert row.adjusted_ci == (pytest.approx(lo, rel=1e-6), pytest.approx(hi, rel=1e-6))
    assert row.p_value == pytest.approx(result.pvalues[position], rel=1e-4)


def test_raw_comparison_counts_and_rates(org, rows):
    frame = reference_frame(org)
    column = frame.type_ids.index(TYPE_INDEX["reference_visit"])
    has = frame.has_type[:, column]
    row = rows[TYPE_INDEX["reference_visit"]]
    assert (row.n_with, row.n_without) == (int(has.sum()), int((~has).sum()))
    assert row.win_rate_with == pytest.approx(frame.won[has].mean())
    assert row.lift == pytest.approx(frame.won[has].mean() / frame.won[~has].mean())
    assert row.lift_ci[0] < row.lift < row.lift_ci[1]


def test_a_type_only_on_won_deals_is_flagged_separation_without_an_estimate():
    rng = np.random.default_rng(1)
    n = 400
    won = rng.random(n) < 0.5
    has = np.column_stack([won & (rng.random(n) < 0.6), rng.random(n) < 0.5])
    frame = DealFrame(
        deal_ids=np.arange(n),
        won=won,
        amount=rng.uniform(1, 100, n),
        owner_ids=rng.integers(0, 3, n),
        existing=rng.random(n) < 0.5,
        mode=np.zeros(n, dtype=np.int64),
        type_ids=(1, 2),
        has_type=has,
    )
    by_type = {r.type_id: r for r in impact_analyze(frame)}
    assert SEPARATION in by_type[1].flags and by_type[1].adjusted_odds_ratio is None
    assert by_type[1].rank is None and by_type[2].rank == 1
