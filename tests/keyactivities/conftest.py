"""Fixtures of the key-activity tests: the shared world with its playbook installed, and a
helper that builds a key activity ready to publish."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from keyact.activities.models import ActivityType
from keyact.keyactivities.models import KeyActivity
from keyact.keyactivities.services import (
    OwnerSpec,
    guide_step_add,
    key_activity_create,
    owners_set,
)
from keyact.playbook.models import Process
from keyact.playbook.services import playbook_install
from keyact.users.models import User
from tests.conftest import World

VALID_FROM = dt.date(2026, 1, 1)


@pytest.fixture
def kworld(world: World) -> World:
    """The shared world with the playbook installed and the customer-visit process in use."""
    playbook_install(organization=world.org)
    playbook_install(organization=world.other_org)
    Process.objects.filter(organization=world.org, code="customer_visit").update(in_use=True)
    return world


def type_id(world: World, code: str) -> int:
    """The id of the first organisation's activity type ``code``."""
    return ActivityType.objects.get(organization=world.org, code=code).pk


def fresh(ka: KeyActivity) -> KeyActivity:
    """The key activity as stored now."""
    return KeyActivity.objects.get(pk=ka.pk)


def draft(world: World, actor: User | None = None, **kwargs: Any) -> KeyActivity:
    """A draft with a measure (visits) and a quantity of 8 per month, created by the manager."""
    values: dict[str, Any] = {
        "name_en": "Customer visits with a commitment",
        "name_zh": "获得承诺的客户拜访",
        "valid_from": VALID_FROM,
        "quantity": 8,
        "activity_type_ids": [type_id(world, "visit")],
    }
    values.update(kwargs)
    # Names are unique among an organisation's live key activities: a second default draft of
    # the same test gets a number.
    taken = (
        KeyActivity.objects.filter(
            organization=world.org, name_zh__startswith=values["name_zh"]
        ).count()
        if values["name_zh"]
        else 0  # (no NUL stand-in: PostgreSQL refuses NUL in text)
    )
    if taken and "name_zh" not in kwargs and "name_en" not in kwargs:
        values["name_en"] = f"{values['name_en']} {taken + 1}"
        values["name_zh"] = f"{values['name_zh']} {taken + 1}"
    elif taken and "name_zh" not in kwargs:
        values["name_zh"] = f"{values['name_zh']} {taken + 1}"
    return key_activity_create(actor=actor or world.users["manager"], **values)


def ready(
    world: World, owners: tuple[str, ...] = ("rep",), lead: str = "rep", gap: bool = False
) -> KeyActivity:
    """A draft with a guide step and owners (``lead`` leads): everything publishing needs.
    ``gap``: the owners are saved under a declared staffing gap (e.g. without a lead)."""
    manager = world.users["manager"]
    ka = draft(world)
    guide_step_add(
        actor=manager, key_activity_id=ka.pk, version=ka.version, text_en="Plan", text_zh="计划"
    )
    ka = fresh(ka)
    owners_set(
        actor=manager,
        key_activity_id=ka.pk,
        version=ka.version,
        owners=[OwnerSpec(world.users[o].pk, o == lead) for o in owners],
        staffing_gap=gap,
    )
    return fresh(ka)


@pytest.fixture
def login(client: Client) -> Callable[[User], Client]:
    """Log the test client in as ``user`` (force_login: no password round trip, no lockout)."""

    def _login(user: User) -> Client:
        client.force_login(user)
        return client

    return _login


def define_post(ka: KeyActivity, **overrides: Any) -> dict[str, Any]:
    """The define step's form as the page sends it for ``ka`` as stored, with ``overrides``."""
    data: dict[str, Any] = {
        "version": ka.version,
        "name_en": ka.name_en,
        "name_zh": ka.name_zh,
        "purpose_en": ka.purpose_en,
        "purpose_zh": ka.purpose_zh,
        "activity_type_ids": [t.pk for t in ka.activity_types.all()],
        "aggregate": ka.aggregate,
        "period": ka.period,
        "quantity": ka.quantity or "",
        "tracking_frequency": ka.tracking_frequency,
        "review_weekday": ka.review_day if ka.tracking_frequency != "monthly" else "",
        "review_monthday": ka.review_day if ka.tracking_frequency == "monthly" else "",
        "valid_from": ka.valid_from.isoformat(),
        "valid_to": ka.valid_to.isoformat() if ka.valid_to else "",
        "kind": ka.quality_kind,
        "min_outcome": ka.min_outcome,
    }
    for index, stage in enumerate(ka.stages.all(), start=1):
        data.update(
            {
                f"type_{index}": stage.activity_type_id,
                f"quantity_{index}": stage.quantity,
                f"name{index}_en": stage.name_en,
                f"name{index}_zh": stage.name_zh,
            }
        )
    data.update(overrides)
    return data
