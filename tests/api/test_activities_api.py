"""The activity endpoints: create, change with optimistic concurrency, complete, cancel, audit
trail, filters, pagination with a capped count, and constant query counts."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from keyact.activities.models import Activity, ActivityChange
from keyact.users.models import User
from tests.api.conftest import ApiClient
from tests.conftest import World
from tests.factories import ActivityFactory, activity_type

pytestmark = pytest.mark.django_db


@pytest.fixture
def rep(world: World, as_user: Callable[[User], ApiClient]) -> ApiClient:
    return as_user(world.users["rep"])


def test_create_records_a_done_activity_owned_by_the_caller(world: World, rep: ApiClient) -> None:
    customer = world.customers["rep"]
    contact = world.contacts["rep"]
    response = rep.post(
        "/activities",
        {
            "type_id": world.activities["rep"].type_id,
            "customer_id": customer.pk,
            "contact_ids": [contact.pk],
            "participant_ids": [world.users["supporter"].pk],
            "subject": "  Visit  ",
            "outcome": "advance",
        },
    )
    assert response.status_code == 201
    body = response.json()
    activity = Activity.objects.get(pk=body["id"])
    assert activity.owner_id == world.users["rep"].pk
    assert activity.status == "done"
    assert body["owner_id"] == world.users["rep"].pk
    assert body["subject"] == "Visit"
    assert body["contact_ids"] == [contact.pk]
    assert body["participant_ids"] == [world.users["supporter"].pk]
    assert body["version"] == 1
    assert list(activity.contacts.values_list("pk", flat=True)) == [contact.pk]
    history = rep.get(f"/activities/{activity.pk}/history").json()
    assert [(e["action"], e["changed_by_id"]) for e in history] == [
        ("created", world.users["rep"].pk)
    ]


def test_a_create_with_warm_caches_is_the_token_check_and_one_insert(
    world: World, rep: ApiClient, django_assert_num_queries
) -> None:  # type: ignore[no-untyped-def]
    payload = {"type_id": activity_type(world.org, "self_review").pk, "subject": "Quick"}
    rep.post("/activities", payload)  # token's last_used_at is now fresh; user and type cached
    # One query finds the token and checks the user's live authority (never cached, so a role
    # change applies at once); the activity type comes from the per-process cache, "created" in
    # the history is the row itself (no audit row), and the endpoint reads nothing back.
    with django_assert_num_queries(2):
        assert rep.post("/activities", payload).status_code == 201


def test_patch_changes_only_the_fields_sent_and_audits_them(world: World, rep: ApiClient) -> None:
    activity = world.activities["rep"]
    response = rep.patch(f"/activities/{activity.pk}", {"subject": "New", "version": 1})
    assert response.status_code == 200
    assert response.json()["subject"] == "New"
    assert response.json()["version"] == 2
    change = ActivityChange.objects.get(activity=activity, action="updated")
    assert change.changes == {"subject": ["", "New"]}
    assert change.changed_by_id == world.users["rep"].pk


def test_patch_with_a_stale_version_answers_409_and_changes_nothing(
    world: World, rep: ApiClient
) -> None:
    activity = world.activities["rep"]
    assert (
        rep.patch(f"/activities/{activity.pk}", {"subject": "First", "version": 1}).status_code
        == 200
    )
    response = rep.patch(f"/activities/{activity.pk}", {"subject": "Second", "version": 1})
    assert response.status_code == 409
    assert response.json()["errors"][0]["field"] == "version"
    activity.refresh_from_db()
    assert (activity.subject, activity.version) == ("First", 2)


def test_complete_marks_a_planned_activity_done_with_its_outcome(
    world: World, rep: ApiClient
) -> None:
    planned = ActivityFactory(
        organization=world.org,
        owner=world.users["rep"],
        status=Activity.Status.PLANNED,
        occurred_at=timezone.now() + dt.timedelta(days=1),
    )
    response = rep.post(
        f"/activities/{planned.pk}/complete",
        {"outcome": "commitment", "commitment_text": "Pilot in May", "version": 1},
    )
    assert response.status_code == 200
    assert response.json()["status"] == "done"
    assert response.json()["outcome"] == "commitment"
    assert response.json()["completed_at"] is not None
    assert [c.action for c in planned.changes.all()] == ["completed"]


def test_complete_needs_only_the_version(world: World, rep: ApiClient) -> None:
    planned = ActivityFactory(
        organization=world.org, owner=world.users["rep"], status=Activity.Status.PLANNED
    )
    response = rep.post(f"/activities/{planned.pk}/complete", {"version": 1})
    assert response.status_code == 200
    assert response.json()["status"] == "done"


def test_cancel_refuses_a_done_activity_and_changes_nothing(world: World, rep: ApiClient) -> None:
    activity = world.activities["rep"]
    response = rep.post(f"/activities/{activity.pk}/cancel", {"version": 1})
    assert response.status_code == 400
    assert response.json()["errors"][0]["field"] == "status"
    activity.refresh_from_db()
    assert (activity.status, activity.version) == ("done", 1)


def test_cancel_cancels_a_planned_activity(world: World, rep: ApiClient) -> None:
    planned = ActivityFactory(
        organization=world.org, owner=world.users["rep"], status=Activity.Status.PLANNED
    )
    response = rep.post(f"/activities/{planned.pk}/cancel", {"version": 1})
    assert response.status_code == 200
    assert response.json()["status"] == "cancelled"


def test_history_lists_the_audit_trail_oldest_first(world: World, rep: ApiClient) -> None:
    created = rep.post(
        "/activities",
        {"type_id": world.activities["rep"].type_id, "customer_id": world.customers["rep"].pk},
    ).json()
    rep.patch(f"/activities/{created['id']}", {"notes": "Went well", "version": 1})
    response = rep.get(f"/activities/{created['id']}/history")
    assert response.status_code == 200
    assert [(e["action"], e["changes"]) for e in response.json()] == [
        ("created", {}),
        ("updated", {"notes": ["", "Went well"]}),
    ]


def test_activities_cannot_be_deleted(world: World, rep: ApiClient) -> None:
    activity = world.activities["rep"]
    assert rep.delete(f"/activities/{activity.pk}").status_code == 405
    assert Activity.objects.filter(pk=activity.pk).exists()


def test_filters_combine(world: World, as_user: Callable[[User], ApiClient]) -> None:
    manager = as_user(world.users["manager"])
    rep2 = world.users["rep2"]
    ids = lambda **q: [a["id"] for a in manager.get("/activities", **q).json()["items"]]  # noqa: E731
    assert ids(owner_id=rep2.pk) == [world.activities["rep2"].pk]
    assert ids(customer_id=world.customers["rep"].pk) == [world.activities["rep"].pk]
    assert ids(opportunity_id=world.opportunities["manager"].pk) == [world.activities["manager"].pk]
    assert ids(status="planned") == []
    today = timezone.localdate()
    assert len(ids(date_from=str(today - dt.timedelta(days=1)), date_to=str(today))) == 3
    assert ids(date_to=str(today - dt.timedelta(days=2))) == []
    assert ids(owner_id=world.users["rep_b"].pk) == []  # outside the scope: simply absent


def test_search_finds_text_in_subject_and_notes(world: World, rep: ApiClient) -> None:
    rep.patch(
        f"/activities/{world.activities['rep'].pk}", {"notes": "Talked about 定价", "version": 1}
    )
    assert [a["id"] for a in rep.get("/activities", q="定价").json()["items"]] == [
        world.activities["rep"].pk
    ]
    assert rep.get("/activities", q="nothing like this").json()["items"] == []


def make_activities(world: World, n: int) -> None:
    owner = world.users["rep"]
    now = timezone.now()
    for i in range(n):
        activity = ActivityFactory(
            organization=world.org,
            owner=owner,
            occurred_at=now - dt.timedelta(minutes=i + 1),
            customer=world.customers["rep"],
        )
        activity.contacts.add(world.contacts["rep"])


def test_pages_follow_next_links_to_the_end(world: World, rep: ApiClient) -> None:
    make_activities(world, 6)
    seen: list[int] = []
    url: str | None = "/api/v1/activities?limit=3"
    pages = 0
    while url is not None:
        body = rep.client.get(url, headers=rep.headers).json()
        assert body["count"] == 7
        assert body["count_is_exact"] is True
        seen += [a["id"] for a in body["items"]]
        url = body["next"]
        pages += 1
    assert pages == 3
    assert len(seen) == len(set(seen)) == 7


@override_settings(KEYACT_API_COUNT_CAP=4)
def test_count_stops_at_the_cap_and_says_so(world: World, rep: ApiClient) -> None:
    make_activities(world, 6)
    body = rep.get("/activities", limit=2).json()
    assert (body["count"], body["count_is_exact"]) == (4, False)
    assert body["next"].endswith("/api/v1/activities?limit=2&offset=2")
    last = rep.get("/activities", limit=2, offset=6).json()
    assert [len(last["items"]), last["next"]] == [1, None]


def queries_for(client: ApiClient, **query: object) -> tuple[int, dict]:  # type: ignore[type-arg]
    with CaptureQueriesContext(connection) as ctx:
        body = client.get("/activities", **query).json()
    return len(ctx.captured_queries), body


def test_a_short_first_page_needs_no_count_query(world: World, rep: ApiClient) -> None:
    make_activities(world, 2)
    rep.get("/activities")  # token's last_used_at is now fresh
    full, body = queries_for(rep, limit=200)
    assert (body["count"], body["next"]) == (3, None)
    partial, body = queries_for(rep, limit=1)
    assert (body["count"], body["count_is_exact"]) == (3, True)
    # The token check, rows, contact ids, participant ids; only a page with a next page adds
    # the count.
    assert (full, partial) == (4, 5)


@pytest.mark.parametrize(("role", "queries"), [("rep", 5), ("manager", 6), ("admin", 5)])
def test_list_query_count_does_not_grow_with_the_page_size(
    world: World, as_user: Callable[[User], ApiClient], role: str, queries: int
) -> None:
    make_activities(world, 30)
    client = as_user(world.users[role])
    client.get("/activities", limit=1)  # token's last_used_at is now fresh
    counts = []
    for limit in (2, 10, 25):
        count, body = queries_for(client, limit=limit)
        assert len(body["items"]) == limit
        counts.append(count)
    # The token check (user and membership come with it), rows, capped count, contact ids,
    # participant ids, and for a manager the subordinates.
    assert counts == [queries] * 3


@pytest.mark.parametrize("resource", ["customers", "contacts", "opportunities", "users"])
def test_other_lists_run_a_constant_number_of_queries(
    world: World, as_user: Callable[[User], ApiClient], django_assert_num_queries, resource: str
) -> None:  # type: ignore[no-untyped-def]
    client = as_user(world.users["admin"])
    client.get(f"/{resource}")
    # The token check (user and membership come with it), the rows, plus the capped count
    # when there is a next page.
    for limit, queries in ((1, 3), (200, 2)):
        with django_assert_num_queries(queries):
            assert client.get(f"/{resource}", limit=limit).status_code == 200
