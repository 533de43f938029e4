"""Fixtures of the tracking tests: a published key activity with targets in February 2026."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pytest
from django.utils import timezone

from keyact.activities.models import Activity, ActivityType
from keyact.activities.services import activity_create
from keyact.keyactivities.models import KeyActivity
from keyact.keyactivities.services import key_activity_publish, target_set
from keyact.tracking.models import CalendarSetting
from tests.conftest import World
from tests.keyactivities.conftest import fresh, kworld, ready  # noqa: F401

FEB = dt.date(2026, 2, 1)
TODAY = dt.date(2026, 2, 13)  # a Friday


@dataclass
class Tracked:
    """The world with a published 'visits' key activity owned by rep (lead) and rep2."""

    world: World
    ka: KeyActivity
    visit: int
    call: int


def at(day: int, hour: int = 10, month: int = 2) -> dt.datetime:
    """A moment of 2026 in the project's time zone."""
    return timezone.make_aware(dt.datetime(2026, month, day, hour, 0))


def log(tracked: Tracked, who: str = "rep", day: int = 2, **kwargs: object) -> Activity:
    """A done visit logged by ``who`` through the service."""
    values: dict[str, object] = {"type_id": tracked.visit}
    values.update(kwargs)
    if "customer_id" not in values and "opportunity_id" not in values:
        # A visit names its customer (ADR 0013): by default, one the person owns.
        values["customer_id"] = tracked.world.customers[who].pk
    if "occurred_at" not in values:
        values["occurred_at"] = at(day)
    return activity_create(actor=tracked.world.users[who], **values)  # type: ignore[arg-type]


@pytest.fixture
def tracked(kworld: World) -> Tracked:  # noqa: F811
    CalendarSetting.objects.create(
        organization=kworld.org, base="mon_fri", time_zone="Asia/Shanghai"
    )
    manager = kworld.users["manager"]
    ka = ready(kworld, owners=("rep", "rep2"), lead="rep")
    ka = key_activity_publish(actor=manager, key_activity_id=ka.pk, version=ka.version)
    for who, quantity in (("rep", 10), ("rep2", 8)):
        target_set(
            actor=manager,
            key_activity_id=ka.pk,
            version=fresh(ka).version,
            owner_id=kworld.users[who].pk,
            period_start=FEB,
            quantity=quantity,
        )
    types = dict(ActivityType.objects.filter(organization=kworld.org).values_list("code", "pk"))
    return Tracked(world=kworld, ka=fresh(ka), visit=types["visit"], call=types["communication"])
