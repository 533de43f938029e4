"""Property-based run of schemathesis against the OpenAPI document (bounded, in-process WSGI).

Every operation gets generated valid and invalid requests as the administrator of a seeded
organisation; no answer may be a 5xx, and every answer must match the documented status codes,
content type and response schema.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

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
    activity_type,
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


@dataclass
class Seeded:
    """The fuzzed organisation: the admin's token and the id of one record of each kind."""

    token: str
    ids: dict[str, int]
    calls: int = 0


@pytest.fixture
def seeded(db: None) -> Seeded:
    """A small organisation whose admin calls the API."""
    org = OrganizationFactory(name="Fuzz Co", slug="fuzz")
    admin = member(org, "fuzz_admin", Role.ADMIN)
    rep = member(org, "fuzz_rep", Role.REP, admin)
    records = {}
    for owner in (admin, rep):
        customer = CustomerFactory(organization=org, owner=owner)
        contact = ContactFactory(customer=customer)
        opportunity = OpportunityFactory(customer=customer, owner=owner)
        activity = ActivityFactory(
            organization=org, owner=owner, customer=customer, opportunity=opportunity
        )
        records = {
            "customer_id": customer.pk,
            "contact_id": contact.pk,
            "opportunity_id": opportunity.pk,
            "activity_id": activity.pk,
            "user_id": owner.pk,
        }
    spare, _ = token_create(user=admin, name="spare")
    _, raw = token_create(user=admin, name="schemathesis")
    records["type_id"] = activity_type(org).pk
    records["token_id"] = spare.pk
    return Seeded(token=raw, ids=records)


def aim_at_real_records(case, seeded: Seeded) -> None:  # type: ignore[no-untyped-def]
    """Every other example targets existing records, so updates run with fuzzed bodies too.

    Generated ids would almost never exist (sequences are not reset between tests). Negative
    cases keep their invalid ids, which are what they test.
    """
    seeded.calls += 1
    positive = case.meta is None or case.meta.generation.mode == "positive"
    if not case.path_parameters or not positive or seeded.calls % 2:
        return
    for name in case.path_parameters:
        if name in seeded.ids:
            case.path_parameters[name] = seeded.ids[name]


# Loading the document touches no database, so it can happen at collection time.
schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", get_wsgi_application())


@pytest.mark.schemathesis
@pytest.mark.xdist_group("schemathesis")
@schema.parametrize()
@settings(
    max_examples=12,
    deadline=None,
    derandomize=True,
    suppress_health_check=list(HealthCheck),
)
def test_api_conforms_to_its_openapi_document(case, seeded, keep_the_test_connection):  # type: ignore[no-untyped-def]
    aim_at_real_records(case, seeded)
    case.call_and_validate(headers={"Authorization": f"Bearer {seeded.token}"}, checks=CHECKS)


@pytest.mark.schemathesis
@pytest.mark.xdist_group("schemathesis")
def test_stateful_runs_follow_the_create_links(seeded, keep_the_test_connection) -> None:  # type: ignore[no-untyped-def]
    """A bounded stateful run: create records, then read and update them through the links."""
    links = sum(
        len(response.get("links", {}))
        for operations in schema.raw_schema["paths"].values()
        for operation in operations.values()
        if isinstance(operation, dict)
        for response in operation.get("responses", {}).values()
    )
    assert links >= 20  # every create operation links to what it created

    class Workflow(schema.as_state_machine()):  # type: ignore[misc]
        def get_call_kwargs(self, case):  # type: ignore[no-untyped-def]
            return {"headers": {"Authorization": f"Bearer {seeded.token}"}}

        def validate_response(self, response, case, additional_checks=None, **kwargs):  # type: ignore[no-untyped-def]
            case.validate_response(response, checks=CHECKS)

    Workflow.run(
        settings=settings(
            max_examples=5,
            stateful_step_count=4,
            deadline=None,
            derandomize=True,
            suppress_health_check=list(HealthCheck),
        )
    )
