"""The main navigation highlights one section; pages mark only the fields that are wrong."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse

from tests.conftest import World
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db

ACTIVE = re.compile(r'class="nav-link active"[^>]*href="([^"]+)"')


def highlighted(html: str) -> list[str]:
    """The highlighted items of the main navigation (not the tabs inside a page)."""
    start = html.find('<ul class="navbar-nav me-auto">')
    return ACTIVE.findall(html[start : html.find("</ul>", start)]) if start >= 0 else []


@pytest.mark.parametrize(
    ("name", "section"),
    [
        ("home", "tracking:board"),  # an administrator's home page is the team board
        ("my_day", "my_day"),
        ("activity_list", "activity_list"),
        ("customers:list", "customers:list"),
        ("deals:list", "deals:list"),
        ("activity_types", "orgs:people"),
        ("orgs:people", "orgs:people"),
    ],
)
def test_one_navigation_item_is_highlighted(world: World, as_user, name: str, section: str) -> None:
    html = as_user(world.users["admin"]).get(reverse(name)).content.decode()
    assert highlighted(html) == [reverse(section)]


def test_a_missing_page_is_a_404_for_a_logged_in_user_not_a_server_error(
    world: World, as_user
) -> None:
    response = as_user(world.users["rep"]).get("/opportunities/no-such-page/")
    assert response.status_code == 404
    assert highlighted(response.content.decode()) == []


def test_a_refused_login_marks_no_field_as_valid(world: World, client: Client) -> None:
    response = client.post(
        reverse("login"), {"username": world.users["rep"].username, "password": "wrong"}
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "is-valid" not in html
    assert PASSWORD not in html


def test_a_filter_bar_marks_no_field_as_valid(world: World, as_user) -> None:
    html = as_user(world.users["manager"]).get(reverse("activity_list"), {"status": "done"})
    assert "is-valid" not in html.content.decode()


def test_only_the_invalid_field_is_marked(world: World, as_user) -> None:
    response = as_user(world.users["rep"]).post(
        reverse("customers:create"), {"name": "", "industry": "Logistics"}
    )
    html = response.content.decode()
    assert "is-valid" not in html
    assert html.count("is-invalid") >= 1
    assert re.search(r'name="name"[^>]*is-invalid|is-invalid[^>]*name="name"', html)


@pytest.mark.parametrize(
    ("query", "section"),
    [("opportunity", "deals:list"), ("customer", "customers:list"), (None, "my_day")],
)
def test_logging_an_activity_highlights_the_section_it_comes_from(
    world: World, as_user, query: str | None, section: str
) -> None:
    params = {}
    if query == "opportunity":
        params["opportunity"] = world.opportunities["rep"].pk
    elif query == "customer":
        params["customer"] = world.customers["rep"].pk
    response = as_user(world.users["rep"]).get(reverse("activity_log"), params)
    assert response.status_code == 200
    assert highlighted(response.content.decode()) == [reverse(section)]
