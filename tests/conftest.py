"""Shared fixtures: a whole organisation with every role, and a second organisation.

The ``world`` is built once per test process and each test runs in a savepoint inside it (see
:class:`SharedWorld`); a test that uses it pays for a deep copy, not for two full catalogs.
"""

from __future__ import annotations

import copy
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from django.db import transaction
from django.test import Client, override_settings
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

# Argon2 is deliberately slow; tests hash with MD5 (production settings keep Argon2).
FAST_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


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


@pytest.fixture(autouse=True, scope="session")
def static_files_found_per_request() -> Iterator[None]:
    """WhiteNoise looks static files up per request instead of listing every file (node_modules
    included) each time a test client loads the middleware: 0.2 s per client otherwise."""
    with override_settings(WHITENOISE_AUTOREFRESH=True):
        yield


@pytest.fixture(autouse=True)
def fast_password_hashing(settings) -> None:  # type: ignore[no-untyped-def]
    """Argon2 is deliberately slow; tests hash with MD5 (production settings keep Argon2)."""
    settings.PASSWORD_HASHERS = FAST_HASHERS


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


def build_world() -> World:
    """Create the two organisations of :class:`World` (226 queries: two full catalogs)."""
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


class SharedWorld:
    """One world per test process, kept in a transaction that stays open around the tests.

    ``_shared_world_state`` runs before pytest-django opens a test's own transaction, so a test
    that uses ``world`` runs inside a savepoint nested in this outer transaction and its changes
    roll back when it ends; every test gets a deep copy of the template objects (as Django's
    ``setUpTestData`` does), so changes made to them in memory do not leak either. Before a
    database test that does not use ``world`` (or a transactional one: live server, browser),
    the outer transaction rolls back, so such tests see the same empty database as before; the
    next test that uses ``world`` builds it again.
    """

    def __init__(self) -> None:
        self._atomic: transaction.Atomic | None = None
        self._template: World | None = None
        self.builds = 0

    @property
    def is_open(self) -> bool:
        return self._atomic is not None

    def open(self) -> None:
        if self._atomic is not None:
            return
        atomic = transaction.atomic()
        atomic.__enter__()
        self._atomic = atomic
        try:
            with override_settings(PASSWORD_HASHERS=FAST_HASHERS):
                self._template = build_world()
        except BaseException:
            self.close()
            raise
        self.builds += 1

    def close(self) -> None:
        if self._atomic is None:
            return
        atomic, self._atomic, self._template = self._atomic, None, None
        transaction.set_rollback(True)
        atomic.__exit__(None, None, None)

    def copy(self) -> World:
        """A deep copy of the template: fresh Python objects for the same rows."""
        assert self._template is not None
        return copy.deepcopy(self._template)


SHARED_WORLD = SharedWorld()
TRANSACTIONAL_FIXTURES = {"transactional_db", "live_server", "django_db_reset_sequences"}


def _is_transactional(request: pytest.FixtureRequest) -> bool:
    marker = request.node.get_closest_marker("django_db")
    if marker is not None and (
        marker.kwargs.get("transaction") or marker.kwargs.get("reset_sequences")
    ):
        return True
    return bool(TRANSACTIONAL_FIXTURES & set(request.fixturenames))


@pytest.fixture(scope="session")
def _shared_world_session(django_db_setup: None, django_db_blocker: Any) -> Iterator[SharedWorld]:
    """Rolls the shared world back before the test databases are torn down."""
    yield SHARED_WORLD
    with django_db_blocker.unblock():
        SHARED_WORLD.close()


@pytest.fixture
def _shared_world_state(
    request: pytest.FixtureRequest, _shared_world_session: SharedWorld, django_db_blocker: Any
) -> bool:
    """Open the shared world for a test that uses it, close it before any other database test.

    Returns whether this test uses the shared world.
    """
    shared = "world" in request.fixturenames and not _is_transactional(request)
    with django_db_blocker.unblock():
        if shared:
            _shared_world_session.open()
        else:
            _shared_world_session.close()
    return shared


@pytest.fixture
def _django_db_helper(_shared_world_state: bool, _django_db_helper: None) -> None:
    """pytest-django's per-test transaction, opened after (so inside) the shared world's."""
    return _django_db_helper


@pytest.fixture
def world(db: None, _shared_world_state: bool) -> World:
    """The two organisations of :class:`World`, built once per process and rolled back per test.

    Transactional tests (live server, browser) get a world of their own, built in the test.
    """
    result = SHARED_WORLD.copy() if _shared_world_state else build_world()
    # Same start for every test whether the world was just built or copied: empty caches.
    token_cache_clear()
    activity_type_cache_clear()
    return result


@pytest.fixture
def login(client: Client):  # type: ignore[no-untyped-def]
    """Log the test client in as a user (by object) and return the client."""

    def _login(user: User) -> Client:
        assert client.login(username=user.username, password=PASSWORD)
        return client

    return _login
