"""List pages run a constant number of queries, whatever the number of rows on the page."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.conftest import World
from tests.factories import ActivityFactory, CustomerFactory, OpportunityFactory

pytestmark = pytest.mark.django_db

# Exact counts: session and user, membership and scope (subordinates), the filter choices,
# count and page. A change here is a decision, so the budgets are the counts, not ceilings.
ACTIVITY_LIST_BUDGET = 11
CUSTOMER_LIST_BUDGET = 7
OPPORTUNITY_LIST_BUDGET = 9


def _add_rows(world: World, n: int) -> None:
    rep = world.users["rep"]
    for i in range(n):
        customer = CustomerFactory(organization=world.org, owner=rep, name=f"Bulk {i:03d}")
        opportunity = OpportunityFactory(customer=customer, owner=rep, name=f"Bulk deal {i:03d}")
        ActivityFactory(
            organization=world.org, owner=rep, customer=customer, opportunity=opportunity
        )


def _count(client, url: str) -> int:
    client.get(url)  # warm: session, content types
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured.captured_queries)


@pytest.mark.parametrize(
    ("name", "budget"),
    [
        ("activity_list", ACTIVITY_LIST_BUDGET),
        ("customers:list", CUSTOMER_LIST_BUDGET),
        ("deals:list", OPPORTUNITY_LIST_BUDGET),
    ],
)
def test_list_pages_run_a_constant_number_of_queries(
    world: World, as_user, django_assert_num_queries, name: str, budget: int
) -> None:
    client = as_user(world.users["manager"])
    url = reverse(name)
    _add_rows(world, 2)
    few = _count(client, url)
    _add_rows(world, 40)
    many = _count(client, url)
    assert few == many
    with django_assert_num_queries(budget):
        client.get(url)
