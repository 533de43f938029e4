"""The OpenAPI document says what validation enforces, and the API accepts what it documents."""

from __future__ import annotations

import json
import re

import pytest

from keyact.keyactivities.models import Candidate
from tests.api.conftest import ApiClient
from tests.conftest import World

pytestmark = pytest.mark.django_db


@pytest.fixture
def document(client) -> dict:  # type: ignore[no-untyped-def]
    return json.loads(client.get("/api/v1/openapi.json").content)


def _schema(document: dict, name: str) -> dict:
    return document["components"]["schemas"][name]


def _branch(prop: dict, kind: str) -> dict:
    for option in prop.get("anyOf", [prop]):
        if option.get("type") == kind:
            return option
    raise AssertionError(f"no {kind} in {prop}")


def test_compare_takes_ids_from_the_query_string(world: World, as_user) -> None:
    admin = world.users["admin"]
    first = Candidate.objects.create(organization=world.org, lens="benchmark", title_en="First")
    second = Candidate.objects.create(organization=world.org, lens="obstacles", title_en="Second")
    api: ApiClient = as_user(admin)
    one = api.get("/key-activities/candidates/compare", ids=first.pk)
    assert one.status_code == 200, one.content
    assert [c["id"] for c in one.json()] == [first.pk]
    both = api.client.get(
        f"/api/v1/key-activities/candidates/compare?ids={first.pk}&ids={second.pk}",
        headers=api.headers,
    )
    assert sorted(c["id"] for c in both.json()) == sorted([first.pk, second.pk])
    assert api.get("/key-activities/candidates/compare", ids="abc").status_code == 422


def test_text_fields_document_that_nul_is_refused(document: dict, world: World, as_user) -> None:
    name = _schema(document, "CustomerIn")["properties"]["name"]
    assert re.search(name["pattern"], "Acme") and not re.search(name["pattern"], "A\x00cme")
    response = as_user(world.users["rep"]).post("/customers", {"name": "A\x00cme"})
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "name"


def test_dates_document_the_years_the_api_takes(document: dict, world: World, as_user) -> None:
    prop = _branch(
        _schema(document, "OpportunityIn")["properties"]["expected_close_date"], "string"
    )
    assert prop["format"] == "date"
    pattern = re.compile(prop["pattern"])
    api = as_user(world.users["rep"])
    customer = world.customers["rep"].pk
    for day, accepted in [
        ("1900-01-01", True),
        ("2200-12-31", True),
        ("1899-12-31", False),
        ("2201-01-01", False),
        ("9999-12-01", False),
    ]:
        assert bool(pattern.search(day)) is accepted, day
        response = api.post(
            "/opportunities",
            {"name": f"Deal {day}", "customer_id": customer, "expected_close_date": day},
        )
        assert (response.status_code == 201) is accepted, (day, response.content)
    moment = _branch(_schema(document, "ActivityIn")["properties"]["occurred_at"], "string")
    assert moment["format"] == "date-time"
    assert re.search(moment["pattern"], "2026-03-18T10:00:00+08:00")
    assert not re.search(moment["pattern"], "9999-03-18T10:00:00+08:00")


def test_integers_written_with_a_zero_fraction_are_integers(world: World, as_user) -> None:
    api = as_user(world.users["rep"])
    customer = world.customers["rep"]
    response = api.post("/customers", {"name": "Whole", "employees": 583.0})
    assert response.status_code == 201, response.content
    assert response.json()["employees"] == 583
    assert api.post("/customers", {"name": "Half", "employees": 583.5}).status_code == 422
    assert api.post("/customers", {"name": "Text", "employees": "583"}).status_code == 422
    assert api.post("/customers", {"name": "Bool", "employees": True}).status_code == 422
    assert (
        api.patch(
            f"/customers/{customer.pk}",
            {"owner_id": float(customer.owner_id), "version": customer.version},
        ).status_code
        == 200
    )


def test_money_is_a_number_in_cents_or_a_decimal_string(
    document: dict, world: World, as_user
) -> None:
    prop = _schema(document, "OpportunityIn")["properties"]["amount"]
    assert "multipleOf" not in _branch(prop, "number")  # numbers are rounded to cents
    text = _branch(prop, "string")
    api = as_user(world.users["rep"])
    customer = world.customers["rep"].pk
    for amount, accepted in [
        (1250.5, True),
        ("1250.50", True),
        (0.57, True),
        ("12", True),
        (12.344, True),
        ("12.345", False),
        ("1e3", False),
        ("twelve", False),
        (True, False),
        (-1, False),
    ]:
        if isinstance(amount, str):
            assert bool(re.search(text["pattern"], amount)) is accepted, amount
        response = api.post(
            "/opportunities", {"name": f"Deal {amount}", "customer_id": customer, "amount": amount}
        )
        assert (response.status_code == 201) is accepted, (amount, response.content)


def test_create_operations_link_to_the_record_they_created(document: dict) -> None:
    created = document["paths"]["/api/v1/customers"]["post"]["responses"]["201"]
    link = created["links"]["keyact_customers_api_customers_patch"]
    assert link["parameters"] == {"customer_id": "$response.body#/id"}
    activity_links = document["paths"]["/api/v1/activities"]["post"]["responses"]["201"]["links"]
    assert {
        "keyact_activities_api_activities_get",
        "keyact_activities_api_activities_patch",
    } <= set(activity_links)


def test_links_to_versioned_updates_pass_on_the_created_version(document: dict) -> None:
    """Updates require the version just read (ADR 0015): a link that left it out would only
    ever reach a 422 or a 409, so stateful runs would never update what they created."""
    created = document["paths"]["/api/v1/opportunities"]["post"]["responses"]["201"]["links"]
    for operation in ("patch", "move_stage"):
        link = created[f"keyact_deals_api_opportunities_{operation}"]
        assert link["requestBody"] == {"version": "$response.body#/version"}
    assert "requestBody" not in created["keyact_deals_api_opportunities_get"]
    activity = document["paths"]["/api/v1/activities"]["post"]["responses"]["201"]["links"]
    assert activity["keyact_activities_api_activities_complete"]["requestBody"] == {
        "version": "$response.body#/version"
    }


def test_huge_or_tiny_amounts_are_refused_or_rounded_not_a_server_error(
    world: World, as_user
) -> None:
    api = as_user(world.users["rep"])
    opportunity = world.opportunities["rep"]
    huge = api.patch(
        f"/opportunities/{opportunity.pk}", {"amount": 7.016913949771346e307, "version": 1}
    )
    assert huge.status_code == 422
    assert huge.json()["errors"][0]["field"] == "amount"
    tiny = api.patch(
        f"/opportunities/{opportunity.pk}", {"amount": 2.5890419884777833e-42, "version": 1}
    )
    assert tiny.status_code == 200
    assert tiny.json()["amount"] in ("0.00", 0, "0")
