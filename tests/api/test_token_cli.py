"""``keyact token create|list|revoke``."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.test import Client

from keyact.users.models import ApiToken
from keyact.users.services import token_digest
from tests.conftest import World

pytestmark = pytest.mark.django_db


def run(*args: str) -> str:
    out = StringIO()
    call_command("token", *args, stdout=out)
    return out.getvalue()


def test_create_prints_the_raw_token_once_and_stores_only_its_digest(world: World) -> None:
    raw = run("create", "--user", "rep", "--name", "laptop").strip()
    token = ApiToken.objects.get(user=world.users["rep"])
    assert token.name == "laptop"
    assert token.digest == token_digest(raw)
    assert raw not in run("list", "--user", "rep")
    response = Client().get("/api/v1/me", headers={"Authorization": f"Bearer {raw}"})
    assert response.json()["user"]["username"] == "rep"


def test_list_shows_each_token_and_its_state(world: World) -> None:
    run("create", "--user", "rep", "--name", "one")
    lines = run("list", "--user", "rep").splitlines()
    assert len(lines) == 1
    assert "\tone\t" in lines[0]
    assert lines[0].endswith("active")


def test_revoke_disables_the_token(world: World) -> None:
    raw = run("create", "--user", "rep").strip()
    token = ApiToken.objects.get(user=world.users["rep"])
    assert f"Revoked token {token.pk}" in run("revoke", "--id", str(token.pk))
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert "revoked" in run("list", "--user", "rep")
    response = Client().get("/api/v1/me", headers={"Authorization": f"Bearer {raw}"})
    assert response.status_code == 401


def test_unknown_user_or_token_is_a_command_error_and_creates_nothing(world: World) -> None:
    with pytest.raises(CommandError, match="No user named 'ghost'"):
        run("create", "--user", "ghost")
    with pytest.raises(CommandError, match="No token with id 999"):
        run("revoke", "--id", "999")
    assert ApiToken.objects.count() == 0
