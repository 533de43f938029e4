"""The SQL of the diagnosis classifies exactly like the pure rules, boundaries included."""

from __future__ import annotations

import datetime as dt
import random
from collections import Counter
from decimal import Decimal

import pytest

from keyact.playbook.diagnosis import DealFacts, classify_deal
from keyact.playbook.selectors import diagnosis_get, organization_scope, thresholds_get
from tests.conftest import World
from tests.factories import CustomerFactory
from tests.playbook.conftest import won_deal

pytestmark = pytest.mark.django_db

AMOUNTS = ["99999.99", "100000.00", "100000.01", "1.00", "5000000.00"]
EMPLOYEES = [None, 499, 500, 501, 10]
REVENUES = [None, Decimal("99999999.99"), Decimal("100000000.00"), Decimal(5)]


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_sql_and_pure_classification_agree(world: World, seed: int) -> None:
    rng = random.Random(seed)
    thresholds, _currency, _set = thresholds_get(organization_id=world.org.pk)
    customers = [
        CustomerFactory(
            organization=world.org,
            owner=world.users["rep"],
            employees=rng.choice(EMPLOYEES),
            annual_revenue=rng.choice(REVENUES),
        )
        for _ in range(8)
    ]
    made = []
    for _ in range(40):
        customer = rng.choice(customers)
        closed = dt.date(2026, 1, 1) + dt.timedelta(days=rng.randrange(6))  # many same-day wins
        made.append(
            won_deal(
                world, rng.choice(["rep", "rep2", "rep_b"]), customer, rng.choice(AMOUNTS), closed
            )
        )
    expected: Counter[str] = Counter()
    revenue: Counter[str] = Counter()
    for deal in made:
        earlier = [
            d
            for d in made
            if d.customer_id == deal.customer_id
            and (d.closed_date, d.pk) < (deal.closed_date, deal.pk)
        ]
        assert deal.customer is not None and deal.amount is not None
        mode = classify_deal(
            DealFacts(
                amount=deal.amount,
                existing_customer=bool(earlier),
                employees=deal.customer.employees,
                annual_revenue=deal.customer.annual_revenue,
            ),
            thresholds,
        )
        expected[mode] += 1
        revenue[mode] += deal.amount  # type: ignore[assignment]
    result = diagnosis_get(scope=organization_scope(world.org))
    assert {m: s.deals for m, s in result.mix.modes.items() if s.deals} == dict(expected)
    assert {m: s.revenue for m, s in result.mix.modes.items() if s.deals} == {
        m: Decimal(v).quantize(Decimal("0.01")) for m, v in revenue.items()
    }
