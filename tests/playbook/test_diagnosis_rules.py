"""The pure classification rules of the sales-mode diagnosis (no database)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from keyact.playbook.diagnosis import (
    MODES,
    DealFacts,
    ModeCount,
    QuestionnaireError,
    Thresholds,
    advice_for,
    amount_distribution,
    classify,
    classify_deal,
    dominant_modes,
    is_large_customer,
    is_large_order,
    mix_of,
    questionnaire_mix,
    questionnaire_mode,
    suggest_threshold,
)

T = Thresholds(
    large_order_amount=Decimal(100_000),
    large_customer_employees=500,
    large_customer_revenue=Decimal(100_000_000),
)

amounts = st.decimals(min_value=0, max_value=10**12, places=2, allow_nan=False)
optional_employees = st.none() | st.integers(min_value=0, max_value=10**6)
optional_revenue = st.none() | st.decimals(min_value=0, max_value=10**13, places=2, allow_nan=False)


def test_the_threshold_itself_is_a_large_order() -> None:
    assert is_large_order(Decimal("100000.00"), T) is True
    assert is_large_order(Decimal("99999.99"), T) is False


def test_a_customer_is_large_by_employees_or_by_revenue() -> None:
    assert is_large_customer(500, None, T) is True
    assert is_large_customer(499, None, T) is False
    assert is_large_customer(None, Decimal(100_000_000), T) is True
    assert is_large_customer(10, Decimal("99999999.99"), T) is False
    assert is_large_customer(None, None, T) is False


@pytest.mark.parametrize(
    ("large_order", "existing", "mode"),
    [
        (False, False, "small_order"),
        (False, True, "small_customer"),
        (True, False, "large_order"),
        (True, True, "large_account"),
    ],
)
def test_the_mode_is_order_size_by_customer_novelty(
    large_order: bool, existing: bool, mode: str
) -> None:
    assert classify(large_order=large_order, existing_customer=existing) == mode


def test_a_large_first_order_from_a_large_customer_is_the_large_order_mode() -> None:
    # The article's 大订单 "大新少": large, new, few — the customer's size does not make it 大客户.
    assert classify_deal(DealFacts(Decimal(500_000), False, 20_000, None), T) == "large_order"
    assert classify_deal(DealFacts(Decimal(500_000), True, 10, None), T) == "large_account"


@given(
    amount=amounts, existing=st.booleans(), employees=optional_employees, revenue=optional_revenue
)
def test_every_deal_lands_in_exactly_one_mode_whatever_the_customer_size(
    amount: Decimal, existing: bool, employees: int | None, revenue: Decimal | None
) -> None:
    mode = classify_deal(DealFacts(amount, existing, employees, revenue), T)
    assert [m for m in MODES if m == mode] == [mode]
    assert (mode in ("large_order", "large_account")) == (amount >= T.large_order_amount)
    assert (mode in ("small_customer", "large_account")) == existing
    assert mode == classify_deal(DealFacts(amount, existing, None, None), T)


def test_customer_size_is_reported_as_a_share_of_each_mode() -> None:
    mix = mix_of(
        [
            ModeCount("large_order", 2, Decimal(300), 1, Decimal(200)),
            ModeCount("large_order", 2, Decimal(100)),
            ModeCount("small_order", 5, Decimal(50)),
        ]
    )
    large_order = mix.modes["large_order"]
    assert (large_order.deals, large_order.large_customer_deals) == (4, 1)
    assert large_order.large_customer_revenue == Decimal("200.00")
    assert large_order.large_customer_revenue_share == pytest.approx(0.5)
    assert large_order.large_customer_count_share == pytest.approx(0.25)
    assert mix.modes["small_order"].large_customer_revenue_share == 0.0
    assert mix.modes["large_account"].large_customer_count_share == 0.0


@given(
    st.lists(
        st.tuples(
            st.sampled_from(MODES),
            st.integers(min_value=0, max_value=1000),
            st.decimals(min_value=0, max_value=10**9, places=2, allow_nan=False),
        ),
        min_size=1,
        max_size=30,
    )
)
def test_shares_sum_to_one(groups: list[tuple[str, int, Decimal]]) -> None:
    mix = mix_of(ModeCount(m, n, r) for m, n, r in groups)
    assert set(mix.modes) == set(MODES)
    assert mix.deals == sum(n for _m, n, _r in groups)
    if mix.deals:
        assert sum(s.count_share for s in mix.modes.values()) == pytest.approx(1.0)
    else:
        assert all(s.count_share == 0 for s in mix.modes.values())
    if mix.revenue:
        assert sum(s.revenue_share for s in mix.modes.values()) == pytest.approx(1.0)
    for share in mix.modes.values():
        assert 0.0 <= share.revenue_share <= 1.0 + 1e-9
        assert 0.0 <= share.count_share <= 1.0 + 1e-9


def test_dominant_modes_reach_the_share_largest_first() -> None:
    mix = mix_of(
        [
            ModeCount("small_order", 10, Decimal(10)),
            ModeCount("large_order", 1, Decimal(50)),
            ModeCount("large_account", 1, Decimal(40)),
        ]
    )
    assert mix.dominant == ["large_order", "large_account"]
    flat = mix_of([ModeCount(m, 1, Decimal(25)) for m in MODES], Decimal("0.5"))
    assert flat.dominant == ["small_order"]  # nobody reaches 50%: the largest, ties by table order
    assert dominant_modes(mix_of([]).modes, Decimal("0.3")) == []


def test_suggested_threshold_falls_in_the_natural_gap() -> None:
    small = [Decimal(v) for v in (800, 900, 1000, 1100, 1200, 1500, 2000)]
    large = [Decimal(v) for v in (180_000, 200_000, 250_000, 300_000)]
    suggestion = suggest_threshold(small + large)
    assert suggestion is not None
    assert suggestion.amount == Decimal(19_000)
    assert max(small) < suggestion.amount <= min(large)
    assert (suggestion.deals, suggestion.large) == (11, 4)
    assert suggestion.count_share == pytest.approx(4 / 11)
    assert suggestion.revenue_share == pytest.approx(930_000 / 938_500)


def test_suggested_threshold_weighs_revenue_not_the_cheapest_product() -> None:
    # A catalogue like the public CRM sample: many cheap deals (55 and 550), a middle product,
    # and fewer expensive ones. A break on counts alone falls below the cheapest product; the
    # revenue-weighted suggestion separates the few deals that carry most of the revenue.
    deals = (
        [Decimal(48 + i % 15) for i in range(800)]
        + [Decimal(520 + i % 60) for i in range(900)]
        + [Decimal(1050 + i % 90) for i in range(650)]
        + [Decimal(3300 + i % 200) for i in range(650)]
        + [Decimal(4700 + i % 250) for i in range(730)]
        + [Decimal(5400 + i % 300) for i in range(480)]
        + [Decimal(26_000 + i * 100) for i in range(15)]
    )
    suggestion = suggest_threshold(deals)
    assert suggestion is not None
    assert Decimal(1139) < suggestion.amount <= Decimal(3300)
    assert suggestion.large == 650 + 730 + 480 + 15
    assert suggestion.count_share < 0.5 < 0.8 < suggestion.revenue_share


def test_no_suggestion_without_enough_or_varied_amounts() -> None:
    assert suggest_threshold([Decimal(5)] * 30) is None
    assert suggest_threshold([Decimal(1), Decimal(1000)]) is None
    assert suggest_threshold([]) is None


@given(st.lists(st.integers(min_value=1, max_value=10**9), min_size=10, max_size=200))
def test_suggested_threshold_always_splits_the_amounts(values: list[int]) -> None:
    suggestion = suggest_threshold([Decimal(v) for v in values])
    if len(set(values)) == 1:
        assert suggestion is None
    else:
        assert suggestion is not None
        assert min(values) < suggestion.amount <= max(values)
        assert suggestion.large == sum(1 for v in values if v >= suggestion.amount)
        # The deals above the suggestion weigh at least their number in revenue.
        assert suggestion.revenue_share >= suggestion.count_share


def test_amount_distribution_bands_are_log_equal_and_hold_every_deal() -> None:
    values = [Decimal(v) for v in (10, 20, 100, 100, 1000, 1000, 1000)]
    bands = amount_distribution(values, bins=3)
    assert [b.deals for b in bands] == [2, 2, 3]
    assert [round(b.low) for b in bands] == [10, 46, 215]
    assert bands[-1].high == 1000.0
    assert sum(b.revenue for b in bands) == pytest.approx(3230.0)
    assert amount_distribution([]) == []
    assert [(b.deals, b.revenue) for b in amount_distribution([Decimal(7)] * 3)] == [(3, 21.0)]


def test_questionnaire_gives_the_article_examples() -> None:
    # Finance software: small orders to new customers.
    assert questionnaire_mode(
        {"order_size": "small", "customer_novelty": "new", "customer_size": "small"}
    ) == ("small_order")
    # Logistics: small orders, existing customers.
    assert questionnaire_mode(
        {"order_size": "small", "customer_novelty": "existing", "customer_size": "small"}
    ) == ("small_customer")
    # Decoration: large, new, few.
    assert questionnaire_mode(
        {"order_size": "large", "customer_novelty": "new", "customer_size": "small"}
    ) == ("large_order")
    # Engines and tyres: large orders from existing large customers.
    mix = questionnaire_mix(
        {"order_size": "large", "customer_novelty": "existing", "customer_size": "large"}
    )
    assert mix.dominant == ["large_account"]
    assert mix.modes["large_account"].revenue_share == 1.0
    assert mix.modes["large_account"].large_customer_revenue_share == 1.0
    # Large, new and a large customer is still 大订单 ("大新少"): size is reported beside it.
    mix = questionnaire_mix(
        {"order_size": "large", "customer_novelty": "new", "customer_size": "large"}
    )
    assert mix.dominant == ["large_order"]
    assert mix.modes["large_order"].large_customer_count_share == 1.0


def test_questionnaire_names_every_missing_answer() -> None:
    with pytest.raises(QuestionnaireError) as info:
        questionnaire_mode({"order_size": "large", "customer_novelty": "", "customer_size": "huge"})
    assert info.value.fields == ["customer_novelty", "customer_size"]


def test_advice_follows_the_method_table() -> None:
    advice = {a.mode: a for a in advice_for(MODES)}
    assert advice["large_order"].process_codes == ["customer_visit", "strategic_selling"]
    assert advice["large_account"].process_codes == ["key_account"]
    assert advice["small_order"].process_codes == ["customer_development"]
    assert advice["small_customer"].process_codes == ["customer_success"]
    assert advice["large_account"].focus_zh == ["客户经营：钱包份额分配"]  # noqa: RUF001
    assert advice["small_order"].focus_en == ["Customer development: Finding leads"]
