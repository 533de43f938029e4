"""Authentication (bearer token or CSRF-checked session), /me and the caller's tokens."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client

from keyact.activities.models import Activity
from keyact.users.models import ApiToken, User
from keyact.users.services import token_create, token_revoke
from tests.api.conftest import ApiClient
from tests.conftest import World

pytestmark = pytest.mark.django_db


def test_a_valid_bearer_token_authenticates(world: World) -> None:
    _, raw = token_create(user=world.users["rep"])
    response = Client().get("/api/v1/me", headers={"Authorization": f"Bearer {raw}"})
    assert response.status_code == 200
    assert response.json()["user"]["username"] == "rep"


@pytest.mark.parametrize(
    "header",
    ["Bearer ka_not-a-real-token", "Bearer ", "Token abc", "Bearer " + "x" * 500, "Basic dXNlcg=="],
)
def test_unknown_or_malformed_credentials_answer_401(world: World, header: str) -> None:
    response = Client().get("/api/v1/activities", headers={"Authorization": header})
    assert response.status_code == 401
    assert response.headers["WWW-Authenticate"] == "Bearer"
    assert response.json() == {
        "detail": "Authentication required: log in or send a bearer token.",
        "errors": [
            {"field": None, "message": "Authentication required: log in or send a bearer token."}
        ],
    }


def test_a_revoked_token_answers_401(world: World) -> None:
    token, raw = token_create(user=world.users["rep"])
    token_revoke(user=world.users["rep"], token_id=token.pk)
    response = Client().get("/api/v1/me", headers={"Authorization": f"Bearer {raw}"})
    assert response.status_code == 401


def test_a_token_of_a_deactivated_user_answers_401(world: World) -> None:
    _, raw = token_create(user=world.users["rep"])
    User.objects.filter(pk=world.users["rep"].pk).update(is_active=False)
    response = Client().get("/api/v1/me", headers={"Authorization": f"Bearer {raw}"})
    assert response.status_code == 401


def test_the_session_authenticates_reads(world: World) -> None:
    client = Client()
    client.force_login(world.users["rep"])
    response = client.get("/api/v1/activities")
    assert response.status_code == 200
    assert [a["id"] for a in response.json()["items"]] == [world.activities["rep"].pk]


def test_session_writes_without_the_csrf_token_answer_403_and_change_nothing(
    world: World,
) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.users["rep"])
    before = Activity.objects.count()
    response = client.post(
        "/api/v1/activities",
        {"type_id": world.activities["rep"].type_id, "customer_id": world.customers["rep"].pk},
        content_type="application/json",
    )
    assert response.status_code == 403
    assert response.json()["detail"] == "CSRF check Failed"
    assert Activity.objects.count() == before


def test_session_writes_with_the_csrf_token_succeed(world: World) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.users["rep"])
    secret = "k" * 32
    client.cookies["csrftoken"] = secret
    response = client.post(
        "/api/v1/activities",
        {"type_id": world.activities["rep"].type_id, "customer_id": world.customers["rep"].pk},
        content_type="application/json",
        headers={"X-CSRFToken": secret},
    )
    assert response.status_code == 201


def test_anonymous_unsafe_requests_answer_401_not_a_csrf_403(world: World) -> None:
    response = Client(enforce_csrf_checks=True).post(
        "/api/v1/activities", {}, content_type="application/json"
    )
    assert response.status_code == 401


def test_me_describes_the_caller_and_their_scope(
    world: World, as_user: Callable[[User], ApiClient]
) -> None:
    body = as_user(world.users["manager"]).get("/me").json()
    assert body["role"] == "manager"
    assert body["organization"] == {
        "id": world.org.pk,
        "name": "Acme Sales",
        "slug": "acme",
        "default_currency": "CNY",
    }
    assert body["scope"] == {"kind": "subordinates", "user_count": 3}
    assert body["user"]["manager_id"] == world.users["director"].pk
    admin = as_user(world.users["admin"]).get("/me").json()
    assert admin["scope"] == {"kind": "organisation", "user_count": None}


def test_me_patch_sets_the_language(world: World, as_user: Callable[[User], ApiClient]) -> None:
    client = as_user(world.users["rep"])
    response = client.patch("/me", {"language": "zh-hans"})
    assert response.status_code == 200
    assert response.json()["user"]["language"] == "zh-hans"
    world.users["rep"].refresh_from_db()
    assert world.users["rep"].language == "zh-hans"


def test_me_patch_refuses_an_unknown_language(
    world: World, as_user: Callable[[User], ApiClient]
) -> None:
    response = as_user(world.users["rep"]).patch("/me", {"language": "fr"})
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "language"
    world.users["rep"].refresh_from_db()
    assert world.users["rep"].language == ""


def test_tokens_are_created_shown_once_listed_and_revoked(
    world: World, as_user: Callable[[User], ApiClient]
) -> None:
    client = as_user(world.users["rep"])
    created = client.post("/me/tokens", {"name": "phone"})
    assert created.status_code == 201
    raw = created.json()["token"]
    token = ApiToken.objects.get(pk=created.json()["id"])
    assert raw.startswith("ka_")
    assert token.digest != raw and raw not in token.digest
    listed = client.get("/me/tokens").json()["items"]
    assert [t["name"] for t in listed] == ["phone", "tests"]
    assert all("token" not in t for t in listed)
    assert client.get(f"/me/tokens/{token.pk}").json()["name"] == "phone"
    revoked = client.delete(f"/me/tokens/{token.pk}")
    assert revoked.status_code == 200
    assert revoked.json()["revoked_at"] is not None
    assert Client().get("/api/v1/me", headers={"Authorization": f"Bearer {raw}"}).status_code == 401


def test_nobody_sees_or_revokes_another_persons_token(
    world: World, as_user: Callable[[User], ApiClient]
) -> None:
    token, _ = token_create(user=world.users["rep"], name="mine")
    admin = as_user(world.users["admin"])
    assert admin.get(f"/me/tokens/{token.pk}").status_code == 404
    assert admin.delete(f"/me/tokens/{token.pk}").status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None
