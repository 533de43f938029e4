"""Who sees what through the API (METHOD.md §9): every list and detail, every role, records
owned across the reporting tree and in another organisation.

Records in ``world`` are keyed by their owner: ``rep`` (own for the rep), ``rep2`` (the rep's
team-mate, the manager's subordinate), ``manager``, ``rep_b`` (another team, same department),
``admin`` (outside the department) and ``other_rep`` (another organisation). A record outside the
caller's scope answers 404 — never 403 — and a write to it changes nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.db.models import Model

from keyact.activities.models import ActivityType
from keyact.users.models import User
from tests.api.conftest import ApiClient
from tests.conftest import World

pytestmark = pytest.mark.django_db

ROLES = ("admin", "director", "manager", "rep", "supporter", "other_admin")
OWNERS = ("rep", "rep2", "manager", "rep_b", "admin", "other_rep")

# Which owners' customers, contacts, opportunities and activities each role sees.
VISIBLE_RECORDS: dict[str, set[str]] = {
    "admin": {"rep", "rep2", "manager", "rep_b", "admin"},
    "director": {"rep", "rep2", "manager", "rep_b"},
    "manager": {"rep", "rep2", "manager"},
    "rep": {"rep"},
    "supporter": {"rep"},  # takes part in the rep's activity
    "other_admin": {"other_rep"},
}

# Which people each role sees under /users.
VISIBLE_USERS: dict[str, set[str]] = {
    "admin": {"admin", "director", "manager", "rep", "rep2", "manager_b", "rep_b", "supporter"},
    "director": {"director", "manager", "rep", "rep2", "manager_b", "rep_b"},
    "manager": {"manager", "rep", "rep2"},
    "rep": {"rep"},
    "supporter": {"supporter"},
    "other_admin": {"other_admin", "other_rep"},
}

RESOURCES = ("customers", "contacts", "opportunities", "activities")


def records(world: World, resource: str) -> dict[str, Model]:
    return {
        "customers": world.customers,
        "contacts": world.contacts,
        "opportunities": world.opportunities,
        "activities": world.activities,
    }[resource]  # type: ignore[return-value]


def list_ids(client: ApiClient, path: str) -> set[int]:
    response = client.get(path, limit=200)
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["next"] is None
    return {item["id"] for item in body["items"]}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("resource", RESOURCES)
def test_list_contains_exactly_the_records_in_scope(
    world: World, as_user: Callable[[User], ApiClient], role: str, resource: str
) -> None:
    expected = {records(world, resource)[owner].pk for owner in VISIBLE_RECORDS[role]}
    assert list_ids(as_user(world.users[role]), f"/{resource}") == expected


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("resource", RESOURCES)
def test_detail_answers_200_in_scope_and_404_outside(
    world: World, as_user: Callable[[User], ApiClient], role: str, resource: str
) -> None:
    client = as_user(world.users[role])
    statuses = {
        owner: client.get(f"/{resource}/{records(world, resource)[owner].pk}").status_code
        for owner in OWNERS
    }
    assert statuses == {owner: 200 if owner in VISIBLE_RECORDS[role] else 404 for owner in OWNERS}


@pytest.mark.parametrize("role", ROLES)
def test_users_list_and_detail_follow_the_scope(
    world: World, as_user: Callable[[User], ApiClient], role: str
) -> None:
    client = as_user(world.users[role])
    expected = {world.users[name].pk for name in VISIBLE_USERS[role]}
    assert list_ids(client, "/users") == expected
    statuses = {
        name: client.get(f"/users/{user.pk}").status_code for name, user in world.users.items()
    }
    assert statuses == {name: 200 if name in VISIBLE_USERS[role] else 404 for name in world.users}


@pytest.mark.parametrize("role", ROLES)
def test_activity_types_are_those_of_the_callers_organisation(
    world: World, as_user: Callable[[User], ApiClient], role: str
) -> None:
    client = as_user(world.users[role])
    org = world.other_org if role.startswith("other") else world.org
    foreign = world.org if role.startswith("other") else world.other_org
    own_ids = set(
        ActivityType.objects.filter(organization=org, is_active=True).values_list("pk", flat=True)
    )
    assert list_ids(client, "/activity-types") == own_ids
    foreign_type = ActivityType.objects.filter(organization=foreign).first()
    assert foreign_type is not None
    assert client.get(f"/activity-types/{min(own_ids)}").status_code == 200
    assert client.get(f"/activity-types/{foreign_type.pk}").status_code == 404


@pytest.mark.parametrize("role", ROLES)
def test_sub_resources_of_invisible_records_answer_404(
    world: World, as_user: Callable[[User], ApiClient], role: str
) -> None:
    client = as_user(world.users[role])
    for owner in OWNERS:
        expected = 200 if owner in VISIBLE_RECORDS[role] else 404
        activity = world.activities[owner]
        opportunity = world.opportunities[owner]
        assert client.get(f"/activities/{activity.pk}/history").status_code == expected
        assert client.get(f"/opportunities/{opportunity.pk}/stage-history").status_code == expected


PATCHES: dict[str, tuple[dict[str, Any], tuple[str, ...]]] = {
    "customers": (
        {"name": "Renamed", "industry": "Changed", "version": 1},
        ("name", "industry", "updated_at", "version"),
    ),
    "contacts": (
        {"name": "Renamed", "title": "Changed", "version": 1},
        ("name", "title", "updated_at", "version"),
    ),
    "opportunities": (
        {"name": "Renamed", "source": "x", "version": 1},
        ("name", "source", "updated_at", "version"),
    ),
    "activities": (
        {"subject": "Renamed", "notes": "x", "version": 1},
        ("subject", "notes", "version"),
    ),
}


def snapshot(record: Model, fields: tuple[str, ...]) -> dict[str, Any]:
    record.refresh_from_db()
    return {field: getattr(record, field) for field in fields}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("resource", RESOURCES)
def test_patch_of_an_invisible_record_answers_404_and_changes_nothing(
    world: World, as_user: Callable[[User], ApiClient], role: str, resource: str
) -> None:
    client = as_user(world.users[role])
    body, fields = PATCHES[resource]
    for owner in OWNERS:
        if owner in VISIBLE_RECORDS[role]:
            continue
        record = records(world, resource)[owner]
        before = snapshot(record, fields)
        response = client.patch(f"/{resource}/{record.pk}", body)
        assert response.status_code == 404, (owner, response.content)
        assert snapshot(record, fields) == before


@pytest.mark.parametrize("role", ROLES)
def test_actions_on_invisible_records_answer_404_and_change_nothing(
    world: World, as_user: Callable[[User], ApiClient], role: str
) -> None:
    client = as_user(world.users[role])
    for owner in OWNERS:
        if owner in VISIBLE_RECORDS[role]:
            continue
        activity = world.activities[owner]
        opportunity = world.opportunities[owner]
        activity_before = snapshot(activity, ("status", "version", "updated_at"))
        opportunity_before = snapshot(opportunity, ("stage_id", "status", "updated_at"))
        other_stage = opportunity.organization.stages.exclude(pk=opportunity.stage_id).first()
        assert other_stage is not None
        assert client.post(f"/activities/{activity.pk}/complete", {"version": 1}).status_code == 404
        assert client.post(f"/activities/{activity.pk}/cancel", {"version": 1}).status_code == 404
        response = client.post(
            f"/opportunities/{opportunity.pk}/stage", {"stage_id": other_stage.pk, "version": 1}
        )
        assert response.status_code == 404
        assert snapshot(activity, ("status", "version", "updated_at")) == activity_before
        assert snapshot(opportunity, ("stage_id", "status", "updated_at")) == opportunity_before
        assert opportunity.stage_changes.count() == 0


def test_supporter_sees_the_activity_they_take_part_in_but_cannot_change_it(
    world: World, as_user: Callable[[User], ApiClient]
) -> None:
    activity = world.activities["rep"]
    before = snapshot(activity, ("subject", "version"))
    response = as_user(world.users["supporter"]).patch(
        f"/activities/{activity.pk}", {"subject": "Hijacked", "version": 1}
    )
    assert response.status_code == 403
    assert snapshot(activity, ("subject", "version")) == before


def test_another_organisations_admin_cannot_patch_our_activity_types(
    world: World, as_user: Callable[[User], ApiClient]
) -> None:
    activity_type = ActivityType.objects.filter(organization=world.org).first()
    assert activity_type is not None
    response = as_user(world.users["other_admin"]).patch(
        f"/activity-types/{activity_type.pk}", {"name_en": "Hijacked"}
    )
    assert response.status_code == 404
    activity_type.refresh_from_db()
    assert activity_type.name_en != "Hijacked"


def operations() -> list[tuple[str, str]]:
    from keyact.config.api import api

    document = api.get_openapi_schema(path_prefix="/api/v1/")
    return [
        (method.upper(), path)
        for path, item in document["paths"].items()
        for method in item
        if method in {"get", "post", "patch", "put", "delete"}
    ]


@pytest.mark.parametrize(("method", "path"), operations())
def test_anonymous_requests_answer_401_everywhere(
    world: World, as_user: Callable[[User | None], ApiClient], method: str, path: str
) -> None:
    client = as_user(None)
    concrete = path
    for name in ("activity_id", "customer_id", "contact_id", "opportunity_id", "user_id"):
        concrete = concrete.replace("{" + name + "}", "1")
    concrete = concrete.replace("{type_id}", "1").replace("{token_id}", "1")
    response = client.request(method.lower(), concrete, {} if method != "GET" else None)
    assert response.status_code == 401, response.content
    assert response.json()["detail"].startswith("Authentication required")


# Which owners' customers (and so their contacts) each role may change: the account owner's
# team and administrators. A supporter sees the rep's customer through the activity they take
# part in, but may not change it or its contacts.
EDITABLE_CUSTOMERS: dict[str, set[str]] = {
    **VISIBLE_RECORDS,
    "supporter": set(),
}


def _contact_count(customer: Model) -> int:
    return customer.contacts.count()  # type: ignore[attr-defined]


@pytest.mark.parametrize("role", ROLES)
def test_contacts_change_exactly_where_their_customer_may_change(
    world: World, as_user: Callable[[User], ApiClient], role: str
) -> None:
    client = as_user(world.users[role])
    for owner in sorted(VISIBLE_RECORDS[role]):
        customer, contact = world.customers[owner], world.contacts[owner]
        allowed = owner in EDITABLE_CUSTOMERS[role]
        customer_before = snapshot(customer, ("industry", "updated_at"))
        contact_before = snapshot(contact, ("title", "updated_at"))
        contacts_before = _contact_count(customer)
        statuses = (
            client.patch(
                f"/customers/{customer.pk}", {"industry": "Changed", "version": 1}
            ).status_code,
            client.patch(f"/contacts/{contact.pk}", {"title": "Changed", "version": 1}).status_code,
            client.post("/contacts", {"customer_id": customer.pk, "name": "New"}).status_code,
        )
        assert statuses == ((200, 200, 201) if allowed else (403, 403, 403)), owner
        if not allowed:
            assert snapshot(customer, ("industry", "updated_at")) == customer_before
            assert snapshot(contact, ("title", "updated_at")) == contact_before
            assert _contact_count(customer) == contacts_before


def test_a_rep_who_sees_another_teams_customer_through_a_deal_cannot_change_its_contacts(
    world: World, as_user: Callable[[User], ApiClient]
) -> None:
    from tests.factories import OpportunityFactory

    customer, contact = world.customers["rep_b"], world.contacts["rep_b"]
    OpportunityFactory(customer=customer, owner=world.users["rep"], name="Shared account deal")
    client = as_user(world.users["rep"])
    assert client.get(f"/contacts/{contact.pk}").status_code == 200
    before = snapshot(contact, ("name", "title", "updated_at"))
    assert (
        client.patch(f"/customers/{customer.pk}", {"industry": "x", "version": 1}).status_code
        == 403
    )
    response = client.patch(f"/contacts/{contact.pk}", {"title": "Hijacked", "version": 1})
    assert response.status_code == 403
    assert response.json()["detail"] == (
        "Only the account owner's team can change this customer's contacts."
    )
    assert client.post("/contacts", {"customer_id": customer.pk, "name": "X"}).status_code == 403
    assert snapshot(contact, ("name", "title", "updated_at")) == before
    assert _contact_count(customer) == 1


def test_child_records_follow_their_parents_rule(
    world: World, as_user: Callable[[User], ApiClient]
) -> None:
    """Stage history (through a stage move) follows the opportunity; the supporter who sees the
    rep's deal through an activity may change neither it nor its stage."""
    opportunity = world.opportunities["rep"]
    other_stage = opportunity.organization.stages.exclude(pk=opportunity.stage_id).first()
    assert other_stage is not None
    client = as_user(world.users["supporter"])
    assert client.get(f"/opportunities/{opportunity.pk}").status_code == 200
    before = snapshot(opportunity, ("stage_id", "name", "updated_at"))
    assert (
        client.patch(f"/opportunities/{opportunity.pk}", {"name": "x", "version": 1}).status_code
        == 403
    )
    response = client.post(
        f"/opportunities/{opportunity.pk}/stage", {"stage_id": other_stage.pk, "version": 1}
    )
    assert response.status_code == 403
    assert snapshot(opportunity, ("stage_id", "name", "updated_at")) == before
    assert opportunity.stage_changes.count() == 0
