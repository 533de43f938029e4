"""The shared bulk loader: what it writes, what it fills in, what it refuses, on both databases."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.db import IntegrityError, connection, transaction

from keyact.core.bulk import (
    foreign_keys_validated_at_end,
    indexes_rebuilt_at_end,
    is_postgresql,
    lock_and_next_id,
    reset_sequences,
    write_rows,
)
from keyact.customers.models import Customer
from keyact.orgs.models import Organization
from tests.factories import OrganizationFactory

pytestmark = pytest.mark.django_db

COLUMNS = ["id", "organization_id", "name", "updated_at"]
NOW = dt.datetime(2025, 6, 1, tzinfo=dt.UTC)


def _index_names(table: str) -> set[str]:
    with connection.cursor() as cursor:
        constraints = connection.introspection.get_constraints(cursor, table)
    return {name for name, info in constraints.items() if info["index"] and not info["unique"]}


def test_write_rows_streams_a_generator_and_fills_the_columns_left_out() -> None:
    org = OrganizationFactory(slug="bulk")
    first = lock_and_next_id(Customer)
    created = dt.datetime(2025, 3, 1, 9, 30, tzinfo=dt.UTC)
    rows = (
        (first + i, org.pk, f"Customer {i}", Decimal("1250000.50"), created, created)
        for i in range(7)
    )
    columns = ["id", "organization_id", "name", "annual_revenue", "created_at", "updated_at"]
    count = write_rows(Customer, columns, rows)
    reset_sequences(Customer)

    assert count == 7
    loaded = Customer.objects.filter(organization=org).order_by("id")
    assert [c.name for c in loaded] == [f"Customer {i}" for i in range(7)]
    one = loaded[0]
    assert one.pk == first
    assert one.annual_revenue == Decimal("1250000.50")
    assert one.created_at == created
    # Left out: blank text, NULL numbers and owner.
    assert (one.industry, one.address, one.employees, one.owner_id) == ("", "", None, None)
    assert (one.external_source, one.external_id) == ("", "")
    # The sequence moved past the explicit ids: the ORM's next insert does not collide.
    assert Customer.objects.create(organization=org, name="After").pk > first + 6


def test_write_rows_refuses_unknown_columns_and_missing_required_values() -> None:
    with pytest.raises(ValueError, match=r"Customer has no column\(s\) \['nickname'\]"):
        write_rows(Customer, ["organization_id", "name", "nickname"], [])
    with pytest.raises(ValueError, match=r"Customer\.organization needs a value"):
        write_rows(Customer, ["id", "name", "updated_at"], [])


def test_lock_and_next_id_starts_after_the_highest_id() -> None:
    org = OrganizationFactory(slug="bulk-next")
    last = Customer.objects.create(organization=org, name="Last")
    assert lock_and_next_id(Customer) == last.pk + 1
    assert lock_and_next_id(Organization) == Organization.objects.order_by("-id")[0].pk + 1


def test_foreign_keys_are_checked_once_at_the_end() -> None:
    org = OrganizationFactory(slug="bulk-fk")
    first = lock_and_next_id(Customer)
    with foreign_keys_validated_at_end(Customer):
        write_rows(Customer, COLUMNS, [(first, org.pk, "Valid", NOW)])
    assert Customer.objects.get(pk=first).organization_id == org.pk

    missing_org = Organization.objects.order_by("-id")[0].pk + 1000
    with (
        pytest.raises(IntegrityError),
        transaction.atomic(),
        foreign_keys_validated_at_end(Customer),
    ):
        write_rows(Customer, COLUMNS, [(first + 1, missing_org, "Bad", NOW)])
        # SQLite checks deferred keys at commit; PostgreSQL when the constraint comes back.
        if not is_postgresql():
            connection.check_constraints(table_names=[Customer._meta.db_table])
    assert not Customer.objects.filter(pk=first + 1).exists()


@pytest.mark.skipif(
    "postgres" not in __import__("os").environ.get("DATABASE_URL", ""),
    reason="index rebuilding happens on PostgreSQL only",
)
def test_large_loads_rebuild_secondary_indexes_once_at_the_end() -> None:
    table = Customer._meta.db_table
    before = _index_names(table)
    assert {"customer_org_owner", "customer_org_name"} <= before
    with indexes_rebuilt_at_end(Customer, new_rows=60_000):
        assert _index_names(table) == set()
    assert _index_names(table) == before
    # A small load into a table keeps its indexes while it writes.
    with indexes_rebuilt_at_end(Customer, new_rows=10):
        assert _index_names(table) == before
