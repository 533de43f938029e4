"""Response headers: CSP without inline code, private no-store caching, size limits up front."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.test import Client

from keyact.users.services import token_create
from tests.conftest import World

pytestmark = pytest.mark.django_db

PACKAGE = Path(__file__).resolve().parents[2] / "keyact"


def _policy(response) -> dict[str, list[str]]:  # type: ignore[no-untyped-def]
    header = response["Content-Security-Policy"]
    directives = [part.strip().split() for part in header.split(";") if part.strip()]
    return {d[0]: d[1:] for d in directives}


def test_pages_send_a_strict_content_security_policy(world: World, client: Client) -> None:
    for response in (client.get("/accounts/login/"), client.get("/no/such/page/")):
        policy = _policy(response)
        assert policy["script-src"] == ["'self'"]
        assert policy["style-src"] == ["'self'"]
        assert policy["default-src"] == ["'self'"]
        assert policy["frame-ancestors"] == ["'none'"]
        assert policy["object-src"] == ["'none'"]
    client.force_login(world.users["rep"])
    page = client.get("/")
    assert "'unsafe-inline'" not in page["Content-Security-Policy"]
    assert "'unsafe-eval'" not in page["Content-Security-Policy"]


def test_security_headers_stay_as_they_were(world: World, client: Client) -> None:
    client.force_login(world.users["rep"])
    response = client.get("/")
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"


def test_logged_in_pages_and_api_answers_are_private_and_not_stored(
    world: World, client: Client
) -> None:
    anonymous_api = client.get("/api/v1/me")
    assert anonymous_api.status_code == 401
    assert anonymous_api["Cache-Control"] == "private, no-store"
    _, raw = token_create(user=world.users["rep"], name="headers")
    api = Client().get("/api/v1/activities", headers={"Authorization": f"Bearer {raw}"})
    assert api.status_code == 200
    assert api["Cache-Control"] == "private, no-store"
    client.force_login(world.users["rep"])
    for url in ("/", "/activities/", f"/customers/{world.customers['rep'].pk}/", "/nowhere/"):
        response = client.get(url)
        assert response["Cache-Control"] == "private, no-store", url
        assert "Expires" not in response


def test_an_oversized_body_is_refused_from_its_length_before_it_is_read(
    world: World, client: Client, settings
) -> None:
    client.force_login(world.users["rep"])
    too_big = str(settings.KEYACT_MAX_REQUEST_BYTES + 1)
    url = f"/activities/{world.activities['rep'].pk}/photo/upload/"
    # The test body is one byte: reading the announced length would fail loudly.
    page = client.post(url, data="x", content_type="image/jpeg", CONTENT_LENGTH=too_big)
    assert page.status_code == 413
    assert "The upload is too large" in page.content.decode()
    assert not type(world.activities["rep"]).objects.get(pk=world.activities["rep"].pk).photo
    _, raw = token_create(user=world.users["rep"], name="big")
    api = Client().post(
        "/api/v1/activities",
        data="x",
        content_type="application/json",
        CONTENT_LENGTH=too_big,
        headers={"Authorization": f"Bearer {raw}"},
    )
    assert api.status_code == 413
    assert api.json()["detail"].startswith("The request body is too large")
    garbled = client.post(url, data="x", content_type="image/jpeg", CONTENT_LENGTH="1e9")
    assert garbled.status_code == 400


INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*application/(?:ld\+)?json)[^>]*>", re.I)
INLINE_STYLE = re.compile(r"<style\b|\sstyle=", re.I)
INLINE_HANDLER = re.compile(r"\son[a-z]+=[\"']|javascript:|hx-on", re.I)


def test_no_template_carries_inline_scripts_styles_or_handlers() -> None:
    offenders = []
    for template in PACKAGE.rglob("templates/**/*.html"):
        text = template.read_text(encoding="utf-8")
        for pattern in (INLINE_SCRIPT, INLINE_STYLE, INLINE_HANDLER):
            for match in pattern.finditer(text):
                offenders.append(f"{template.relative_to(PACKAGE)}: {match.group(0)}")
    assert offenders == []
