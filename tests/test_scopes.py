"""Data scopes of METHOD.md §9, at the selector level."""

from __future__ import annotations

import pytest

from keyact.activities.selectors import activity_list
from keyact.core.errors import NotFound
from keyact.customers.selectors import customer_get, customer_list
from keyact.deals.selectors import opportunity_list
from keyact.orgs.selectors import scope_for
from tests.conftest import World

pytestmark = pytest.mark.django_db


def owners(qs) -> set[str]:  # type: ignore[no-untyped-def]
    return {a.owner.username for a in qs}


def test_rep_sees_only_own_activities(world: World) -> None:
    assert owners(activity_list(user=world.users["rep"])) == {"rep"}


def test_manager_sees_own_and_everyone_below(world: World) -> None:
    assert owners(activity_list(user=world.users["manager"])) == {"rep", "rep2", "manager"}


def test_department_head_sees_the_department(world: World) -> None:
    assert owners(activity_list(user=world.users["director"])) == {
        "rep",
        "rep2",
        "manager",
        "rep_b",
    }


def test_supporter_sees_records_they_take_part_in(world: World) -> None:
    supporter = world.users["supporter"]
    assert owners(activity_list(user=supporter)) == {"rep"}
    assert [o.name for o in opportunity_list(user=supporter)] == ["rep deal"]
    assert [c.name for c in customer_list(user=supporter)] == ["rep Ltd"]


def test_admin_sees_the_whole_organisation_and_nothing_else(world: World) -> None:
    assert owners(activity_list(user=world.users["admin"])) == {
        "rep",
        "rep2",
        "manager",
        "rep_b",
        "admin",
    }


def test_other_organisation_is_never_visible(world: World) -> None:
    with pytest.raises(NotFound):
        customer_get(user=world.users["other_admin"], customer_id=world.customers["rep"].pk)
    assert owners(activity_list(user=world.users["other_admin"])) == {"other_rep"}


def test_scope_is_cached_per_user_object(world: World) -> None:
    rep = world.users["rep"]
    assert scope_for(rep) is scope_for(rep)


def test_production_settings_hash_passwords_with_argon2() -> None:
    from keyact.config import settings as project_settings

    assert project_settings.PASSWORD_HASHERS[0].endswith("Argon2PasswordHasher")
