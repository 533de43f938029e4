"""Shared fixtures: a whole organisation with every role, and a second organisation."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from django.test import Client
from django.utils import translation

from keyact.activities.models import Activity
from keyact.activities.services import activity_type_cache_clear
from keyact.customers.models import Contact, Customer
from keyact.deals.models import Opportunity
from keyact.orgs.models import Department, Organization, Role
from keyact.users.models import User
from keyact.users.services import token_cache_clear
from tests.factories import (
    PASSWORD,
    ActivityFactory,
    ContactFactory,
    CustomerFactory,
    DepartmentFactory,
    OpportunityFactory,
    OrganizationFactory,
    member,
)


@dataclass
class World:
    """Two organisations; the first has every role and records owned across the tree.

    Tree of ``org``: director (department head of ``sales``) ← manager ← rep, rep2;
    director ← manager_b ← rep_b (team B, also inside ``sales``). ``supporter`` takes part in
    ``activities["rep"]``. ``other_org`` has its own admin and rep.
    """

    org: Organization
    other_org: Organization
    sales: Department
    team_a: Department
    team_b: Department
    users: dict[str, User]
    customers: dict[str, Customer]
    contacts: dict[str, Contact]
    opportunities: dict[str, Opportunity]
    activities: dict[str, Activity]


@pytest.fixture(autouse=True)
def fast_password_hashing(settings) -> None:  # type: ignore[no-untyped-def]
    """Argon2 is deliberately slow; tests hash with MD5 (production settings keep Argon2)."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def default_language():  # type: ignore[no-untyped-def]
    """A request (or a token's user) activates a language in the thread; the next test on the
    same worker starts again in the default language."""
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def fresh_process_caches() -> None:
    """Per-process caches (token lookups, activity-type states) start empty in every test."""
    token_cache_clear()
    activity_type_cache_clear()


@pytest.fixture
def world(db: None) -> World:
    org = OrganizationFactory(name="Acme Sales", slug="acme")
    other = OrganizationFactory(name="Other Co", slug="other")
    sales = DepartmentFactory(organization=org, name="Sales", kind=Department.Kind.DEPARTMENT)
    team_a = DepartmentFactory(organization=org, name="Team A", parent=sales)
    team_b = DepartmentFactory(organization=org, name="Team B", parent=sales)
    u: dict[str, User] = {}
    u["admin"] = member(org, "admin", Role.ADMIN)
    u["director"] = member(org, "director", Role.DEPARTMENT_HEAD, department=sales)
    u["manager"] = member(org, "manager", Role.MANAGER, u["director"], team_a)
    u["rep"] = member(org, "rep", Role.REP, u["manager"], team_a)
    u["rep2"] = member(org, "rep2", Role.REP, u["manager"], team_a)
    u["manager_b"] = member(org, "manager_b", Role.MANAGER, u["director"], team_b)
    u["rep_b"] = member(org, "rep_b", Role.REP, u["manager_b"], team_b)
    u["supporter"] = member(org, "supporter", Role.SUPPORTER)
    u["other_admin"] = member(other, "other_admin", Role.ADMIN)
    u["other_rep"] = member(other, "other_rep", Role.REP)

    customers: dict[str, Customer] = {}
    contacts: dict[str, Contact] = {}
    opportunities: dict[str, Opportunity] = {}
    activities: dict[str, Activity] = {}
    for key in ("rep", "rep2", "manager", "rep_b", "admin", "other_rep"):
        owner = u[key]
        organization = other if key.startswith("other") else org
        customers[key] = CustomerFactory(organization=organization, owner=owner, name=f"{key} Ltd")
        contacts[key] = ContactFactory(customer=customers[key], name=f"{key} contact")
        opportunities[key] = OpportunityFactory(
            customer=customers[key], owner=owner, name=f"{key} deal"
        )
        activities[key] = ActivityFactory(
            organization=organization,
            owner=owner,
            customer=customers[key],
            opportunity=opportunities[key],
        )
    activities["rep"].participants.add(u["supporter"])
    return World(
        org=org,
        other_org=other,
        sales=sales,
        team_a=team_a,
        team_b=team_b,
        users=u,
        customers=customers,
        contacts=contacts,
        opportunities=opportunities,
        activities=activities,
    )


@pytest.fixture
def login(client: Client):  # type: ignore[no-untyped-def]
    """Log the test client in as a user (by object) and return the client."""

    def _login(user: User) -> Client:
        assert client.login(username=user.username, password=PASSWORD)
        return client

    return _login
