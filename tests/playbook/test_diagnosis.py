"""The diagnosis of a known fixture: exact numbers, scopes, periods and unclassified deals."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from keyact.core.errors import DomainError
from keyact.orgs.selectors import scope_for
from keyact.playbook.selectors import diagnosis_for_user, diagnosis_get, organization_scope
from tests.conftest import World
from tests.playbook.conftest import Deals, won_deal

pytestmark = pytest.mark.django_db


def figures(mix) -> dict[str, tuple[int, str]]:  # type: ignore[no-untyped-def]
    return {m: (s.deals, str(s.revenue)) for m, s in mix.modes.items()}


def test_organisation_diagnosis_has_exact_numbers(world: World, deals: Deals) -> None:
    d = diagnosis_get(scope=organization_scope(world.org))
    assert figures(d.mix) == {
        "small_order": (1, "20000.00"),
        "small_customer": (2, "80000.00"),
        "large_order": (2, "350000.00"),
        "large_account": (1, "120000.00"),
    }
    assert d.mix.deals == 6
    assert d.mix.revenue == Decimal("570000.00")
    assert d.mix.modes["large_order"].revenue_share == pytest.approx(350000 / 570000)
    assert d.mix.modes["small_customer"].count_share == pytest.approx(2 / 6)
    assert d.mix.dominant == ["large_order"]
    # Customer size beside the mode: D (BigCo) is a large order from a large, new customer.
    large_order = d.mix.modes["large_order"]
    assert (large_order.large_customer_deals, str(large_order.large_customer_revenue)) == (
        1,
        "150000.00",
    )
    assert large_order.large_customer_revenue_share == pytest.approx(150000 / 350000)
    assert d.mix.modes["large_account"].large_customer_revenue_share == 1.0
    assert d.mix.modes["small_customer"].large_customer_count_share == pytest.approx(0.5)
    assert d.unclassified == 2
    assert {u.name: u.reasons for u in d.unclassified_deals} == {
        deals.by_name["F"].name: ("missing_amount",),
        deals.by_name["G"].name: ("missing_customer",),
    }


def test_teams_reps_and_quarters(world: World, deals: Deals) -> None:
    d = diagnosis_get(scope=organization_scope(world.org))
    teams = {s.label: figures(s.mix) for s in d.by_team}
    assert teams["Team A"]["small_order"] == (1, "20000.00")
    assert teams["Team A"]["large_order"] == (1, "200000.00")
    assert teams["Team B"]["large_order"] == (1, "150000.00")
    assert teams["Team B"]["large_account"] == (1, "120000.00")
    assert teams["Team B"]["small_customer"] == (1, "50000.00")
    assert [s.label for s in d.by_quarter] == ["2026 Q1", "2026 Q2"]
    assert d.by_quarter[0].mix.deals == 2
    assert d.by_quarter[1].mix.deals == 4
    reps = {s.label: s.mix for s in d.by_rep}
    assert set(reps) == {"Rep", "Rep2", "Rep_B"}
    assert reps["Rep"].dominant == ["small_customer", "small_order"]


def test_open_deals_are_diagnosed_separately(world: World, deals: Deals) -> None:
    d = diagnosis_get(scope=organization_scope(world.org))
    # Every world customer has one open deal of 100,000 (= the threshold: large).
    # rep, rep2 and manager Ltd have won deals before -> large_account; rep_b and admin Ltd: new.
    assert figures(d.open_mix)["large_account"] == (3, "300000.00")
    assert figures(d.open_mix)["large_order"] == (2, "200000.00")
    assert d.open_unclassified == 0


def test_the_period_filters_by_closed_date_but_history_counts(world: World, deals: Deals) -> None:
    d = diagnosis_get(
        scope=organization_scope(world.org),
        date_from=dt.date(2026, 2, 1),
        date_to=dt.date(2026, 3, 31),
    )
    # Only B (and the unclassified F, G): B stays small_customer because A, before the period,
    # made rep Ltd an existing customer.
    assert figures(d.mix)["small_customer"] == (1, "30000.00")
    assert d.mix.deals == 1
    assert d.unclassified == 2


def test_an_inverted_period_is_refused(world: World) -> None:
    with pytest.raises(DomainError):
        diagnosis_get(
            scope=organization_scope(world.org),
            date_from=dt.date(2026, 3, 1),
            date_to=dt.date(2026, 1, 1),
        )


def test_a_deal_in_another_currency_is_unclassified(world: World, deals: Deals) -> None:
    won_deal(world, "rep", world.customers["rep"], "999", dt.date(2026, 6, 1), currency="USD")
    d = diagnosis_get(scope=organization_scope(world.org))
    assert d.unclassified == 3
    assert ("other_currency",) in [u.reasons for u in d.unclassified_deals]
    assert d.mix.deals == 6


def test_a_rep_sees_their_own_slice(world: World, deals: Deals) -> None:
    d = diagnosis_for_user(user=world.users["rep"])
    assert d.mix.deals == 2
    assert figures(d.mix)["small_order"] == (1, "20000.00")
    assert figures(d.mix)["small_customer"] == (1, "30000.00")
    assert d.unclassified == 0
    assert d.suggested_threshold is None  # only administrators get the suggestion


def test_a_manager_sees_the_team(world: World, deals: Deals) -> None:
    d = diagnosis_for_user(user=world.users["manager"])
    assert d.mix.deals == 3  # A, B (rep) and C (rep2)
    assert d.unclassified == 1  # F, the manager's own
    assert {s.label for s in d.by_rep} == {"Rep", "Rep2"}


def test_a_department_head_sees_the_department(world: World, deals: Deals) -> None:
    d = diagnosis_for_user(user=world.users["director"])
    assert d.mix.deals == 6
    assert d.unclassified == 1  # G belongs to the admin, outside the department


def test_another_organisation_sees_nothing(world: World, deals: Deals) -> None:
    d = diagnosis_for_user(user=world.users["other_admin"])
    assert d.mix.deals == 0
    assert d.unclassified == 0
    assert d.mix.dominant == []
    assert scope_for(world.users["other_admin"]).organization_id == world.other_org.pk


def test_admins_get_a_suggested_threshold(world: World, deals: Deals) -> None:
    d = diagnosis_for_user(user=world.users["admin"])
    assert d.suggested_threshold is None  # six classified amounts: too few to suggest
    assert d.distribution == [] or sum(b.deals for b in d.distribution) == 6
    for index in range(10):
        won_deal(world, "rep", world.customers["rep"], str(1000 + index), dt.date(2026, 6, 1))
    d = diagnosis_for_user(user=world.users["admin"])
    # 1,000…1,009 (ten), 20,000, 30,000 | 50,000, 120,000, 150,000, 200,000: the four deals from
    # 50,000 up are a quarter of the deals and bring 90% of the revenue.
    assert d.suggestion is not None
    assert d.suggested_threshold == Decimal(39000)
    assert (d.suggestion.large, d.suggestion.deals) == (4, 16)
    assert d.suggestion.revenue_share == pytest.approx(520000 / 580045)
    assert sum(b.deals for b in d.distribution) == 16
    assert sum(b.revenue for b in d.distribution) == pytest.approx(580045)
