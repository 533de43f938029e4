"""No lost updates through the API: every update of a versioned record names the version it is
based on (ADR 0015). Without it the API answers 422 naming ``version``; with a stale one, 409
with both versions; a change bumps it."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.db.models import Model

from keyact.activities.models import Activity
from keyact.customers.models import Contact, Customer
from keyact.deals.models import Opportunity
from keyact.users.models import User
from tests.api.conftest import ApiClient
from tests.conftest import World
from tests.factories import ActivityFactory

pytestmark = pytest.mark.django_db

# resource -> (model, a change, a field it changes)
UPDATES: dict[str, tuple[type[Model], dict[str, Any], str]] = {
    "customers": (Customer, {"industry": "Mining"}, "industry"),
    "contacts": (Contact, {"title": "CFO"}, "title"),
    "opportunities": (Opportunity, {"source": "fair"}, "source"),
    "activities": (Activity, {"subject": "Kick-off"}, "subject"),
}


def record(world: World, resource: str) -> Model:
    return {
        "customers": world.customers,
        "contacts": world.contacts,
        "opportunities": world.opportunities,
        "activities": world.activities,
    }[resource]["rep"]


def stored(model: type[Model], pk: int, field: str) -> tuple[Any, int]:
    row = model.objects.values_list(field, "version").get(pk=pk)  # type: ignore[attr-defined]
    return row[0], row[1]


@pytest.mark.parametrize("resource", UPDATES)
def test_an_update_without_its_version_answers_422_naming_version(
    world: World, as_user: Callable[[User], ApiClient], resource: str
) -> None:
    model, change, field = UPDATES[resource]
    pk = record(world, resource).pk
    before = stored(model, pk, field)
    response = as_user(world.users["rep"]).patch(f"/{resource}/{pk}", change)
    assert response.status_code == 422
    assert response.json()["errors"] == [{"field": "version", "message": "Field required"}]
    assert stored(model, pk, field) == before


@pytest.mark.parametrize("resource", UPDATES)
def test_an_update_bumps_the_version_it_names(
    world: World, as_user: Callable[[User], ApiClient], resource: str
) -> None:
    model, change, field = UPDATES[resource]
    pk = record(world, resource).pk
    client = as_user(world.users["rep"])
    response = client.patch(f"/{resource}/{pk}", {**change, "version": 1})
    assert response.status_code == 200, response.content
    assert response.json()["version"] == 2
    assert client.get(f"/{resource}/{pk}").json()["version"] == 2
    assert stored(model, pk, field) == (change[field], 2)


@pytest.mark.parametrize("resource", UPDATES)
def test_a_stale_update_answers_409_with_both_versions_and_changes_nothing(
    world: World, as_user: Callable[[User], ApiClient], resource: str
) -> None:
    model, change, field = UPDATES[resource]
    pk = record(world, resource).pk
    rep, manager = as_user(world.users["rep"]), as_user(world.users["manager"])
    # The manager saves first; the rep's copy (version 1) is now stale.
    assert manager.patch(f"/{resource}/{pk}", {**change, "version": 1}).status_code == 200
    theirs = stored(model, pk, field)
    response = rep.patch(f"/{resource}/{pk}", {field: "Mine", "version": 1})
    assert response.status_code == 409
    body = response.json()
    assert body["errors"][0]["field"] == "version"
    if resource != "activities":  # activities keep their message (ADR 0015)
        assert "You edited version 1; it is now at version 2." in body["detail"]
    assert stored(model, pk, field) == theirs


def test_a_stage_move_names_its_version_and_bumps_it(
    world: World, as_user: Callable[[User], ApiClient]
) -> None:
    opportunity = world.opportunities["rep"]
    stages = list(opportunity.organization.stages.exclude(pk=opportunity.stage_id)[:2])
    client = as_user(world.users["rep"])
    url = f"/opportunities/{opportunity.pk}/stage"
    response = client.post(url, {"stage_id": stages[0].pk})
    assert (response.status_code, response.json()["errors"][0]["field"]) == (422, "version")
    assert client.post(url, {"stage_id": stages[0].pk, "version": 1}).json()["version"] == 2
    stale = client.post(url, {"stage_id": stages[1].pk, "version": 1})
    assert stale.status_code == 409
    assert "You edited version 1; it is now at version 2." in stale.json()["detail"]
    opportunity.refresh_from_db()
    assert (opportunity.stage_id, opportunity.version) == (stages[0].pk, 2)
    assert opportunity.stage_changes.count() == 1


def test_complete_and_cancel_name_their_version(
    world: World, as_user: Callable[[User], ApiClient]
) -> None:
    planned = ActivityFactory(
        organization=world.org, owner=world.users["rep"], status=Activity.Status.PLANNED
    )
    other = ActivityFactory(
        organization=world.org, owner=world.users["rep"], status=Activity.Status.PLANNED
    )
    client = as_user(world.users["rep"])
    for action, activity in (("complete", planned), ("cancel", other)):
        url = f"/activities/{activity.pk}/{action}"
        assert client.post(url, {}).status_code == 422
        assert client.post(url, {"version": 7}).status_code == 409
        activity.refresh_from_db()
        assert (activity.status, activity.version) == ("planned", 1)
        assert client.post(url, {"version": 1}).json()["version"] == 2


def test_a_stale_chinese_conflict_is_in_chinese(
    world: World, as_user: Callable[[User], ApiClient]
) -> None:
    customer = world.customers["rep"]
    User.objects.filter(pk=world.users["rep"].pk).update(language="zh-hans")
    client = as_user(world.users["rep"])
    Customer.objects.filter(pk=customer.pk).update(version=3)
    response = client.patch(f"/customers/{customer.pk}", {"industry": "x", "version": 2})
    assert response.status_code == 409
    detail = response.json()["detail"]
    assert detail.startswith("其他人刚刚修改了这个客户。你编辑的是第 2 版")
    assert detail.endswith("现在已是第 3 版。请刷新后重试。")
