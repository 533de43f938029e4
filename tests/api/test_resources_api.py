"""Customers, contacts, opportunities and activity types through the API."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

import pytest

from keyact.activities.models import ActivityType
from keyact.customers.models import Contact, Customer
from keyact.deals.models import Opportunity, Stage
from keyact.users.models import User
from tests.api.conftest import ApiClient
from tests.conftest import World

pytestmark = pytest.mark.django_db


@pytest.fixture
def rep(world: World, as_user: Callable[[User], ApiClient]) -> ApiClient:
    return as_user(world.users["rep"])


def test_customer_create_and_patch(world: World, rep: ApiClient) -> None:
    created = rep.post(
        "/customers", {"name": " 华为 ", "industry": "Telecom", "annual_revenue": "1234.50"}
    )
    assert created.status_code == 201
    body = created.json()
    assert (body["name"], body["owner_id"], body["is_existing"]) == (
        "华为",
        world.users["rep"].pk,
        False,
    )
    assert body["annual_revenue"] == "1234.50"
    patched = rep.patch(
        f"/customers/{body['id']}", {"employees": 5000, "address": "Shenzhen", "version": 1}
    )
    assert patched.status_code == 200
    customer = Customer.objects.get(pk=body["id"])
    assert (customer.employees, customer.address, customer.industry) == (
        5000,
        "Shenzhen",
        "Telecom",
    )


def test_customer_detail_says_whether_it_is_existing(world: World, rep: ApiClient) -> None:
    customer = world.customers["rep"]
    assert rep.get(f"/customers/{customer.pk}").json()["is_existing"] is False
    won = Stage.objects.get(organization=world.org, is_won=True)
    rep.post(
        f"/opportunities/{world.opportunities['rep'].pk}/stage", {"stage_id": won.pk, "version": 1}
    )
    assert rep.get(f"/customers/{customer.pk}").json()["is_existing"] is True


def test_customer_list_filters(world: World, as_user: Callable[[User], ApiClient]) -> None:
    admin = as_user(world.users["admin"])
    Customer.objects.filter(pk=world.customers["rep2"].pk).update(industry="Retail")
    names = lambda **q: [c["name"] for c in admin.get("/customers", **q).json()["items"]]  # noqa: E731
    assert names(industry="Retail") == ["rep2 Ltd"]
    assert names(q="retail") == ["rep2 Ltd"]
    assert names(owner_id=world.users["rep_b"].pk) == ["rep_b Ltd"]


def test_a_rep_cannot_give_a_customer_to_someone_outside_their_scope(
    world: World, rep: ApiClient
) -> None:
    customer = world.customers["rep"]
    response = rep.patch(
        f"/customers/{customer.pk}", {"owner_id": world.users["rep_b"].pk, "version": 1}
    )
    assert response.status_code == 400
    assert response.json()["errors"][0]["field"] == "owner_id"
    customer.refresh_from_db()
    assert customer.owner_id == world.users["rep"].pk


def test_contact_create_patch_and_list_by_customer(world: World, rep: ApiClient) -> None:
    customer = world.customers["rep"]
    created = rep.post(
        "/contacts",
        {
            "customer_id": customer.pk,
            "name": "Li Lei",
            "email": "li@example.com",
            "buying_role": "economic",
        },
    )
    assert created.status_code == 201
    contact_id = created.json()["id"]
    assert (
        rep.patch(f"/contacts/{contact_id}", {"title": "CFO", "version": 1}).json()["title"]
        == "CFO"
    )
    listed = rep.get("/contacts", customer_id=customer.pk).json()["items"]
    assert [c["name"] for c in listed] == ["Li Lei", "rep contact"]
    assert Contact.objects.get(pk=contact_id).buying_role == "economic"


def test_contact_refuses_a_bad_email_and_an_invisible_customer(
    world: World, rep: ApiClient
) -> None:
    before = Contact.objects.count()
    bad = rep.post(
        "/contacts", {"customer_id": world.customers["rep"].pk, "name": "X", "email": "nope"}
    )
    assert bad.status_code == 422
    assert bad.json()["errors"][0]["field"] == "email"
    hidden = rep.post("/contacts", {"customer_id": world.customers["rep_b"].pk, "name": "X"})
    assert hidden.status_code == 404
    assert Contact.objects.count() == before


def test_opportunity_create_patch_move_and_history(world: World, rep: ApiClient) -> None:
    created = rep.post(
        "/opportunities",
        {"name": "Big deal", "customer_id": world.customers["rep"].pk, "amount": 50000},
    )
    assert created.status_code == 201
    body = created.json()
    assert (body["status"], body["currency"], body["amount"]) == ("open", "CNY", "50000.00")
    opportunity_id = body["id"]
    assert (
        rep.patch(f"/opportunities/{opportunity_id}", {"source": "fair", "version": 1}).status_code
        == 200
    )
    won = Stage.objects.get(organization=world.org, is_won=True)
    moved = rep.post(f"/opportunities/{opportunity_id}/stage", {"stage_id": won.pk, "version": 2})
    assert moved.status_code == 200
    assert moved.json()["status"] == "won"
    assert moved.json()["closed_date"] is not None
    history = rep.get(f"/opportunities/{opportunity_id}/stage-history").json()
    first = Stage.objects.filter(organization=world.org).order_by("order").first()
    assert first is not None
    assert [(h["from_stage_id"], h["to_stage_id"]) for h in history] == [
        (None, first.pk),
        (first.pk, won.pk),
    ]
    opportunity = Opportunity.objects.get(pk=opportunity_id)
    assert (opportunity.source, opportunity.amount) == ("fair", Decimal("50000.00"))


def test_opportunity_refuses_a_stage_of_another_organisation(world: World, rep: ApiClient) -> None:
    opportunity = world.opportunities["rep"]
    foreign = Stage.objects.filter(organization=world.other_org).first()
    assert foreign is not None
    response = rep.post(
        f"/opportunities/{opportunity.pk}/stage", {"stage_id": foreign.pk, "version": 1}
    )
    assert response.status_code == 404
    opportunity.refresh_from_db()
    assert opportunity.stage_changes.count() == 0


def test_opportunity_amount_beyond_the_column_answers_422(world: World, rep: ApiClient) -> None:
    response = rep.post("/opportunities", {"name": "Huge", "amount": "1" * 20})
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "amount"


def test_stages_list_the_pipeline_in_order(world: World, rep: ApiClient) -> None:
    stages = rep.get("/stages").json()["items"]
    assert [s["order"] for s in stages] == sorted(s["order"] for s in stages)
    assert {s["id"] for s in stages} == set(
        Stage.objects.filter(organization=world.org).values_list("pk", flat=True)
    )


def test_admins_create_and_change_activity_types(
    world: World, as_user: Callable[[User], ApiClient]
) -> None:
    admin = as_user(world.users["admin"])
    created = admin.post(
        "/activity-types",
        {"code": "tasting", "name_en": "Tasting", "name_zh": "试吃", "counterpart": "customer"},
    )
    assert created.status_code == 201
    assert created.json()["category"] == "industry"
    type_id = created.json()["id"]
    patched = admin.patch(f"/activity-types/{type_id}", {"is_active": False})
    assert patched.json()["is_active"] is False
    listed = {t["id"] for t in admin.get("/activity-types").json()["items"]}
    assert type_id not in listed
    with_inactive = admin.get("/activity-types", include_inactive="true").json()["items"]
    assert type_id in {t["id"] for t in with_inactive}


def test_non_admins_cannot_create_or_change_activity_types(
    world: World, as_user: Callable[[User], ApiClient]
) -> None:
    manager = as_user(world.users["manager"])
    before = ActivityType.objects.count()
    response = manager.post(
        "/activity-types", {"code": "tasting", "name_en": "Tasting", "name_zh": "试吃"}
    )
    assert response.status_code == 403
    visit = ActivityType.objects.get(organization=world.org, code="visit")
    assert manager.patch(f"/activity-types/{visit.pk}", {"name_en": "X"}).status_code == 403
    visit.refresh_from_db()
    assert visit.name_en != "X"
    assert ActivityType.objects.count() == before


def test_activity_type_names_follow_the_callers_language(
    world: World, as_user: Callable[[User], ApiClient]
) -> None:
    client = as_user(world.users["rep"])
    client.patch("/me", {"language": "zh-hans"})
    visit = ActivityType.objects.get(organization=world.org, code="visit")
    assert client.get(f"/activity-types/{visit.pk}").json()["name"] == visit.name_zh
