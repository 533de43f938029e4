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
    ("large_order", "existing", "large_customer", "mode"),
    [
        (False, False, False, "small_order"),
        (False, False, True, "small_order"),
        (False, True, False, "small_customer"),
        (False, True, True, "small_customer"),
        (True, False, False, "large_order"),
        (True, False, True, "large_account"),
        (True, True, False, "large_account"),
        (True, True, True, "large_account"),
    ],
)
def test_the_mode_table(large_order: bool, existing: bool, large_customer: bool, mode: str) -> None:
    assert (
        classify(large_order=large_order, existing_customer=existing, large_customer=large_customer)
        == mode
    )


@given(
    amount=amounts, existing=st.booleans(), employees=optional_employees, revenue=optional_revenue
)
def test_every_deal_lands_in_exactly_one_mode(
    amount: Decimal, existing: bool, employees: int | None, revenue: Decimal | None
) -> None:
    mode = classify_deal(DealFacts(amount, existing, employees, revenue), T)
    assert [m for m in MODES if m == mode] == [mode]
    assert (mode in ("large_order", "large_account")) == (amount >= T.large_order_amount)
    if mode in ("small_customer",):
        assert existing
    if mode == "large_order":
        assert not existing and not is_large_customer(employees, revenue, T)


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
    assert suggestion == Decimal(19_000)
    assert max(small) < suggestion <= min(large)


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
        assert min(values) < suggestion <= max(values)


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
