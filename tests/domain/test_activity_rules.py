"""The activity rules hold in the services and in the database (issue 8, ADR 0013)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from keyact.activities import rules
from keyact.activities.models import Activity, ActivityChange
from keyact.activities.selectors import activity_history
from keyact.activities.services import (
    activity_complete,
    activity_create,
    activity_reopen,
    activity_update,
)
from keyact.core.errors import Conflict, DomainError, InvalidValue, PermissionDenied
from keyact.customers.services import contact_create, customer_create, customer_update
from keyact.deals.services import opportunity_create, opportunity_update
from tests.conftest import World
from tests.factories import ActivityFactory, activity_type

pytestmark = pytest.mark.django_db


def _visit(world: World, **values: object) -> Activity:
    return activity_create(
        actor=world.users["rep"],
        type_id=activity_type(world.org).pk,
        customer_id=world.customers["rep"].pk,
        **values,  # type: ignore[arg-type]
    )


# Check-in location -------------------------------------------------------------------------


def test_a_latitude_without_longitude_is_refused_and_nothing_is_written(world: World) -> None:
    count = Activity.objects.count()
    with pytest.raises(InvalidValue) as err:
        _visit(world, checkin_latitude=31.2)
    assert (err.value.field, err.value.status_code) == ("checkin_longitude", 422)
    assert Activity.objects.count() == count


def test_an_accuracy_without_a_location_is_refused(world: World) -> None:
    with pytest.raises(InvalidValue) as err:
        _visit(world, checkin_accuracy_m=12.0)
    assert err.value.field == "checkin_accuracy_m"


def test_an_update_cannot_leave_half_a_location_and_clearing_it_clears_the_time(
    world: World,
) -> None:
    rep = world.users["rep"]
    activity = _visit(world, checkin_latitude=31.2, checkin_longitude=121.5)
    assert activity.checkin_at is not None
    with pytest.raises(InvalidValue) as err:
        activity_update(actor=rep, activity_id=activity.pk, checkin_longitude=None)
    assert err.value.field == "checkin_longitude"
    activity.refresh_from_db()
    assert (activity.checkin_latitude, activity.checkin_longitude, activity.version) == (
        31.2,
        121.5,
        1,
    )
    cleared = activity_update(
        actor=rep, activity_id=activity.pk, checkin_latitude=None, checkin_longitude=None
    )
    assert (cleared.checkin_latitude, cleared.checkin_longitude, cleared.checkin_at) == (
        None,
        None,
        None,
    )


def test_the_database_refuses_half_a_location(world: World) -> None:
    activity = _visit(world, checkin_latitude=31.2, checkin_longitude=121.5)
    with pytest.raises(IntegrityError), transaction.atomic():
        Activity.objects.filter(pk=activity.pk).update(checkin_longitude=None)
    with pytest.raises(IntegrityError), transaction.atomic():
        Activity.objects.filter(pk=world.activities["rep"].pk).update(checkin_accuracy_m=5.0)


# Status and completed_at -------------------------------------------------------------------


def test_the_database_refuses_done_without_completed_at_and_planned_with_it(
    world: World,
) -> None:
    done = world.activities["rep"]
    with pytest.raises(IntegrityError), transaction.atomic():
        Activity.objects.filter(pk=done.pk).update(status=Activity.Status.PLANNED)
    with pytest.raises(IntegrityError), transaction.atomic():
        Activity.objects.filter(pk=done.pk).update(completed_at=None)


@pytest.mark.parametrize(
    ("current", "new", "allowed"),
    [
        ("planned", "planned", True),
        ("planned", "done", True),
        ("planned", "cancelled", True),
        ("done", "done", True),
        ("done", "planned", False),
        ("done", "cancelled", False),
        ("cancelled", "cancelled", True),
        ("cancelled", "planned", False),
        ("cancelled", "done", False),
    ],
)
def test_the_transition_table(current: str, new: str, allowed: bool) -> None:
    if allowed:
        rules.transition_check(current, new)
        return
    with pytest.raises(DomainError) as err:
        rules.transition_check(current, new)
    assert err.value.field == "status"


def test_a_done_activity_is_not_set_back_to_planned_by_an_update(world: World) -> None:
    activity = world.activities["rep"]
    with pytest.raises(DomainError) as err:
        activity_update(actor=world.users["rep"], activity_id=activity.pk, status="planned")
    assert err.value.field == "status"
    activity.refresh_from_db()
    assert (activity.status, activity.version) == ("done", 1)
    assert activity.completed_at is not None


def test_reopen_plans_it_again_clears_completed_at_and_keeps_the_reason(world: World) -> None:
    rep = world.users["rep"]
    activity = world.activities["rep"]
    reopened = activity_reopen(
        actor=rep,
        activity_id=activity.pk,
        reason="  Logged on the wrong customer ",
        expected_version=1,
    )
    assert (reopened.status, reopened.completed_at, reopened.version) == ("planned", None, 2)
    entry = ActivityChange.objects.get(activity=activity)
    assert (entry.action, entry.reason, entry.changed_by_id) == (
        "reopened",
        "Logged on the wrong customer",
        rep.pk,
    )
    assert entry.changes["status"] == ["done", "planned"]
    assert entry.changes["completed_at"][1] is None
    assert [c.action for c in activity_history(activity=reopened)] == ["created", "reopened"]
    done_again = activity_complete(actor=rep, activity_id=activity.pk)
    assert done_again.status == "done"
    assert done_again.completed_at is not None


def test_reopen_needs_a_reason_a_done_activity_the_right_and_the_current_version(
    world: World,
) -> None:
    activity = world.activities["rep"]
    rep = world.users["rep"]
    with pytest.raises(InvalidValue) as err:
        activity_reopen(actor=rep, activity_id=activity.pk, reason="   ")
    assert err.value.field == "reason"
    with pytest.raises(InvalidValue):
        activity_reopen(actor=rep, activity_id=activity.pk, reason="x" * 501)
    with pytest.raises(PermissionDenied):
        activity_reopen(actor=world.users["supporter"], activity_id=activity.pk, reason="No")
    with pytest.raises(Conflict):
        activity_reopen(actor=rep, activity_id=activity.pk, reason="No", expected_version=7)
    planned = _visit(world, status="planned", occurred_at=timezone.now() + dt.timedelta(days=1))
    with pytest.raises(DomainError) as err:
        activity_reopen(actor=rep, activity_id=planned.pk, reason="No")
    assert err.value.field == "status"
    activity.refresh_from_db()
    assert (activity.status, activity.version) == ("done", 1)
    assert not ActivityChange.objects.filter(action="reopened").exists()


def test_the_manager_may_reopen_an_activity_of_the_team(world: World) -> None:
    activity = world.activities["rep"]
    reopened = activity_reopen(
        actor=world.users["manager"], activity_id=activity.pk, reason="Duplicate of #2"
    )
    assert reopened.status == "planned"


# Done in the future ------------------------------------------------------------------------


def test_a_done_activity_in_the_future_is_refused(world: World) -> None:
    count = Activity.objects.count()
    with pytest.raises(InvalidValue) as err:
        _visit(world, occurred_at=timezone.now() + dt.timedelta(days=1))
    assert err.value.field == "occurred_at"
    assert Activity.objects.count() == count


def test_a_few_minutes_of_clock_skew_are_accepted(world: World) -> None:
    activity = _visit(world, occurred_at=timezone.now() + dt.timedelta(minutes=2))
    assert activity.status == "done"


def test_a_done_activity_cannot_be_moved_into_the_future(world: World) -> None:
    activity = world.activities["rep"]
    with pytest.raises(InvalidValue) as err:
        activity_update(
            actor=world.users["rep"],
            activity_id=activity.pk,
            occurred_at=timezone.now() + dt.timedelta(days=3),
        )
    assert err.value.field == "occurred_at"


def test_completing_before_the_due_time_records_it_as_done_now(world: World) -> None:
    due = timezone.now() + dt.timedelta(days=2)
    planned = _visit(world, status="planned", occurred_at=due)
    before = timezone.now()
    done = activity_complete(actor=world.users["rep"], activity_id=planned.pk)
    assert before <= done.occurred_at <= timezone.now()
    change = ActivityChange.objects.get(activity=planned)
    assert change.action == "completed"
    assert change.changes["occurred_at"][0] == due.isoformat()


def test_a_planned_activity_in_the_future_is_fine(world: World) -> None:
    planned = _visit(world, status="planned", occurred_at=timezone.now() + dt.timedelta(days=9))
    assert (planned.status, planned.completed_at) == ("planned", None)


# A customer activity names its customer ----------------------------------------------------


def test_a_customer_activity_without_a_customer_is_refused(world: World) -> None:
    with pytest.raises(InvalidValue) as err:
        activity_create(actor=world.users["rep"], type_id=activity_type(world.org).pk)
    assert err.value.field == "customer_id"


def test_the_opportunity_provides_the_customer(world: World) -> None:
    activity = activity_create(
        actor=world.users["rep"],
        type_id=activity_type(world.org).pk,
        opportunity_id=world.opportunities["rep"].pk,
    )
    assert activity.customer_id == world.customers["rep"].pk


def test_an_activity_with_the_manager_needs_no_customer(world: World) -> None:
    activity = activity_create(
        actor=world.users["rep"], type_id=activity_type(world.org, "self_review").pk
    )
    assert activity.customer_id is None


def test_changing_the_type_to_a_customer_activity_needs_a_customer(world: World) -> None:
    rep = world.users["rep"]
    activity = activity_create(actor=rep, type_id=activity_type(world.org, "self_review").pk)
    with pytest.raises(InvalidValue) as err:
        activity_update(actor=rep, activity_id=activity.pk, type_id=activity_type(world.org).pk)
    assert err.value.field == "customer_id"
    activity.refresh_from_db()
    assert activity.type.code == "self_review"


def test_an_old_visit_without_customer_can_still_have_its_notes_corrected(world: World) -> None:
    old = ActivityFactory(organization=world.org, owner=world.users["rep"])
    assert old.customer_id is None
    changed = activity_update(actor=world.users["rep"], activity_id=old.pk, notes="Late note")
    assert changed.notes == "Late note"


# Text fits its column ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("field", "limit"),
    [("subject", 200), ("commitment_text", 500), ("notes", 10000), ("customer_confirmed_by", 150)],
)
def test_over_long_activity_text_is_a_field_error(world: World, field: str, limit: int) -> None:
    count = Activity.objects.count()
    with pytest.raises(InvalidValue) as err:
        _visit(world, **{field: "x" * (limit + 1)})
    assert err.value.field == field
    assert Activity.objects.count() == count
    with pytest.raises(InvalidValue):
        activity_update(
            actor=world.users["rep"],
            activity_id=world.activities["rep"].pk,
            **{field: "y" * (limit + 1)},
        )


def test_completing_with_an_over_long_note_is_a_field_error(world: World) -> None:
    planned = _visit(world, status="planned", occurred_at=timezone.now())
    with pytest.raises(InvalidValue) as err:
        activity_complete(actor=world.users["rep"], activity_id=planned.pk, notes="n" * 10001)
    assert err.value.field == "notes"
    planned.refresh_from_db()
    assert planned.status == "planned"


def test_over_long_customer_contact_and_opportunity_text_is_a_field_error(world: World) -> None:
    rep = world.users["rep"]
    customer = world.customers["rep"]
    cases = [
        (lambda: customer_create(actor=rep, name="n" * 201), "name"),
        (lambda: customer_create(actor=rep, name="Ok", address="a" * 301), "address"),
        (
            lambda: customer_update(actor=rep, customer_id=customer.pk, industry="i" * 101),
            "industry",
        ),
        (
            lambda: contact_create(actor=rep, customer_id=customer.pk, name="Li", title="t" * 151),
            "title",
        ),
        (
            lambda: contact_create(actor=rep, customer_id=customer.pk, name="Li", phone="1" * 41),
            "phone",
        ),
        (lambda: opportunity_create(actor=rep, name="o" * 201, customer_id=customer.pk), "name"),
        (
            lambda: opportunity_update(
                actor=rep, opportunity_id=world.opportunities["rep"].pk, source="s" * 101
            ),
            "source",
        ),
    ]
    for call, field in cases:
        with pytest.raises(InvalidValue) as err:
            call()
        assert err.value.field == field
    customer.refresh_from_db()
    assert len(customer.industry) <= 100
