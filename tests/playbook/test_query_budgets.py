"""The playbook's pages and the diagnosis run a constant number of queries, whatever the size."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from keyact.orgs.models import Role
from keyact.playbook.selectors import diagnosis_get, organization_scope
from keyact.playbook.services import visit_plan_create
from tests.conftest import World
from tests.factories import CustomerFactory, member
from tests.playbook.conftest import Deals, won_deal

pytestmark = pytest.mark.django_db


def grow(world: World, reps: int) -> None:
    """Add reps, each with a customer, two won deals and a planned visit."""
    for index in range(reps):
        name = f"extra{index}"
        world.users[name] = member(world.org, name, Role.REP, world.users["manager"], world.team_a)
        customer = CustomerFactory(organization=world.org, owner=world.users[name])
        won_deal(world, name, customer, "5000", dt.date(2025, 11, 1 + index))
        won_deal(world, name, customer, "500000", dt.date(2026, 2, 1 + index))
        visit_plan_create(
            actor=world.users[name],
            customer_id=customer.pk,
            planned_for=timezone.now(),
            best_action="Sign",
            minimum_action="Meet",
        )


def diagnosis_transaction_statements() -> int:
    """On PostgreSQL the diagnosis's aggregate runs in its own transaction with a larger
    ``work_mem``: a savepoint (inside the test's transaction), the ``SET LOCAL`` and the release."""
    return 3 if connection.vendor == "postgresql" else 0


def count_queries(call) -> int:  # type: ignore[no-untyped-def]
    with CaptureQueriesContext(connection) as captured:
        call()
    return len(captured.captured_queries)


def test_the_diagnosis_query_count_does_not_grow_with_the_data(world: World, deals: Deals) -> None:
    scope = organization_scope(world.org)
    small = count_queries(lambda: diagnosis_get(scope=scope, with_suggestion=True))
    grow(world, 8)
    large = count_queries(lambda: diagnosis_get(scope=scope, with_suggestion=True))
    assert small == large == 9 + diagnosis_transaction_statements()


@pytest.mark.parametrize(
    ("path", "queries"),
    [("/playbook/", 18), ("/playbook/diagnosis/", 13), ("/playbook/visits/", 5)],
)
def test_page_query_counts_do_not_grow_with_the_data(
    world: World, deals: Deals, path: str, queries: int
) -> None:
    client = Client()
    client.force_login(world.users["admin"])
    client.get("/playbook/")  # installs the playbook once
    small = count_queries(lambda: client.get(path))
    grow(world, 8)
    large = count_queries(lambda: client.get(path))
    diagnosis = path in ("/playbook/", "/playbook/diagnosis/")
    assert large == small == queries + (diagnosis_transaction_statements() if diagnosis else 0)
