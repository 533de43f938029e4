"""The Django admin: superusers do everything; organisation admins read their organisation only."""

from __future__ import annotations

import pytest
from django.contrib import admin
from django.urls import reverse

from keyact.customers.models import Customer
from keyact.orgs.admin import OrganizationScopedAdmin
from tests.conftest import World
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _registered() -> list[tuple[str, bool]]:
    """Every model registered in the admin as "app/model", and whether its admin class lets
    organisation administrators read it (scoped to their organisation)."""
    return sorted(
        (
            f"{model._meta.app_label}/{model._meta.model_name}",
            isinstance(model_admin, OrganizationScopedAdmin),
        )
        for model, model_admin in admin.site._registry.items()
    )


REGISTERED = _registered()
SCOPED = [name for name, scoped in REGISTERED if scoped]
SUPERUSER_ONLY = [name for name, scoped in REGISTERED if not scoped]


def test_the_parametrised_models_are_the_whole_admin_registry() -> None:
    """The lists were taken at collection time: they must be the registry the site runs with."""
    assert _registered() == REGISTERED
    assert len(REGISTERED) >= 22


@pytest.mark.parametrize("model", [name for name, _ in REGISTERED])
def test_every_model_has_an_admin_list_for_superusers(world: World, client, model: str) -> None:
    client.force_login(UserFactory(username="root", is_staff=True, is_superuser=True))
    assert client.get(f"/admin/{model}/").status_code == 200


@pytest.mark.parametrize("model", SCOPED)
def test_an_organisation_admin_reads_the_scoped_admin_lists(
    world: World, as_user, model: str
) -> None:
    assert as_user(world.users["admin"]).get(f"/admin/{model}/").status_code == 200


@pytest.mark.parametrize("model", SUPERUSER_ONLY)
def test_an_organisation_admin_is_refused_the_unscoped_admin_lists(
    world: World, as_user, model: str
) -> None:
    """Admin classes that are not organisation-scoped would show every tenant: superusers only."""
    assert as_user(world.users["admin"]).get(f"/admin/{model}/").status_code == 403


def test_an_organisation_admin_sees_only_their_organisation(world: World, as_user) -> None:
    response = as_user(world.users["admin"]).get("/admin/customers/customer/")
    names = {c.name for c in response.context["cl"].result_list}
    assert names == {"rep Ltd", "rep2 Ltd", "manager Ltd", "rep_b Ltd", "admin Ltd"}
    assert "Other Co" not in response.content.decode()


def test_an_organisation_admin_cannot_open_another_organisations_record(
    world: World, as_user
) -> None:
    other = world.customers["other_rep"]
    response = as_user(world.users["admin"]).get(f"/admin/customers/customer/{other.pk}/change/")
    assert response.status_code == 302
    assert response["Location"] == reverse("admin:index")


def test_an_organisation_admin_cannot_change_records_in_the_admin(world: World, as_user) -> None:
    customer = world.customers["rep"]
    url = f"/admin/customers/customer/{customer.pk}/change/"
    client = as_user(world.users["admin"])
    assert client.get(url).status_code == 200
    response = client.post(url, {"name": "Hacked", "organization": world.org.pk})
    assert response.status_code == 403
    assert Customer.objects.get(pk=customer.pk).name == "rep Ltd"


@pytest.mark.parametrize("role", ["rep", "manager", "director", "supporter"])
def test_members_who_are_not_admins_cannot_use_the_admin(world: World, as_user, role: str) -> None:
    response = as_user(world.users[role]).get("/admin/customers/customer/")
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


def test_an_organisation_admin_reads_records_with_their_inlines(world: World, as_user) -> None:
    client = as_user(world.users["admin"])
    activity = world.activities["rep"]
    opportunity = world.opportunities["rep"]
    urls = [
        f"/admin/activities/activity/{activity.pk}/change/",
        f"/admin/deals/opportunity/{opportunity.pk}/change/",
        f"/admin/users/user/{world.users['rep'].pk}/change/",
    ]
    assert [client.get(url).status_code for url in urls] == [200, 200, 200]
