"""What a rep sees of the key activities they own: guide, target, progress, expected."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from keyact.activities.models import ActivityType
from keyact.keyactivities.selectors import key_activities_for_owner
from keyact.keyactivities.services import (
    OwnerSpec,
    key_activity_create_from_template,
    key_activity_publish,
    owners_set,
    targets_generate,
)
from tests.conftest import World
from tests.factories import ActivityFactory
from tests.keyactivities.conftest import VALID_FROM, fresh, ready

TODAY = dt.date(2026, 2, 13)  # a Friday: 10 of February's 20 working days are over


def at(day: int) -> dt.datetime:
    return timezone.make_aware(dt.datetime(2026, 2, day, 10, 0))


def log(world: World, user: str, code: str, day: int, **kwargs: object) -> None:
    ActivityFactory(
        organization=world.org,
        owner=world.users[user],
        type=ActivityType.objects.get(organization=world.org, code=code),
        occurred_at=at(day),
        **kwargs,
    )


def test_a_rep_sees_target_progress_and_expected_by_today(kworld: World) -> None:
    manager = kworld.users["manager"]
    ka = key_activity_create_from_template(actor=manager, valid_from=VALID_FROM)
    ka = owners_set(
        actor=manager,
        key_activity_id=ka.pk,
        version=ka.version,
        owners=[OwnerSpec(kworld.users["rep"].pk, True), OwnerSpec(kworld.users["rep2"].pk)],
    )
    ka = key_activity_publish(actor=manager, key_activity_id=ka.pk, version=ka.version)
    targets_generate(actor=manager, key_activity_id=ka.pk, version=ka.version, period_start=TODAY)
    for day in (2, 3, 9):
        log(kworld, "rep", "reference_invite", day)
    log(kworld, "rep", "reference_visit", 10)
    log(kworld, "rep", "reference_invite", 11)
    log(kworld, "rep", "reference_invite", 12, status="planned")  # not done: not counted
    log(kworld, "rep2", "reference_invite", 4)  # someone else's
    [mine] = key_activities_for_owner(user=kworld.users["rep"], today=TODAY)
    assert mine.key_activity.pk == ka.pk
    assert mine.is_lead
    assert (mine.period_start, mine.period_end) == (dt.date(2026, 2, 1), dt.date(2026, 2, 28))
    assert mine.target == 10
    assert mine.done == 4
    assert mine.expected == 5.0
    assert mine.behind  # 4 done, 5 expected by today
    assert [(s.target, s.done) for s in mine.stages] == [(10, 4), (5, 1)]
    assert len(mine.guide) == 4
    assert mine.qualified is None  # checklist completion is not recorded yet
    [theirs] = key_activities_for_owner(user=kworld.users["rep2"], today=TODAY)
    assert (theirs.is_lead, theirs.done) == (False, 1)


def test_drafts_and_other_peoples_key_activities_are_not_shown(kworld: World) -> None:
    ready(kworld)
    assert key_activities_for_owner(user=kworld.users["rep"], today=TODAY) == []
    assert key_activities_for_owner(user=kworld.users["rep2"], today=TODAY) == []


def test_qualified_progress_follows_an_outcome_standard(kworld: World) -> None:
    from keyact.keyactivities.services import key_activity_set_quality

    manager = kworld.users["manager"]
    ka = ready(kworld)
    ka = key_activity_set_quality(
        actor=manager,
        key_activity_id=ka.pk,
        version=ka.version,
        kind="outcome",
        min_outcome="advance",
    )
    ka = key_activity_publish(actor=manager, key_activity_id=ka.pk, version=ka.version)
    log(kworld, "rep", "visit", 2, outcome="advance")
    log(kworld, "rep", "visit", 3, outcome="no_sale")
    log(kworld, "rep", "visit", 4, outcome="order")
    [mine] = key_activities_for_owner(user=kworld.users["rep"], today=TODAY)
    assert (mine.target, mine.done, mine.qualified) == (None, 3, 2)
    assert fresh(ka).status == "published"
