"""Where imported records came from: external ids unique per organisation and source."""

from __future__ import annotations

import pytest
from django.db import IntegrityError, transaction

from keyact.activities.models import Activity
from keyact.customers.models import Contact, Customer
from keyact.deals.models import Opportunity
from keyact.integrations.models import ImportBatch, Source
from keyact.orgs.models import Membership
from tests.conftest import World

pytestmark = pytest.mark.django_db


def _tag(record: object, source: str, external_id: str) -> None:
    record.external_source = source  # type: ignore[attr-defined]
    record.external_id = external_id  # type: ignore[attr-defined]
    record.save()  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("kind", "model"),
    [
        ("customers", Customer),
        ("contacts", Contact),
        ("opportunities", Opportunity),
        ("activities", Activity),
    ],
)
def test_an_external_id_is_unique_per_organisation_and_source(
    world: World, kind: str, model: type
) -> None:
    records = getattr(world, kind)
    _tag(records["rep"], "salesforce", "001A000001")
    with pytest.raises(IntegrityError), transaction.atomic():
        _tag(records["rep2"], "salesforce", "001A000001")
    # The same id from another source, or in another organisation, is another record.
    _tag(records["rep2"], "hubspot", "001A000001")
    _tag(records["other_rep"], "salesforce", "001A000001")
    # Records made in keyact have no external id and never collide.
    assert model.objects.filter(external_id="").count() == model.objects.count() - 3
    assert model.objects.filter(external_source="salesforce", external_id="001A000001").count() == 2


def test_an_imported_users_id_sits_on_their_membership(world: World) -> None:
    rep = Membership.objects.get(user=world.users["rep"])
    _tag(rep, "salesforce", "005A000001")
    with pytest.raises(IntegrityError), transaction.atomic():
        _tag(Membership.objects.get(user=world.users["rep2"]), "salesforce", "005A000001")
    _tag(Membership.objects.get(user=world.users["other_rep"]), "salesforce", "005A000001")
    assert Membership.objects.get(external_id="005A000001", organization=world.org).user_id == (
        world.users["rep"].pk
    )


def test_an_import_batch_starts_with_an_empty_report_in_the_documented_shape(
    world: World,
) -> None:
    batch = ImportBatch.objects.create(
        organization=world.org, source=Source.SALESFORCE, created_by=world.users["admin"]
    )
    batch.refresh_from_db()
    assert batch.report == {
        "committed": False,
        "created": {
            "users": 0,
            "customers": 0,
            "contacts": 0,
            "opportunities": 0,
            "activities": 0,
        },
        "updated": {
            "users": 0,
            "customers": 0,
            "contacts": 0,
            "opportunities": 0,
            "activities": 0,
        },
        "unchanged": {
            "users": 0,
            "customers": 0,
            "contacts": 0,
            "opportunities": 0,
            "activities": 0,
        },
        "skipped": {
            "users": 0,
            "customers": 0,
            "contacts": 0,
            "opportunities": 0,
            "activities": 0,
        },
        "problems": [],
    }
    assert (batch.status, batch.on_error, batch.dry_run) == ("uploaded", "abort", False)
    assert batch.counts("created")["activities"] == 0
