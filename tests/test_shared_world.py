"""The shared ``world``: built once per process, each test's changes rolled back, fresh objects.

The tests share one xdist group, so they run in the same process (in whatever order).
"""

from __future__ import annotations

import pytest
from django.db import connection, transaction

from keyact.customers.models import Customer
from keyact.orgs.models import Organization
from keyact.users.models import User
from tests.conftest import SHARED_WORLD, World
from tests.factories import OrganizationFactory

pytestmark = [pytest.mark.django_db, pytest.mark.xdist_group("shared-world")]


@pytest.mark.parametrize("turn", [1, 2])
def test_a_test_finds_the_world_as_built_whatever_the_other_changed(
    world: World, turn: int
) -> None:
    """Both turns check, then change the world in the database and in memory: whichever runs
    second proves the first's changes were rolled back and its objects not handed on."""
    assert SHARED_WORLD.is_open
    assert connection.in_atomic_block
    assert world.org.name == "Acme Sales"
    assert world.users["rep"].display_name == "Rep"
    assert User.objects.get(username="rep").display_name == "Rep"
    assert Customer.objects.get(pk=world.customers["rep"].pk).name == "rep Ltd"
    assert set(Organization.objects.values_list("slug", flat=True)) == {"acme", "other"}

    rep = world.users["rep"]
    rep.display_name = f"Changed in turn {turn}"
    rep.save()
    Customer.objects.filter(pk=world.customers["rep"].pk).update(name="Renamed")
    OrganizationFactory(name="Added", slug="added")
    world.org.name = "Changed in memory only"


def test_the_same_objects_are_shared_inside_one_copy(world: World) -> None:
    assert world.activities["rep"].customer is world.customers["rep"]
    assert world.customers["rep"].organization is world.org


def test_a_database_test_without_the_world_sees_an_empty_database() -> None:
    assert not SHARED_WORLD.is_open
    assert not Organization.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_a_transactional_test_builds_a_world_of_its_own(world: World) -> None:
    assert not SHARED_WORLD.is_open
    assert transaction.get_autocommit()
    assert set(Organization.objects.values_list("slug", flat=True)) == {"acme", "other"}
    assert world.users["rep"].display_name == "Rep"
