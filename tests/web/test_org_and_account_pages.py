"""Organisation admin pages (admins only), API tokens and the language switch."""

from __future__ import annotations

import pytest
from django.urls import reverse

from keyact.activities.models import ActivityType
from keyact.orgs.models import Department, Membership, Role
from keyact.users.models import ApiToken, User
from keyact.users.services import token_authenticate
from tests.conftest import World

pytestmark = pytest.mark.django_db


def _org_urls(world: World) -> list[str]:
    visit = ActivityType.objects.get(organization=world.org, code="visit")
    return [
        reverse("orgs:people"),
        reverse("orgs:member_new"),
        reverse("orgs:member_edit", args=[world.users["rep"].pk]),
        reverse("orgs:tree"),
        reverse("activity_types"),
        reverse("activity_type_edit", args=[visit.pk]),
    ]


@pytest.mark.parametrize("role", ["director", "manager", "rep", "supporter"])
def test_non_admins_get_404_on_organisation_pages(world: World, as_user, role: str) -> None:
    client = as_user(world.users[role])
    assert [client.get(url).status_code for url in _org_urls(world)] == [404] * 6


def test_an_admin_of_another_organisation_cannot_edit_our_people(world: World, as_user) -> None:
    client = as_user(world.users["other_admin"])
    url = reverse("orgs:member_edit", args=[world.users["rep"].pk])
    assert client.get(url).status_code == 404
    response = client.post(url, {"role": Role.ADMIN, "is_active": "on"})
    assert response.status_code == 404
    assert Membership.objects.get(user=world.users["rep"]).role == Role.REP


def test_a_rep_cannot_create_members(world: World, as_user) -> None:
    count = User.objects.count()
    response = as_user(world.users["rep"]).post(
        reverse("orgs:member_new"),
        {"username": "sneaky", "role": Role.ADMIN, "password": "long-enough-pw"},
    )
    assert response.status_code == 404
    assert User.objects.count() == count


def test_the_admin_creates_a_member_in_the_tree(world: World, as_user) -> None:
    response = as_user(world.users["admin"]).post(
        reverse("orgs:member_new"),
        {
            "username": "newrep",
            "display_name": "New Rep",
            "role": Role.REP,
            "manager_id": world.users["manager"].pk,
            "department_id": world.team_a.pk,
            "password": "a-long-password-1",
        },
    )
    assert response.status_code == 302
    membership = Membership.objects.select_related("user").get(user__username="newrep")
    assert (
        membership.organization,
        membership.role,
        membership.manager,
        membership.department,
    ) == (
        world.org,
        Role.REP,
        world.users["manager"],
        world.team_a,
    )
    assert membership.user.display_name == "New Rep"
    assert membership.user.check_password("a-long-password-1")


def test_a_taken_username_is_refused_on_the_field(world: World, as_user) -> None:
    count = User.objects.count()
    response = as_user(world.users["admin"]).post(
        reverse("orgs:member_new"),
        {"username": "rep", "role": Role.REP, "password": "a-long-password-1"},
    )
    assert response.context["form"].errors == {"username": ["This username is taken."]}
    assert User.objects.count() == count


def test_the_admin_changes_role_manager_and_deactivates(world: World, as_user) -> None:
    rep = world.users["rep"]
    response = as_user(world.users["admin"]).post(
        reverse("orgs:member_edit", args=[rep.pk]),
        {
            "role": Role.MANAGER,
            "manager_id": world.users["director"].pk,
            "department_id": world.team_b.pk,
            "title": "Team lead",
        },
    )
    assert response.status_code == 302
    membership = Membership.objects.get(user=rep)
    assert (
        membership.role,
        membership.manager,
        membership.department,
        membership.title,
        membership.is_active,
    ) == (Role.MANAGER, world.users["director"], world.team_b, "Team lead", False)
    assert User.objects.get(pk=rep.pk).is_active is False


def test_a_manager_loop_is_refused_on_the_manager_field(world: World, as_user) -> None:
    manager = world.users["manager"]
    response = as_user(world.users["admin"]).post(
        reverse("orgs:member_edit", args=[manager.pk]),
        {"role": Role.MANAGER, "manager_id": world.users["rep"].pk, "is_active": "on"},
    )
    assert response.context["form"].errors == {
        "manager_id": ["This manager reports to the person already: the tree would loop."]
    }
    assert Membership.objects.get(user=manager).manager == world.users["director"]


def test_the_admin_adds_a_team_under_a_department(world: World, as_user) -> None:
    response = as_user(world.users["admin"]).post(
        reverse("orgs:tree"), {"name": "Team C", "kind": "team", "parent_id": world.sales.pk}
    )
    assert response.status_code == 302
    assert Department.objects.get(organization=world.org, name="Team C").parent == world.sales


def test_the_admin_adds_renames_and_deactivates_an_industry_type(world: World, as_user) -> None:
    client = as_user(world.users["admin"])
    client.post(
        reverse("activity_types"),
        {
            "name_en": "Site survey",
            "name_zh": "现场勘察",
            "code": "site_survey",
            "counterpart": "customer",
            "icon": "rulers",
        },
    )
    created = ActivityType.objects.get(organization=world.org, code="site_survey")
    assert (created.category, created.name_zh, created.is_active) == ("industry", "现场勘察", True)
    client.post(
        reverse("activity_type_edit", args=[created.pk]),
        {"name_en": "Site inspection", "name_zh": "现场勘查"},
    )
    client.post(reverse("activity_type_toggle", args=[created.pk]))
    created.refresh_from_db()
    assert (created.name_en, created.name_zh, created.is_active) == (
        "Site inspection",
        "现场勘查",
        False,
    )
    assert created.icon == "rulers"  # an edit without another icon keeps it
    page = client.get(reverse("activity_types"))
    assert created in page.context["types"]


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_a_new_type_gets_its_code_made_and_its_icon_from_the_palette(
    world: World, as_user, language: str
) -> None:
    client = as_user(world.users["admin"])
    client.cookies["django_language"] = language
    page = client.get(reverse("activity_types")).content.decode()
    assert 'data-testid="icon-palette"' in page
    assert 'name="code"' not in page  # nobody types a code
    assert '<i class="bi bi-cup-hot"' in page
    assert ('title="Tasting"' if language == "en" else 'title="试吃"') in page  # translated
    for name_en in ("Tasting", "Tasting"):
        response = client.post(
            reverse("activity_types"),
            {"name_en": name_en, "name_zh": "试吃", "counterpart": "customer", "icon": "cup-hot"},
        )
        assert response.status_code == 302
    codes = ActivityType.objects.filter(organization=world.org, name_en="Tasting")
    assert sorted(codes.values_list("code", "icon")) == [
        ("tasting", "cup-hot"),
        ("tasting_2", "cup-hot"),
    ]
    outside = client.post(
        reverse("activity_types"),
        {"name_en": "Odd", "name_zh": "奇怪", "counterpart": "customer", "icon": "x<script>"},
    )
    assert outside.status_code == 200
    assert outside.context["form"].errors["icon"]
    assert not ActivityType.objects.filter(organization=world.org, name_en="Odd").exists()


def test_the_edit_page_keeps_a_standard_icon_outside_the_palette(world: World, as_user) -> None:
    meeting = ActivityType.objects.get(organization=world.org, code="team_meeting")
    assert meeting.icon == "people-fill"
    client = as_user(world.users["admin"])
    page = client.get(reverse("activity_type_edit", args=[meeting.pk])).content.decode()
    assert 'value="people-fill"' in page and "checked" in page
    client.post(
        reverse("activity_type_edit", args=[meeting.pk]),
        {"name_en": "Weekly team meeting", "name_zh": "周例会", "icon": "megaphone"},
    )
    meeting.refresh_from_db()
    assert (meeting.name_zh, meeting.icon) == ("周例会", "megaphone")


def test_a_token_is_shown_once_and_can_be_revoked(world: World, as_user) -> None:
    client = as_user(world.users["rep"])
    response = client.post(reverse("tokens"), {"name": "CRM sync"})
    raw = response.context["raw_token"]
    assert raw.startswith("ka_")
    assert raw in response.content.decode()
    assert token_authenticate(raw) == world.users["rep"]
    listing = client.get(reverse("tokens"))
    assert raw not in listing.content.decode()
    token = ApiToken.objects.get(user=world.users["rep"])
    assert token.prefix in listing.content.decode()
    client.post(reverse("token_revoke", args=[token.pk]))
    assert token_authenticate(raw) is None


def test_nobody_revokes_another_users_token(world: World, as_user) -> None:
    from keyact.users.services import token_create

    token, raw = token_create(user=world.users["rep2"], name="theirs")
    response = as_user(world.users["rep"]).post(reverse("token_revoke", args=[token.pk]))
    assert response.status_code == 404
    assert token_authenticate(raw) == world.users["rep2"]


def test_the_language_switch_persists_to_the_user(world: World, as_user) -> None:
    client = as_user(world.users["rep"])
    response = client.post(reverse("language"), {"language": "zh-hans", "next": "/"})
    assert response.status_code == 302
    assert User.objects.get(pk=world.users["rep"].pk).language == "zh-hans"
    page = client.get(reverse("home"), HTTP_ACCEPT_LANGUAGE="en")
    assert page.context["LANGUAGE_CODE"] == "zh-hans"
    assert "我的一天" in page.content.decode()
    client.post(reverse("language"), {"language": "en", "next": "/"})
    assert User.objects.get(pk=world.users["rep"].pk).language == "en"
    assert "My day" in client.get(reverse("home")).content.decode()


def test_the_browser_language_is_the_default(world: World, as_user) -> None:
    page = as_user(world.users["rep"]).get(reverse("home"), HTTP_ACCEPT_LANGUAGE="zh-CN,zh;q=0.9")
    assert page.context["LANGUAGE_CODE"] == "zh-hans"


def test_anonymous_language_switch_sets_only_the_cookie(client) -> None:
    response = client.post(reverse("language"), {"language": "zh-hans", "next": "/accounts/login/"})
    assert response.status_code == 302
    assert response.cookies["django_language"].value == "zh-hans"
