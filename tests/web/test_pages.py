"""Every page renders for the roles that may open it; anonymous visitors are sent to log in."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from tests.conftest import World

pytestmark = pytest.mark.django_db

LIST_PAGES = [
    "home",
    "activity_list",
    "customers:list",
    "customers:create",
    "deals:list",
    "deals:create",
    "tokens",
]
ORG_PAGES = ["orgs:people", "orgs:member_new", "orgs:tree", "activity_types"]


@pytest.mark.parametrize("role", ["admin", "director", "manager", "rep", "supporter"])
@pytest.mark.parametrize("name", LIST_PAGES)
def test_member_pages_render_for_every_role(world: World, as_user, role: str, name: str) -> None:
    response = as_user(world.users[role]).get(reverse(name))
    assert response.status_code == 200


@pytest.mark.parametrize("name", ORG_PAGES)
def test_organisation_pages_render_for_the_admin(world: World, as_user, name: str) -> None:
    assert as_user(world.users["admin"]).get(reverse(name)).status_code == 200


def test_detail_and_edit_pages_render_for_the_owner(world: World, as_user) -> None:
    client = as_user(world.users["rep"])
    activity = world.activities["rep"]
    urls = [
        reverse("activity_detail", args=[activity.pk]),
        reverse("activity_edit", args=[activity.pk]),
        reverse("customers:detail", args=[activity.customer_id]),
        reverse("customers:edit", args=[activity.customer_id]),
        reverse("customers:contact_edit", args=[world.contacts["rep"].pk]),
        reverse("deals:detail", args=[activity.opportunity_id]),
        reverse("deals:edit", args=[activity.opportunity_id]),
    ]
    assert [client.get(url).status_code for url in urls] == [200] * len(urls)


def test_admin_pages_for_one_record_render(world: World, as_user) -> None:
    client = as_user(world.users["admin"])
    visit = world.activities["rep"].type
    urls = [
        reverse("orgs:member_edit", args=[world.users["rep"].pk]),
        reverse("activity_type_edit", args=[visit.pk]),
    ]
    assert [client.get(url).status_code for url in urls] == [200, 200]


@pytest.mark.parametrize("name", [*LIST_PAGES, *ORG_PAGES])
def test_anonymous_visitors_are_sent_to_the_login_page(client: Client, name: str) -> None:
    response = client.get(reverse(name))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login") + "?next=")


def test_login_page_renders_with_the_language_switch(client: Client) -> None:
    response = client.get(reverse("login"))
    assert response.status_code == 200
    assert b'name="language" value="zh-hans"' in response.content


def test_login_redirects_to_my_day(world: World, client: Client) -> None:
    response = client.post(
        reverse("login"),
        {"username": "rep", "password": "keyact-test-pw-1"},
        REMOTE_ADDR="10.0.0.1",
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("home")


def test_a_user_without_membership_gets_404(db: None, client: Client) -> None:
    from tests.factories import UserFactory

    client.force_login(UserFactory(username="loner"))
    assert client.get(reverse("home")).status_code == 404


def test_the_nav_shows_organisation_only_to_admins(world: World, as_user) -> None:
    admin_page = as_user(world.users["admin"]).get(reverse("home")).content.decode()
    rep_page = as_user(world.users["rep"]).get(reverse("home")).content.decode()
    assert reverse("orgs:people") in admin_page
    assert reverse("orgs:people") not in rep_page
    assert 'href="/playbook/"' in rep_page


def test_repeated_failed_logins_show_the_lockout_page(
    world: World, client: Client, settings
) -> None:
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(
            reverse("login"), {"username": "rep", "password": "wrong"}, REMOTE_ADDR="10.0.0.9"
        )
    response = client.post(
        reverse("login"),
        {"username": "rep", "password": "keyact-test-pw-1"},
        REMOTE_ADDR="10.0.0.9",
    )
    assert response.status_code == 429
    assert "registration/locked_out.html" in [t.name for t in response.templates]
    assert "Too many failed logins" in response.content.decode()
