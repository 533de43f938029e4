"""Property-based run of schemathesis against the OpenAPI document (bounded, in-process WSGI).

Every operation gets generated valid and invalid requests as the administrator of a seeded
organisation; no answer may be a 5xx, and every answer must match the documented status codes,
content type and response schema.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    negative_data_rejection,
    response_schema_conformance,
    status_code_conformance,
)

from keyact.orgs.models import Role
from keyact.users.services import token_create
from tests.factories import (
    ActivityFactory,
    ContactFactory,
    CustomerFactory,
    OpportunityFactory,
    OrganizationFactory,
    member,
)

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
    negative_data_rejection,
]


@pytest.fixture
def keep_the_test_connection() -> Iterator[None]:
    """Keep the test's database connection open across in-process WSGI requests.

    Django closes "obsolete" connections when a request starts and ends; inside the test's
    transaction that would close it (Django's own test client disconnects the same handler).
    """
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def admin_token(db: None) -> str:
    """A token of the admin of a small seeded organisation (ids start low, so some hit)."""
    org = OrganizationFactory(name="Fuzz Co", slug="fuzz")
    admin = member(org, "fuzz_admin", Role.ADMIN)
    rep = member(org, "fuzz_rep", Role.REP, admin)
    for owner in (admin, rep):
        customer = CustomerFactory(organization=org, owner=owner)
        ContactFactory(customer=customer)
        opportunity = OpportunityFactory(customer=customer, owner=owner)
        ActivityFactory(organization=org, owner=owner, customer=customer, opportunity=opportunity)
    _, raw = token_create(user=admin, name="schemathesis")
    return raw


# Loading the document touches no database, so it can happen at collection time.
schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", get_wsgi_application())


@pytest.mark.schemathesis
@pytest.mark.xdist_group("schemathesis")
@schema.parametrize()
@settings(
    max_examples=15,
    deadline=None,
    derandomize=True,
    suppress_health_check=list(HealthCheck),
)
def test_api_conforms_to_its_openapi_document(case, admin_token, keep_the_test_connection):  # type: ignore[no-untyped-def]
    case.call_and_validate(headers={"Authorization": f"Bearer {admin_token}"}, checks=CHECKS)
