"""The progress engine: exact counts that always equal an activity-by-activity recount."""

from __future__ import annotations

import datetime as dt

from keyact.activities.services import activity_cancel, activity_complete, activity_update
from keyact.keyactivities.models import Owner, Target
from keyact.keyactivities.services import (
    OwnerSpec,
    StageSpec,
    key_activity_set_quality,
    key_activity_set_stages,
    owners_set,
    target_set,
)
from keyact.tracking.progress import OwnerProgress
from keyact.tracking.selectors import progress_of_key_activity
from keyact.tracking.services import progress_rebuild
from tests.factories import CustomerFactory
from tests.tracking.conftest import FEB, TODAY, Tracked, at, fresh, log


def rows(tracked: Tracked, user: str = "manager") -> dict[str, OwnerProgress]:
    result = progress_of_key_activity(
        user=tracked.world.users[user], key_activity_id=tracked.ka.pk, period="2026-02", today=TODAY
    )
    assert (result.start, result.end) == (dt.date(2026, 2, 1), dt.date(2026, 2, 28))
    return {o.username: o for o in result.owners}


def agrees(tracked: Tracked) -> None:
    report = progress_rebuild(organization=tracked.world.org, period="2026-02")
    assert report.differences == []
    assert report.checked == 4  # two owners, over the month and the key activity's own period


def test_done_visits_of_the_month_count_with_pacing(tracked: Tracked) -> None:
    for day in (2, 3, 4):
        log(tracked, "rep", day)
    log(tracked, "rep", 5, type_id=tracked.call)  # another type: not counted
    log(tracked, "rep", 6, status="planned", occurred_at=at(20))  # planned: not counted
    log(tracked, "rep2", 2)
    log(tracked, "rep", 31, occurred_at=at(31, month=1))  # January
    mine = rows(tracked)
    rep, rep2 = mine["rep"], mine["rep2"]
    assert (rep.target, rep.actual, rep.qualified) == (10, 3, 3)
    # 10 of February's 20 Monday-to-Friday days are over by the end of Friday 13th: 5 of 10.
    assert (rep.pace.expected_whole, rep.pace.status) == (5, "off_track")
    assert (rep2.target, rep2.actual, rep2.pace.expected_whole, rep2.pace.status) == (
        8,
        1,
        4,
        "off_track",
    )
    agrees(tracked)


def test_edit_cancel_redate_and_owner_change_move_the_count_at_once(tracked: Tracked) -> None:
    rep = tracked.world.users["rep"]
    first, second, third = (log(tracked, "rep", d) for d in (2, 3, 4))
    assert rows(tracked)["rep"].actual == 3
    activity_update(actor=rep, activity_id=first.pk, type_id=tracked.call)
    assert rows(tracked)["rep"].actual == 2
    planned = log(tracked, "rep", 9, status="planned")
    other_plan = log(tracked, "rep", 10, status="planned")
    assert rows(tracked)["rep"].actual == 2
    activity_complete(actor=rep, activity_id=planned.pk, outcome="advance")
    activity_cancel(actor=rep, activity_id=other_plan.pk)
    assert rows(tracked)["rep"].actual == 3
    activity_update(actor=rep, activity_id=planned.pk, type_id=tracked.call)
    activity_update(actor=rep, activity_id=second.pk, type_id=tracked.call)
    assert rows(tracked)["rep"].actual == 1
    activity_update(actor=rep, activity_id=third.pk, occurred_at=at(30, month=1))
    assert rows(tracked)["rep"].actual == 0
    activity_update(actor=rep, activity_id=third.pk, occurred_at=at(27))
    assert rows(tracked)["rep"].actual == 1
    manager = tracked.world.users["manager"]
    activity_update(actor=manager, activity_id=third.pk, owner_id=tracked.world.users["rep2"].pk)
    mine = rows(tracked)
    assert (mine["rep"].actual, mine["rep2"].actual) == (0, 1)
    agrees(tracked)


def test_a_day_in_the_organisations_time_zone_decides_the_period(tracked: Tracked) -> None:
    # 1 March 01:00 in Shanghai is still 28 February in UTC: it belongs to March.
    log(tracked, "rep", 1, occurred_at=at(1, hour=1, month=3))
    log(tracked, "rep", 28, occurred_at=at(28, hour=23))
    assert rows(tracked)["rep"].actual == 1
    agrees(tracked)


def test_quality_change_moves_qualified_not_raw(tracked: Tracked) -> None:
    manager = tracked.world.users["manager"]
    key_activity_set_quality(
        actor=manager,
        key_activity_id=tracked.ka.pk,
        version=tracked.ka.version,
        kind="outcome",
        min_outcome="advance",
    )
    rep = tracked.world.users["rep"]
    a = log(tracked, "rep", 2, outcome="advance")
    log(tracked, "rep", 3, outcome="no_sale")
    log(tracked, "rep", 4)
    mine = rows(tracked)["rep"]
    assert (mine.actual, mine.qualified) == (3, 1)
    activity_update(actor=rep, activity_id=a.pk, outcome="continuation")
    mine = rows(tracked)["rep"]
    assert (mine.actual, mine.qualified) == (3, 0)
    agrees(tracked)


def test_evidence_standard_checks_distance_photo_and_confirmation(tracked: Tracked) -> None:
    manager = tracked.world.users["manager"]
    customer = tracked.world.customers["rep"]
    customer.latitude, customer.longitude = 31.2304, 121.4737
    customer.save()
    key_activity_set_quality(
        actor=manager,
        key_activity_id=tracked.ka.pk,
        version=tracked.ka.version,
        kind="evidence",
        evidence_checkin=True,
        evidence_max_distance_m=200,
        evidence_confirmation=True,
    )
    near = {"checkin_latitude": 31.2310, "checkin_longitude": 121.4740}  # about 70 m
    far = {"checkin_latitude": 31.2404, "checkin_longitude": 121.4737}  # about 1.1 km
    log(tracked, "rep", 2, customer_id=customer.pk, customer_confirmed=True, **near)
    log(tracked, "rep", 3, customer_id=customer.pk, customer_confirmed=True, **far)
    log(tracked, "rep", 4, customer_id=customer.pk, customer_confirmed=False, **near)
    log(tracked, "rep", 5, customer_id=customer.pk, customer_confirmed=True)  # no check-in
    log(
        tracked,
        "rep",
        6,
        customer_id=customer.pk,
        customer_confirmed=True,
        checkin_accuracy_m=500,
        **near,
    )
    mine = rows(tracked)["rep"]
    assert (mine.actual, mine.qualified) == (5, 1)
    agrees(tracked)
    customer.latitude = customer.longitude = None
    customer.save()
    assert rows(tracked)["rep"].qualified == 0
    agrees(tracked)


def test_distinct_customers_and_stages_with_conversion(tracked: Tracked) -> None:
    manager = tracked.world.users["manager"]
    world = tracked.world
    ka = key_activity_set_stages(
        actor=manager,
        key_activity_id=tracked.ka.pk,
        version=tracked.ka.version,
        stages=[
            StageSpec(tracked.call, 10, "Invite", "邀请"),
            StageSpec(tracked.visit, 5, "Visit", "参观"),
        ],
    )
    target_set(
        actor=manager,
        key_activity_id=ka.pk,
        version=ka.version,
        owner_id=world.users["rep"].pk,
        period_start=FEB,
        quantity=10,
        stage_quantities=[10, 4],
    )
    c1 = world.customers["rep"].pk
    c2 = CustomerFactory(organization=world.org, owner=world.users["rep"]).pk
    for day in (2, 3, 4, 5):
        log(tracked, "rep", day, type_id=tracked.call, customer_id=c1)
    log(tracked, "rep", 6, customer_id=c1)
    mine = rows(tracked)["rep"]
    assert mine.actual == 4
    assert [(s.name, s.target, s.actual) for s in mine.stages] == [
        ("Invite", 10, 4),
        ("Visit", 4, 1),
    ]
    assert mine.conversions == (0.25,)
    from keyact.keyactivities.services import key_activity_update

    key_activity_update(
        actor=manager,
        key_activity_id=ka.pk,
        version=fresh(ka).version,
        aggregate="distinct_customers",
    )
    log(tracked, "rep", 9, type_id=tracked.call, customer_id=c2)
    mine = rows(tracked)["rep"]
    assert mine.actual == 2
    assert [s.actual for s in mine.stages] == [2, 1]
    agrees(tracked)


def test_target_change_and_owner_removal(tracked: Tracked) -> None:
    manager = tracked.world.users["manager"]
    log(tracked, "rep", 2)
    target_set(
        actor=manager,
        key_activity_id=tracked.ka.pk,
        version=tracked.ka.version,
        owner_id=tracked.world.users["rep"].pk,
        period_start=FEB,
        quantity=2,
    )
    assert rows(tracked)["rep"].pace.status == "on_track"  # 1 of 2, 1 expected by the 13th
    ka = fresh(tracked.ka)
    owners_set(
        actor=manager,
        key_activity_id=ka.pk,
        version=ka.version,
        owners=[OwnerSpec(tracked.world.users["rep"].pk, True)],
    )
    assert set(rows(tracked)) == {"rep"}
    assert Owner.objects.filter(key_activity=ka).count() == 1
    assert Target.objects.filter(key_activity=ka).count() >= 1


def test_a_rep_sees_only_their_own_row_and_a_manager_their_people(tracked: Tracked) -> None:
    log(tracked, "rep", 2)
    assert set(rows(tracked, "rep")) == {"rep"}
    assert set(rows(tracked, "manager")) == {"rep", "rep2"}
    assert set(rows(tracked, "director")) == {"rep", "rep2"}
    assert set(rows(tracked, "admin")) == {"rep", "rep2"}
