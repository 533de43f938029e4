"""Fixtures of the playbook tests: a known set of won deals on top of the shared world."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

import pytest

from keyact.customers.models import Customer
from keyact.deals.models import Opportunity, Stage
from keyact.users.models import User
from tests.conftest import World
from tests.factories import CustomerFactory, OpportunityFactory


def won_deal(
    world: World,
    owner: str,
    customer: Customer | None,
    amount: str | None,
    closed: dt.date,
    currency: str = "CNY",
) -> Opportunity:
    """A won deal of ``owner`` in the world's first organisation."""
    owner_user: User = world.users[owner]
    return OpportunityFactory(
        organization=world.org,
        customer=customer,
        owner=owner_user,
        amount=None if amount is None else Decimal(amount),
        currency=currency,
        status=Opportunity.Status.WON,
        stage=Stage.objects.get(organization=world.org, is_won=True),
        closed_date=closed,
    )


@dataclass
class Deals:
    """The known fixture (thresholds are the CNY defaults: 100,000 / 500 employees)."""

    big_customer: Customer
    by_name: dict[str, Opportunity]


@pytest.fixture
def deals(world: World) -> Deals:
    """Eight won deals:

    A rep, rep Ltd, 20,000, 2026-01-10 -> small_order (first win)
    B rep, rep Ltd, 30,000, 2026-02-10 -> small_customer (A came before)
    C rep2, rep2 Ltd, 200,000, 2026-04-05 -> large_order (new, 120 employees)
    D rep_b, BigCo (5,000 employees), 150,000, 2026-05-01 -> large_order (new; a large customer
      is reported beside the mode, it does not make it large_account)
    E rep_b, BigCo, 50,000, 2026-05-01, created after D -> small_customer (same day, lower id first)
    H rep_b, BigCo, 120,000, 2026-06-10 -> large_account (existing, large customer)
    F manager, manager Ltd, no amount -> unclassified
    G admin, no customer, 10,000 -> unclassified
    """
    big = CustomerFactory(organization=world.org, name="BigCo", employees=5000, owner=None)
    c = world.customers
    made = {
        "A": won_deal(world, "rep", c["rep"], "20000", dt.date(2026, 1, 10)),
        "B": won_deal(world, "rep", c["rep"], "30000", dt.date(2026, 2, 10)),
        "C": won_deal(world, "rep2", c["rep2"], "200000", dt.date(2026, 4, 5)),
        "D": won_deal(world, "rep_b", big, "150000", dt.date(2026, 5, 1)),
        "E": won_deal(world, "rep_b", big, "50000", dt.date(2026, 5, 1)),
        "F": won_deal(world, "manager", c["manager"], None, dt.date(2026, 3, 1)),
        "G": won_deal(world, "admin", None, "10000", dt.date(2026, 3, 2)),
        "H": won_deal(world, "rep_b", big, "120000", dt.date(2026, 6, 10)),
    }
    return Deals(big_customer=big, by_name=made)
