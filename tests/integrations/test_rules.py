"""One authority for the rules: the importer refuses a row with the same rule function, and the
same message, as the service a form or the API goes through; change the rule and both follow."""

from __future__ import annotations

import csv
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from keyact.core.errors import DomainError
from keyact.customers import rules as customer_rules
from keyact.customers.services import contact_create, customer_create
from keyact.deals.services import opportunity_create
from keyact.orgs.models import Role
from keyact.orgs.services import member_create
from keyact.users.models import User
from keyact.workspace.services import organization_provision
from tests.factories import CustomerFactory, member
from tests.integrations.conftest import run_import

pytestmark = pytest.mark.django_db


def _edit(folder: Path, file: str, row_id: str, **changes: str) -> None:
    path = folder / file
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    for row in rows:
        if row["Id"] == row_id:
            row.update(changes)
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]), quoting=csv.QUOTE_ALL)
        writer.writeheader()
        writer.writerows(rows)


def _service_message(call: Any) -> str:
    with pytest.raises(DomainError) as refused:
        call()
    return refused.value.message


def test_rows_the_services_refuse_are_refused_with_their_messages(sample_copy) -> None:  # type: ignore[no-untyped-def]
    folder = sample_copy("salesforce")
    _edit(folder, "Account.csv", "0015g00000Hx9QbAAJ", NumberOfEmployees="-3")
    _edit(folder, "Contact.csv", "0035g00000Jm2PaAAJ", Email="zhou.hui@")
    _edit(folder, "Opportunity.csv", "0065g00000Lq3RbAAJ", Amount="-380000")
    _edit(folder, "User.csv", "0055g00000Bk1AdAAJ", Email="not an address")
    run = run_import("salesforce", folder, "--org", "huadong", "--on-error", "skip")

    # (Rows that refer to a refused row are refused too; those are not the rules' messages.)
    refused = {
        (p["file"], p["field"]): p["reason"]
        for p in run.report["problems"]
        if p["severity"] == "error"
        and (p["file"], p["field"])
        in {
            ("Account.csv", "NumberOfEmployees"),
            ("Contact.csv", "Email"),
            ("Opportunity.csv", "Amount"),
            ("User.csv", "Email"),
        }
    }
    org = organization_provision(name="Other", slug="other")
    rep = member(org, "rep", Role.ADMIN)
    customer = CustomerFactory(organization=org, owner=rep)
    assert refused == {
        ("Account.csv", "NumberOfEmployees"): _service_message(
            lambda: customer_create(actor=rep, name="Yunfan", employees=-3)
        ),
        ("Contact.csv", "Email"): _service_message(
            lambda: contact_create(
                actor=rep, customer_id=customer.pk, name="Zhou Hui", email="zhou.hui@"
            )
        ),
        ("Opportunity.csv", "Amount"): _service_message(
            lambda: opportunity_create(
                actor=rep, name="Framework", customer_id=None, amount=Decimal("-380000")
            )
        ),
        ("User.csv", "Email"): _service_message(
            lambda: member_create(
                organization=org, username="x", password=None, email="not an address"
            )
        ),
    }
    assert not User.objects.filter(username="x").exists()


def test_a_rule_changed_in_the_service_changes_the_importer(sample_copy, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """A stricter name rule (no "Ltd." in names) reaches the customer service and the importer
    alike: the importer binds no rule of its own."""
    strict = customer_rules.name_check

    def no_ltd(values: Any) -> None:
        strict(values)
        if "Ltd." in str(values.get("name", "")):
            raise customer_rules.InvalidValue("No Ltd. in names.", field="name")

    monkeypatch.setattr(customer_rules, "name_check", no_ltd)
    folder = sample_copy("salesforce")
    run = run_import("salesforce", folder, "--org", "huadong", "--on-error", "skip")

    assert [
        (p["file"], p["id"], p["field"], p["reason"])
        for p in run.report["problems"]
        if p["severity"] == "error" and p["file"] == "Account.csv"
    ] == [("Account.csv", "0015g00000Hx9QaAAJ", "Name", "No Ltd. in names.")]
    org = organization_provision(name="Other", slug="other")
    rep = member(org, "rep", Role.ADMIN)
    assert _service_message(lambda: customer_create(actor=rep, name="Acme Ltd.")) == (
        "No Ltd. in names."
    )
