"""Lists of key activities cost a constant number of queries whatever their length."""

from __future__ import annotations

from collections.abc import Callable

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from keyact.keyactivities.models import KeyActivity
from keyact.keyactivities.services import OwnerSpec, owners_set
from keyact.users.models import User
from keyact.users.services import token_create
from tests.conftest import World
from tests.keyactivities.conftest import draft, fresh


def _many(kworld: World, n: int) -> None:
    manager = kworld.users["manager"]
    start = KeyActivity.objects.filter(organization=kworld.org).count()
    for index in range(start, start + n):
        ka = draft(kworld, name_en=f"Key activity {index}", name_zh=f"关键活动 {index}")
        owners_set(
            actor=manager,
            key_activity_id=ka.pk,
            version=fresh(ka).version,
            owners=[OwnerSpec(kworld.users["rep"].pk, True), OwnerSpec(kworld.users["rep2"].pk)],
        )


def _count(call: Callable[[], object]) -> int:
    with CaptureQueriesContext(connection) as queries:
        call()
    return len(queries)


def test_the_index_page_costs_the_same_for_2_or_12_key_activities(
    kworld: World, login: Callable[[User], Client]
) -> None:
    client = login(kworld.users["manager"])
    _many(kworld, 2)
    few = _count(lambda: client.get("/key-activities/"))
    _many(kworld, 10)
    many = _count(lambda: client.get("/key-activities/"))
    assert many == few
    assert few == 9


def test_the_api_list_costs_the_same_for_2_or_12_key_activities(kworld: World) -> None:
    _, raw = token_create(user=kworld.users["manager"], name="budget")
    client = Client(headers={"Authorization": f"Bearer {raw}"})
    _many(kworld, 2)
    client.get("/api/v1/key-activities")  # the token's first use records its last use
    few = _count(lambda: client.get("/api/v1/key-activities"))
    _many(kworld, 10)
    many = _count(lambda: client.get("/api/v1/key-activities"))
    assert many == few
    assert few == 4  # with the token check, which reads the caller's live authority
