"""Creating and editing customers, contacts and opportunities through the pages."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse

from keyact.customers.models import Contact, Customer
from keyact.deals.models import Opportunity, StageChange
from tests.conftest import World

pytestmark = pytest.mark.django_db


def test_a_rep_creates_a_customer_they_own(world: World, as_user) -> None:
    rep = world.users["rep"]
    response = as_user(rep).post(
        reverse("customers:create"),
        {"name": "  Nanjing Steel  ", "industry": "Steel", "employees": "800", "owner_id": rep.pk},
    )
    customer = Customer.objects.get(name="Nanjing Steel")
    assert response["Location"] == reverse("customers:detail", args=[customer.pk])
    assert (customer.organization, customer.owner, customer.employees) == (world.org, rep, 800)


def test_a_rep_cannot_give_a_customer_to_someone_outside_their_scope(world: World, as_user) -> None:
    count = Customer.objects.count()
    response = as_user(world.users["rep"]).post(
        reverse("customers:create"), {"name": "Gift", "owner_id": world.users["rep2"].pk}
    )
    assert response.status_code == 200
    assert list(response.context["form"].errors) == ["owner_id"]
    assert Customer.objects.count() == count


def test_editing_a_customer_changes_its_fields(world: World, as_user) -> None:
    customer = world.customers["rep"]
    as_user(world.users["manager"]).post(
        reverse("customers:edit", args=[customer.pk]),
        {"name": "Rep Holdings", "annual_revenue": "1200000.50", "owner_id": world.users["rep"].pk},
    )
    customer.refresh_from_db()
    assert (customer.name, customer.annual_revenue) == ("Rep Holdings", Decimal("1200000.50"))


def test_contacts_are_added_and_edited_on_the_customer_page(world: World, as_user) -> None:
    customer = world.customers["rep"]
    client = as_user(world.users["rep"])
    client.post(
        reverse("customers:contact_add", args=[customer.pk]),
        {"name": "Li Na", "title": "CFO", "buying_role": "economic"},
    )
    contact = Contact.objects.get(name="Li Na")
    assert (contact.customer, contact.buying_role) == (customer, "economic")
    client.post(
        reverse("customers:contact_edit", args=[contact.pk]),
        {"name": "Li Na", "title": "CEO", "email": "li.na@example.com", "buying_role": "economic"},
    )
    contact.refresh_from_db()
    assert (contact.title, contact.email) == ("CEO", "li.na@example.com")
    page = client.get(reverse("customers:detail", args=[customer.pk]))
    assert "li.na@example.com" in page.content.decode()


def test_a_contact_without_a_name_is_refused(world: World, as_user) -> None:
    count = Contact.objects.count()
    response = as_user(world.users["rep"]).post(
        reverse("customers:contact_add", args=[world.customers["rep"].pk]), {"title": "CTO"}
    )
    assert response.status_code == 400
    assert list(response.context["contact_form"].errors) == ["name"]
    assert Contact.objects.count() == count


def test_a_rep_opens_an_opportunity_with_its_first_stage(world: World, as_user) -> None:
    rep = world.users["rep"]
    client = as_user(rep)
    form = client.get(reverse("deals:create"), {"customer": world.customers["rep"].pk})
    assert form.context["form"].initial["customer_id"] == world.customers["rep"].pk
    first = form.context["form"].fields["stage_id"].choices[0][0]
    client.post(
        reverse("deals:create"),
        {
            "name": "Pilot line",
            "customer_id": world.customers["rep"].pk,
            "amount": "250000",
            "owner_id": rep.pk,
            "stage_id": first,
        },
    )
    opportunity = Opportunity.objects.get(name="Pilot line")
    assert (opportunity.owner, opportunity.amount, opportunity.currency, opportunity.status) == (
        rep,
        Decimal("250000.00"),
        "CNY",
        "open",
    )
    assert StageChange.objects.filter(opportunity=opportunity).count() == 1


def test_an_opportunity_for_a_customer_outside_the_scope_is_refused(world: World, as_user) -> None:
    count = Opportunity.objects.count()
    response = as_user(world.users["rep"]).post(
        reverse("deals:create"),
        {
            "name": "Poach",
            "customer_id": world.customers["rep2"].pk,
            "owner_id": world.users["rep"].pk,
        },
    )
    assert list(response.context["form"].errors) == ["customer_id", "stage_id"]
    assert Opportunity.objects.count() == count


def test_editing_an_opportunity_changes_its_fields(world: World, as_user) -> None:
    opportunity = world.opportunities["rep"]
    as_user(world.users["rep"]).post(
        reverse("deals:edit", args=[opportunity.pk]),
        {
            "name": "Bigger deal",
            "customer_id": opportunity.customer_id,
            "amount": "300000",
            "currency": "usd",
            "owner_id": world.users["rep"].pk,
            "expected_close_date": "2027-03-31",
        },
    )
    opportunity.refresh_from_db()
    assert (opportunity.name, opportunity.amount, opportunity.currency) == (
        "Bigger deal",
        Decimal("300000.00"),
        "USD",
    )


def test_the_404_page_is_ours(world: World, as_user) -> None:
    response = as_user(world.users["rep"]).get(
        reverse("customers:detail", args=[world.customers["rep2"].pk])
    )
    assert response.status_code == 404
    assert "not in your view" in response.content.decode()
