"""The API refuses what the activity rules refuse, naming the field (issue 8, ADR 0013)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from django.utils import timezone

from keyact.activities.models import Activity
from keyact.users.models import User
from tests.api.conftest import ApiClient
from tests.conftest import World
from tests.factories import activity_type

pytestmark = pytest.mark.django_db


@pytest.fixture
def rep(world: World, as_user: Callable[[User], ApiClient]) -> ApiClient:
    return as_user(world.users["rep"])


def _visit_payload(world: World, **values: object) -> dict[str, object]:
    return {
        "type_id": activity_type(world.org).pk,
        "customer_id": world.customers["rep"].pk,
        **values,
    }


def _field(response) -> str | None:  # type: ignore[no-untyped-def]
    return response.json()["errors"][0]["field"]  # type: ignore[no-any-return]


def test_a_latitude_without_longitude_answers_422_and_writes_nothing(
    world: World, rep: ApiClient
) -> None:
    count = Activity.objects.count()
    response = rep.post("/activities", _visit_payload(world, checkin_latitude=31.2))
    assert (response.status_code, _field(response)) == (422, "checkin_longitude")
    assert Activity.objects.count() == count


def test_a_patch_leaving_half_a_location_answers_422(world: World, rep: ApiClient) -> None:
    activity = world.activities["rep"]
    response = rep.patch(f"/activities/{activity.pk}", {"checkin_latitude": 31.2, "version": 1})
    assert (response.status_code, _field(response)) == (422, "checkin_longitude")
    activity.refresh_from_db()
    assert (activity.checkin_latitude, activity.checkin_at, activity.version) == (None, None, 1)


def test_a_done_activity_in_the_future_answers_422(world: World, rep: ApiClient) -> None:
    when = (timezone.now() + dt.timedelta(days=1)).isoformat()
    response = rep.post("/activities", _visit_payload(world, occurred_at=when))
    assert (response.status_code, _field(response)) == (422, "occurred_at")
    planned = rep.post("/activities", _visit_payload(world, occurred_at=when, status="planned"))
    assert planned.status_code == 201


def test_a_visit_without_a_customer_answers_422(world: World, rep: ApiClient) -> None:
    response = rep.post("/activities", {"type_id": activity_type(world.org).pk})
    assert (response.status_code, _field(response)) == (422, "customer_id")


def test_over_long_text_answers_422_naming_the_field(world: World, rep: ApiClient) -> None:
    activity = world.activities["rep"]
    response = rep.patch(f"/activities/{activity.pk}", {"subject": "s" * 201, "version": 1})
    assert (response.status_code, _field(response)) == (422, "subject")
    response = rep.post("/customers", {"name": "n" * 201})
    assert (response.status_code, _field(response)) == (422, "name")


def test_setting_a_done_activity_back_to_planned_answers_400(world: World, rep: ApiClient) -> None:
    activity = world.activities["rep"]
    response = rep.patch(f"/activities/{activity.pk}", {"status": "planned", "version": 1})
    assert (response.status_code, _field(response)) == (400, "status")
    activity.refresh_from_db()
    assert activity.status == "done"
    assert activity.completed_at is not None


def test_reopen_plans_it_again_and_the_history_shows_why(world: World, rep: ApiClient) -> None:
    activity = world.activities["rep"]
    response = rep.post(
        f"/activities/{activity.pk}/reopen", {"reason": "Wrong customer", "version": 1}
    )
    assert response.status_code == 200
    body = response.json()
    assert (body["status"], body["completed_at"], body["version"]) == ("planned", None, 2)
    history = rep.get(f"/activities/{activity.pk}/history").json()
    assert [(e["action"], e["reason"]) for e in history] == [
        ("created", ""),
        ("reopened", "Wrong customer"),
    ]
    assert history[1]["changes"]["status"] == ["done", "planned"]


def test_reopen_is_refused_without_reason_twice_or_without_the_right(
    world: World, rep: ApiClient, as_user
) -> None:  # type: ignore[no-untyped-def]
    activity = world.activities["rep"]
    url = f"/activities/{activity.pk}/reopen"
    assert rep.post(url, {}).status_code == 422
    response = rep.post(url, {"reason": "   ", "version": 1})
    assert (response.status_code, _field(response)) == (422, "reason")
    no = {"reason": "No", "version": 1}
    assert as_user(world.users["supporter"]).post(url, no).status_code == 403
    assert as_user(world.users["rep_b"]).post(url, no).status_code == 404
    assert rep.post(url, {"reason": "Stale", "version": 5}).status_code == 409
    activity.refresh_from_db()
    assert (activity.status, activity.version) == ("done", 1)
    assert rep.post(url, {"reason": "Once", "version": 1}).status_code == 200
    response = rep.post(url, {"reason": "Twice", "version": 2})
    assert (response.status_code, _field(response)) == (400, "status")
