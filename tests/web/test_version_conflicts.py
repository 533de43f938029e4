"""No lost updates on the pages: a form saved from a stale copy is refused with a message that
names both versions, keeps what the user typed and takes the current version, so a second save
is a deliberate overwrite."""

from __future__ import annotations

import pytest
from django.urls import reverse

from keyact.customers.models import Contact, Customer
from keyact.deals.models import Opportunity
from keyact.users.models import User
from tests.conftest import World

pytestmark = pytest.mark.django_db

CONFLICT = (
    "Someone else saved this record while you were editing it (you started from version 1; "
    "it is now at version 2). What you typed is kept below: save again to put it in place of "
    "their change, or reload the page to see their change first."
)


def test_a_stale_customer_form_keeps_what_was_typed_and_a_second_save_wins(
    world: World, as_user
) -> None:  # type: ignore[no-untyped-def]
    customer = world.customers["rep"]
    url = reverse("customers:edit", args=[customer.pk])
    client = as_user(world.users["rep"])
    page = client.get(url)
    assert page.context["form"].initial["expected_version"] == 1
    Customer.objects.filter(pk=customer.pk).update(industry="Theirs", version=2)
    mine = {
        "expected_version": 1,
        "name": "Rep Holdings",
        "industry": "Mine",
        "owner_id": world.users["rep"].pk,
    }
    response = client.post(url, mine)
    assert response.status_code == 200
    form = response.context["form"]
    assert form.non_field_errors() == [CONFLICT]
    assert (form["industry"].value(), form["expected_version"].value()) == ("Mine", "2")
    assert CONFLICT.split(" (")[0] in response.content.decode()
    assert 'name="expected_version" value="2"' in response.content.decode()
    customer.refresh_from_db()
    assert (customer.name, customer.industry, customer.version) == ("rep Ltd", "Theirs", 2)
    response = client.post(url, {**mine, "expected_version": 2})
    assert response.status_code == 302
    customer.refresh_from_db()
    assert (customer.name, customer.industry, customer.version) == ("Rep Holdings", "Mine", 3)


def test_a_stale_contact_form_is_refused_in_chinese_too(world: World, as_user) -> None:  # type: ignore[no-untyped-def]
    contact = world.contacts["rep"]
    User.objects.filter(pk=world.users["rep"].pk).update(language="zh-hans")
    Contact.objects.filter(pk=contact.pk).update(title="Theirs", version=2)
    response = as_user(world.users["rep"]).post(
        reverse("customers:contact_edit", args=[contact.pk]),
        {"expected_version": 1, "name": "rep contact", "title": "Mine"},
    )
    assert response.status_code == 200
    (message,) = response.context["form"].non_field_errors()
    assert message.startswith("你编辑期间")
    assert ("第 1 版" in message, "第 2 版" in message) == (True, True)
    assert response.context["form"]["title"].value() == "Mine"
    contact.refresh_from_db()
    assert (contact.title, contact.version) == ("Theirs", 2)


def test_a_stale_opportunity_form_and_stage_move_are_refused(world: World, as_user) -> None:  # type: ignore[no-untyped-def]
    opportunity = world.opportunities["rep"]
    client = as_user(world.users["rep"])
    Opportunity.objects.filter(pk=opportunity.pk).update(source="Theirs", version=2)
    response = client.post(
        reverse("deals:edit", args=[opportunity.pk]),
        {
            "expected_version": 1,
            "name": "Mine",
            "owner_id": world.users["rep"].pk,
            "source": "Mine",
        },
    )
    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == [CONFLICT]
    assert response.context["form"]["name"].value() == "Mine"
    other_stage = opportunity.organization.stages.exclude(pk=opportunity.stage_id).first()
    assert other_stage is not None
    response = client.post(
        reverse("deals:move", args=[opportunity.pk]),
        {"stage_id": other_stage.pk, "expected_version": 1},
    )
    assert response.status_code == 400
    assert response.context["move_form"].non_field_errors() == [CONFLICT]
    opportunity.refresh_from_db()
    assert (opportunity.source, opportunity.stage_id, opportunity.version) == (
        "Theirs",
        world.opportunities["rep"].stage_id,
        2,
    )
    assert opportunity.stage_changes.count() == 0
