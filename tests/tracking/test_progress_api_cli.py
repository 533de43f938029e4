"""``GET /api/v1/key-activities/{id}/progress`` and ``keyact progress``: the same JSON shape."""

from __future__ import annotations

import io
import json

import pytest
from django.core.management import CommandError, call_command
from django.test import Client

from tests.tracking.conftest import Tracked, log

OWNER_KEYS = {
    "user_id",
    "username",
    "name",
    "target",
    "actual",
    "qualified",
    "expected_to_date",
    "status",
    "stages",
}


def get(client: Client, tracked: Tracked, user: str, **query: str):  # type: ignore[no-untyped-def]
    client.force_login(tracked.world.users[user])
    return client.get(f"/api/v1/key-activities/{tracked.ka.pk}/progress", query)


def test_progress_endpoint_answers_the_documented_shape(client: Client, tracked: Tracked) -> None:
    log(tracked, "rep", 2)
    log(tracked, "rep", 3)
    response = get(client, tracked, "manager", period="2026-02")
    assert response.status_code == 200
    body = response.json()
    assert body["period"] == {"start": "2026-02-01", "end": "2026-02-28"}
    [ka] = body["key_activities"]
    assert set(ka) == {"id", "name", "owners"}
    assert ka["id"] == tracked.ka.pk
    by_name = {o["username"]: o for o in ka["owners"]}
    assert set(by_name["rep"]) == OWNER_KEYS
    assert by_name["rep"] | {"user_id": 0, "name": ""} == {
        "user_id": 0,
        "username": "rep",
        "name": "",
        "target": 10,
        "actual": 2,
        "qualified": 2,
        "expected_to_date": 10,  # a past month: the whole target is expected
        "status": "off_track",
        "stages": [],
    }


def test_progress_endpoint_is_scoped(client: Client, tracked: Tracked) -> None:
    log(tracked, "rep", 2)
    rep = get(client, tracked, "rep", period="2026-02").json()
    assert [o["username"] for o in rep["key_activities"][0]["owners"]] == ["rep"]
    assert get(client, tracked, "rep_b", period="2026-02").status_code == 404
    assert get(client, tracked, "other_admin", period="2026-02").status_code == 404
    assert get(client, tracked, "manager", period="2026-13").status_code == 422
    client.logout()
    assert client.get(f"/api/v1/key-activities/{tracked.ka.pk}/progress").status_code == 401


def test_cli_prints_the_same_object_for_the_organisation(tracked: Tracked) -> None:
    log(tracked, "rep", 2)
    out = io.StringIO()
    call_command("progress", org="acme", period="2026-02", json=True, stdout=out)
    data = json.loads(out.getvalue())
    assert data["period"] == {"start": "2026-02-01", "end": "2026-02-28"}
    [ka] = data["key_activities"]
    assert [(o["username"], o["actual"], o["target"]) for o in ka["owners"]] == [
        ("rep", 1, 10),
        ("rep2", 0, 8),
    ]
    text = io.StringIO()
    call_command("progress", org="acme", period="2026-02", stdout=text)
    assert "rep" in text.getvalue() and "off_track" in text.getvalue()


def test_cli_rebuild_agrees_and_refuses_bad_input(tracked: Tracked) -> None:
    log(tracked, "rep", 2)
    out = io.StringIO()
    call_command("progress", "rebuild", period="2026-02", stdout=out)
    assert "0 difference(s)" in out.getvalue()
    with pytest.raises(CommandError):
        call_command("progress", org="nope")
    with pytest.raises(CommandError):
        call_command("progress", org="acme", period="2026-2")
