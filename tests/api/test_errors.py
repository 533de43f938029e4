"""Every 4xx is JSON naming each field and reason; bad input never reaches the database."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from keyact.activities.models import Activity
from keyact.users.models import User
from tests.api.conftest import ApiClient
from tests.conftest import World

pytestmark = pytest.mark.django_db


@pytest.fixture
def rep(world: World, as_user: Callable[[User], ApiClient]) -> ApiClient:
    return as_user(world.users["rep"])


def visit_type_id(world: World) -> int:
    return world.activities["rep"].type_id


def errors_of(response) -> dict[str | None, str]:  # type: ignore[no-untyped-def]
    body = response.json()
    assert set(body) == {"detail", "errors"}
    return {e["field"]: e["message"] for e in body["errors"]}


def test_malformed_json_answers_400_naming_the_body(world: World, rep: ApiClient) -> None:
    before = Activity.objects.count()
    response = rep.post("/activities", raw='{"type_id": ')
    assert response.status_code == 400
    assert response.json() == {
        "detail": "The request body is not valid JSON.",
        "errors": [{"field": None, "message": "The request body is not valid JSON."}],
    }
    assert Activity.objects.count() == before


def test_a_body_that_is_not_an_object_answers_400(world: World, rep: ApiClient) -> None:
    response = rep.post("/activities", raw="[1, 2]")
    assert response.status_code == 400
    assert list(errors_of(response)) == [None]


def test_wrong_types_unknown_fields_and_oversize_strings_are_named(
    world: World, rep: ApiClient
) -> None:
    before = Activity.objects.count()
    response = rep.post(
        "/activities",
        {
            "type_id": "visit",
            "subject": "x" * 201,
            "duration_minutes": "30",
            "customer_confirmed": "yes",
            "colour": "red",
        },
    )
    assert response.status_code == 422
    assert response.json()["detail"] == "The request is invalid."
    errors = errors_of(response)
    assert set(errors) == {
        "type_id",
        "subject",
        "duration_minutes",
        "customer_confirmed",
        "colour",
    }
    assert errors["subject"] == "String should have at most 200 characters"
    assert errors["colour"] == "Extra inputs are not permitted"
    assert Activity.objects.count() == before


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("occurred_at", "yesterday"),
        ("occurred_at", "0001-01-01T00:00:00"),
        ("occurred_at", 1700000000),
        ("ended_at", "2026-13-45T00:00:00Z"),
    ],
)
def test_bad_dates_answer_422_naming_the_field(
    world: World, rep: ApiClient, field: str, value: object
) -> None:
    before = Activity.objects.count()
    response = rep.post("/activities", {"type_id": visit_type_id(world), field: value})
    assert response.status_code == 422
    assert list(errors_of(response)) == [field]
    assert Activity.objects.count() == before


@pytest.mark.parametrize("value", [2**63, -1, 0, 10**30])
def test_out_of_range_ids_answer_422_not_a_database_error(
    world: World, rep: ApiClient, value: int
) -> None:
    response = rep.post("/activities", {"type_id": value})
    assert response.status_code == 422
    assert list(errors_of(response)) == ["type_id"]


def test_out_of_range_ids_in_the_path_and_query_answer_422(world: World, rep: ApiClient) -> None:
    assert rep.get(f"/activities/{2**63}").status_code == 422
    assert rep.get("/activities", customer_id=str(2**64)).status_code == 422
    assert rep.get("/activities", offset=str(10**20)).status_code == 422
    assert rep.get("/activities", limit="201").status_code == 422
    assert errors_of(rep.get("/activities", limit="0")) == {
        "limit": "Input should be greater than or equal to 1"
    }


def test_an_id_beyond_bigint_in_a_path_is_not_a_server_error(world: World, rep: ApiClient) -> None:
    response = rep.patch(f"/customers/{2**63 + 5}", {"name": "x", "version": 1})
    assert response.status_code == 422
    assert list(errors_of(response)) == ["customer_id"]


def test_nul_characters_in_strings_answer_422(world: World, rep: ApiClient) -> None:
    before = Activity.objects.count()
    response = rep.post("/activities", {"type_id": visit_type_id(world), "notes": "a\x00b"})
    assert response.status_code == 422
    assert errors_of(response) == {"notes": "must not contain NUL characters"}
    assert rep.get("/activities", q="a\x00").status_code == 422
    assert Activity.objects.count() == before


def test_lone_surrogates_answer_422(world: World, rep: ApiClient) -> None:
    response = rep.post("/customers", raw='{"name": "bad \\ud800 name"}')
    assert response.status_code == 422
    assert list(errors_of(response)) == ["name"]


def test_infinite_and_nan_floats_answer_422(world: World, rep: ApiClient) -> None:
    response = rep.post(
        "/activities", raw=f'{{"type_id": {visit_type_id(world)}, "checkin_latitude": NaN}}'
    )
    assert response.status_code == 422
    assert list(errors_of(response)) == ["checkin_latitude"]


def test_nested_list_errors_carry_the_item_index(world: World, rep: ApiClient) -> None:
    response = rep.post("/activities", {"type_id": visit_type_id(world), "contact_ids": [1, "x"]})
    assert response.status_code == 422
    assert list(errors_of(response)) == ["contact_ids.1"]


def test_domain_errors_keep_their_status_and_field(world: World, rep: ApiClient) -> None:
    response = rep.post(f"/activities/{world.activities['rep'].pk}/cancel", {"version": 1})
    assert response.status_code == 400
    message = "A done activity is a fact and cannot be cancelled; correct it instead."
    assert response.json() == {
        "detail": message,
        "errors": [{"field": "status", "message": message}],
    }


def test_a_rule_on_values_answers_422_with_the_field(world: World, rep: ApiClient) -> None:
    response = rep.post(
        "/activities",
        {
            "type_id": visit_type_id(world),
            "customer_id": world.customers["rep"].pk,
            "outcome": "commitment",
            "commitment_text": "",
        },
    )
    assert response.status_code == 422
    assert response.json() == {
        "detail": "Say what the customer committed to.",
        "errors": [{"field": "commitment_text", "message": "Say what the customer committed to."}],
    }


def test_a_reference_to_an_invisible_record_answers_404_with_the_field(
    world: World, rep: ApiClient
) -> None:
    response = rep.post(
        "/activities",
        {"type_id": visit_type_id(world), "customer_id": world.customers["rep_b"].pk},
    )
    assert response.status_code == 404
    assert errors_of(response) == {"customer_id": "No such customer."}


def test_null_for_a_field_that_cannot_be_empty_answers_422(world: World, rep: ApiClient) -> None:
    activity = world.activities["rep"]
    for field in ("type_id", "subject", "status", "occurred_at", "owner_id"):
        response = rep.patch(f"/activities/{activity.pk}", {field: None, "version": 1})
        assert response.status_code == 422, field
        assert list(errors_of(response)) == [field]
    activity.refresh_from_db()
    assert activity.version == 1


def test_a_user_without_membership_gets_a_json_404(
    db: None, as_user: Callable[[User], ApiClient]
) -> None:
    loner = User.objects.create_user(username="loner", password="x-very-long-pw-1")
    client = as_user(loner)
    response = client.get("/activities")
    assert response.status_code == 404
    assert response.json()["detail"] == "You are not a member of any organisation."
    assert client.get("/me").status_code == 404


def test_a_wrong_method_answers_a_json_405(world: World, rep: ApiClient) -> None:
    activity = world.activities["rep"]
    response = rep.delete(f"/activities/{activity.pk}")
    assert response.status_code == 405
    assert response.json() == {
        "detail": "Method DELETE is not allowed here.",
        "errors": [{"field": None, "message": "Method DELETE is not allowed here."}],
    }
    assert set(response["Allow"].split(", ")) == {"GET", "PATCH"}
    assert Activity.objects.filter(pk=activity.pk).exists()


def test_an_unknown_api_path_answers_a_json_404(world: World, rep: ApiClient) -> None:
    response = rep.get("/no-such-thing")
    assert response.status_code == 404
    assert response.json()["detail"] == "No such API endpoint."


def test_an_oversize_body_answers_413(world: World, rep: ApiClient, settings) -> None:  # type: ignore[no-untyped-def]
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    before = Activity.objects.count()
    response = rep.post("/activities", {"type_id": visit_type_id(world), "notes": "x" * 2000})
    assert response.status_code == 413
    assert response.json()["detail"] == "The request body is too large."
    assert Activity.objects.count() == before
