"""Migration 0005 fixes rows that break the new constraints before 0006 adds them."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

BEFORE = [("activities", "0004_external_identity")]
AFTER = [("activities", "0006_status_and_location_constraints")]


@pytest.mark.django_db(transaction=True)
def test_existing_rows_are_fixed_then_constrained() -> None:
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    apps = executor.loader.project_state(BEFORE).apps
    organization = apps.get_model("orgs", "Organization").objects.create(name="Old", slug="old")
    owner = apps.get_model("users", "User").objects.create(username="old_rep")
    kind = apps.get_model("activities", "ActivityType").objects.create(
        organization=organization, code="visit", name_en="Visit", name_zh="拜访"
    )
    Activity = apps.get_model("activities", "Activity")
    when = timezone.now() - dt.timedelta(days=1)

    def row(**values: object) -> int:
        return int(
            Activity.objects.create(
                organization=organization, type=kind, owner=owner, occurred_at=when, **values
            ).pk
        )

    done_without = row(status="done")
    planned_with = row(status="planned", completed_at=when)
    half_location = row(
        status="done",
        completed_at=when,
        checkin_latitude=31.2,
        checkin_accuracy_m=9.0,
        checkin_at=when,
    )
    whole_location = row(
        status="done", completed_at=when, checkin_latitude=31.2, checkin_longitude=121.5
    )
    executor = MigrationExecutor(connection)
    executor.migrate(AFTER)
    Activity = executor.loader.project_state(AFTER).apps.get_model("activities", "Activity")
    fixed = {a.pk: a for a in Activity.objects.all()}
    assert fixed[done_without].completed_at == when
    assert fixed[planned_with].completed_at is None
    assert (
        fixed[half_location].checkin_latitude,
        fixed[half_location].checkin_accuracy_m,
        fixed[half_location].checkin_at,
    ) == (None, None, None)
    assert (fixed[whole_location].checkin_latitude, fixed[whole_location].checkin_longitude) == (
        31.2,
        121.5,
    )
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())
