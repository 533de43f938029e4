"""Numbers from requests go through one parser: malformed ones are 400 or 404, never 500."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from keyact.core.params import IdConverter, id_list, optional_id, parse_id
from tests.conftest import World

pytestmark = pytest.mark.django_db

HUGE = str(2**64)


def test_unknown_urls_answer_the_404_page_for_logged_in_users(world: World, client: Client) -> None:
    client.force_login(world.users["rep"])
    client.raise_request_exception = False
    response = client.get("/no/such/page/")
    assert response.status_code == 404
    assert "This page does not exist" in response.content.decode()
    assert 'href="/customers/"' in response.content.decode()  # the navigation is there


def test_ids_beyond_64_bits_in_the_path_are_not_found(world: World, client: Client) -> None:
    client.force_login(world.users["admin"])
    client.raise_request_exception = False
    for url in (
        f"/activities/{HUGE}/",
        f"/customers/{HUGE}/",
        f"/opportunities/{HUGE}/",
        f"/org/people/{HUGE}/edit/",
        f"/key-activities/{HUGE}/",
        f"/playbook/visits/{HUGE}/",
        "/activities/0/",
    ):
        assert client.get(url).status_code == 404, url


def test_malformed_prefill_ids_are_a_bad_request(world: World, client: Client) -> None:
    client.force_login(world.users["rep"])
    client.raise_request_exception = False
    for value in ("²", "abc", HUGE, "-1", "1.0"):
        response = client.get("/opportunities/new/", {"customer": value})
        assert response.status_code == 400, value
        assert "cannot read" in response.content.decode()
    ok = client.get("/opportunities/new/", {"customer": world.customers["rep"].pk})
    assert ok.status_code == 200


def test_every_url_pattern_takes_ids_through_the_id_converter() -> None:
    def walk(patterns: list[URLPattern | URLResolver], prefix: str = "") -> list[str]:
        found: list[str] = []
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                found += walk(pattern.url_patterns, prefix + str(pattern.pattern))
            else:
                converters = getattr(pattern.pattern, "converters", {})
                if any(type(c).__name__ == "IntConverter" for c in converters.values()):
                    found.append(prefix + str(pattern.pattern))
        return found

    assert walk(get_resolver().url_patterns) == []


def test_the_parser_accepts_only_ascii_digits_within_64_bits() -> None:
    from django.core.exceptions import BadRequest

    assert parse_id("42", name="id") == 42
    assert parse_id(" 7 ", name="id") == 7
    assert parse_id(str(2**63 - 1), name="id") == 2**63 - 1
    for raw in ("²", "٣", "abc", "", "0", "-1", "1.0", "1e3", str(2**63), HUGE, None, 5):
        with pytest.raises(BadRequest):
            parse_id(raw, name="id")
    assert optional_id({"customer": ""}, "customer") is None
    assert optional_id({}, "customer") is None
    assert id_list(["3", "1", "3", ""], name="ids") == [3, 1]
    with pytest.raises(BadRequest):
        id_list([str(i) for i in range(1, 60)], name="ids", limit=50)
    converter = IdConverter()
    with pytest.raises(ValueError):
        converter.to_python(str(2**63))
    with pytest.raises(ValueError):
        converter.to_python("0")


def test_an_unknown_inspiration_is_a_message_not_a_server_error(
    world: World, client: Client
) -> None:
    client.force_login(world.users["manager"])
    client.raise_request_exception = False
    response = client.post("/key-activities/candidates/inspire/", {"code": "abc\x00"}, follow=True)
    assert response.status_code == 200
    assert "Unknown inspiration." in response.content.decode()
