"""Targets per owner and period, staged targets, team targets that cascade and reconcile."""

from __future__ import annotations

import datetime as dt

import pytest

from keyact.core.errors import DomainError, PermissionDenied
from keyact.keyactivities.models import Target, TeamTarget
from keyact.keyactivities.selectors import target_list, targets_reconcile
from keyact.keyactivities.services import (
    OwnerSpec,
    key_activity_create_from_template,
    key_activity_update,
    owners_set,
    target_set,
    targets_generate,
    team_target_set,
)
from tests.conftest import World
from tests.keyactivities.conftest import VALID_FROM, fresh, ready

MARCH = dt.date(2026, 3, 1)


def template_owned(kworld: World, *owners: str) -> object:
    manager = kworld.users["manager"]
    ka = key_activity_create_from_template(actor=manager, valid_from=VALID_FROM)
    return owners_set(
        actor=manager,
        key_activity_id=ka.pk,
        version=ka.version,
        owners=[OwnerSpec(kworld.users[o].pk, i == 0) for i, o in enumerate(owners)],
    )


def test_generating_gives_every_owner_the_standard_once(kworld: World) -> None:
    manager = kworld.users["manager"]
    ka = template_owned(kworld, "rep", "rep2")
    added = targets_generate(
        actor=manager, key_activity_id=ka.pk, version=ka.version, period_start=dt.date(2026, 3, 17)
    )
    assert sorted((t.owner.username, t.quantity, t.stage_quantities) for t in added) == [
        ("rep", 10, [10, 5]),
        ("rep2", 10, [10, 5]),
    ]
    assert {(t.period_start, t.period_end) for t in added} == {(MARCH, dt.date(2026, 3, 31))}
    again = targets_generate(
        actor=manager, key_activity_id=ka.pk, version=fresh(ka).version, period_start=MARCH
    )
    assert again == []
    assert Target.objects.filter(key_activity=ka).count() == 2


def test_adjusting_one_person_keeps_the_others_and_survives_regeneration(kworld: World) -> None:
    manager, rep = kworld.users["manager"], kworld.users["rep"]
    ka = template_owned(kworld, "rep", "rep2")
    targets_generate(actor=manager, key_activity_id=ka.pk, version=ka.version, period_start=MARCH)
    target = target_set(
        actor=manager,
        key_activity_id=ka.pk,
        version=fresh(ka).version,
        owner_id=rep.pk,
        period_start=dt.date(2026, 3, 20),
        quantity=14,
        stage_quantities=[14, 6],
    )
    assert (target.quantity, target.stage_quantities, target.is_adjusted) == (14, [14, 6], True)
    targets_generate(
        actor=manager, key_activity_id=ka.pk, version=fresh(ka).version, period_start=MARCH
    )
    rows = {
        t.owner.username: (t.quantity, t.stage_quantities) for t in target_list(key_activity=ka)
    }
    assert rows == {"rep": (14, [14, 6]), "rep2": (10, [10, 5])}
    last = fresh(ka).changes.order_by("-version").first()
    assert last is not None and last.changes == {
        f"target.2026-03-01.{rep.pk}": [[10, 10, 5], [14, 14, 6]]
    }


def test_a_staged_target_where_the_later_stage_exceeds_the_earlier_is_refused(
    kworld: World,
) -> None:
    manager, rep = kworld.users["manager"], kworld.users["rep"]
    ka = template_owned(kworld, "rep")
    ka = fresh(ka)
    version = ka.version
    with pytest.raises(DomainError) as exc:
        target_set(
            actor=manager,
            key_activity_id=ka.pk,
            version=version,
            owner_id=rep.pk,
            period_start=MARCH,
            quantity=4,
            stage_quantities=[4, 6],
        )
    assert exc.value.field == "stage_quantities.1"
    with pytest.raises(DomainError) as exc:
        target_set(
            actor=manager,
            key_activity_id=ka.pk,
            version=version,
            owner_id=rep.pk,
            period_start=MARCH,
            quantity=4,
            stage_quantities=[4],
        )
    assert exc.value.field == "stage_quantities"
    assert Target.objects.count() == 0
    assert fresh(ka).version == version


def test_a_target_period_outside_the_key_activitys_dates_is_refused(kworld: World) -> None:
    manager, rep = kworld.users["manager"], kworld.users["rep"]
    ka = ready(kworld)
    ka = key_activity_update(
        actor=manager, key_activity_id=ka.pk, version=ka.version, valid_to=dt.date(2026, 6, 30)
    )
    for day in (dt.date(2025, 12, 15), dt.date(2026, 7, 1)):
        with pytest.raises(DomainError) as exc:
            targets_generate(
                actor=manager, key_activity_id=ka.pk, version=ka.version, period_start=day
            )
        assert exc.value.field == "period_start"
        assert "outside" in exc.value.message
        with pytest.raises(DomainError):
            target_set(
                actor=manager,
                key_activity_id=ka.pk,
                version=ka.version,
                owner_id=rep.pk,
                period_start=day,
                quantity=3,
            )
    assert Target.objects.count() == 0
    assert fresh(ka).version == ka.version
    # Shrinking the dates so that an existing target falls outside is refused too.
    targets_generate(
        actor=manager, key_activity_id=ka.pk, version=ka.version, period_start=dt.date(2026, 6, 1)
    )
    with pytest.raises(DomainError):
        key_activity_update(
            actor=manager,
            key_activity_id=ka.pk,
            version=fresh(ka).version,
            valid_to=dt.date(2026, 5, 31),
        )
    assert fresh(ka).valid_to == dt.date(2026, 6, 30)


def test_targets_only_for_owners(kworld: World) -> None:
    ka = ready(kworld)
    with pytest.raises(DomainError) as exc:
        target_set(
            actor=kworld.users["manager"],
            key_activity_id=ka.pk,
            version=ka.version,
            owner_id=kworld.users["rep2"].pk,
            period_start=MARCH,
            quantity=3,
        )
    assert exc.value.field == "owner_id"


def test_a_team_target_cascades_to_members_and_reconciles(kworld: World) -> None:
    manager = kworld.users["manager"]
    ka = template_owned(kworld, "rep", "rep2")
    team_target_set(
        actor=manager,
        key_activity_id=ka.pk,
        version=ka.version,
        department_id=kworld.team_a.pk,
        period_start=MARCH,
        quantity=25,
    )
    rows = {
        t.owner.username: (t.quantity, t.stage_quantities) for t in target_list(key_activity=ka)
    }
    # The lead (rep) takes the remainder; later stages keep the standard's 10:5 ratio.
    assert rows == {"rep": (13, [13, 6]), "rep2": (12, [12, 6])}
    [line] = targets_reconcile(key_activity=ka)
    assert (line.team_quantity, line.member_sum, line.difference, line.reconciled) == (
        25,
        25,
        0,
        True,
    )
    target_set(
        actor=manager,
        key_activity_id=ka.pk,
        version=fresh(ka).version,
        owner_id=kworld.users["rep2"].pk,
        period_start=MARCH,
        quantity=8,
    )
    [line] = targets_reconcile(key_activity=ka)
    assert (line.member_sum, line.difference, line.reconciled) == (21, 4, False)
    assert sorted(line.members) == [("Rep", 13), ("Rep2", 8)]


def test_a_team_target_without_owners_in_the_team_is_refused(kworld: World) -> None:
    ka = template_owned(kworld, "rep")
    with pytest.raises(DomainError) as exc:
        team_target_set(
            actor=kworld.users["admin"],
            key_activity_id=ka.pk,
            version=ka.version,
            department_id=kworld.team_b.pk,
            period_start=MARCH,
            quantity=10,
        )
    assert exc.value.field == "department_id"
    assert TeamTarget.objects.count() == 0


def test_a_manager_sets_targets_only_inside_their_scope(kworld: World) -> None:
    admin = kworld.users["admin"]
    ka = key_activity_create_from_template(actor=admin, valid_from=VALID_FROM)
    ka = owners_set(
        actor=admin,
        key_activity_id=ka.pk,
        version=ka.version,
        owners=[OwnerSpec(kworld.users["rep"].pk, True), OwnerSpec(kworld.users["rep_b"].pk)],
    )
    with pytest.raises(PermissionDenied):
        target_set(
            actor=kworld.users["manager"],
            key_activity_id=ka.pk,
            version=ka.version,
            owner_id=kworld.users["rep_b"].pk,
            period_start=MARCH,
            quantity=3,
        )
    assert Target.objects.count() == 0
