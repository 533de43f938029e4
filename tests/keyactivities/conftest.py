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
    return key_activity_create(actor=actor or world.users["manager"], **values)


def ready(world: World, owners: tuple[str, ...] = ("rep",), lead: str = "rep") -> KeyActivity:
    """A draft with a guide step and owners (``lead`` leads): everything publishing needs."""
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
    )
    return fresh(ka)


@pytest.fixture
def login(client: Client) -> Callable[[User], Client]:
    """Log the test client in as ``user`` (force_login: no password round trip, no lockout)."""

    def _login(user: User) -> Client:
        client.force_login(user)
        return client

    return _login
