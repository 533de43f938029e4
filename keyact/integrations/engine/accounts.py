"""Customers (accounts) and their contacts."""

from __future__ import annotations

from typing import Any

from django.db.models import F
from django.utils import timezone

from keyact.core.bulk import write_rows
from keyact.customers import rules as customer_rules
from keyact.customers.models import Contact, Customer
from keyact.integrations.engine.context import ImportContext
from keyact.integrations.engine.loading import KindLoader, Prepared
from keyact.integrations.parsing import name_key
from keyact.integrations.records import ContactRecord, CustomerRecord, Origin, Ref


def _text(value: Any) -> Any:
    return str(value) if value is not None and not isinstance(value, str | int | bool) else value


class CustomerLoader(KindLoader[CustomerRecord]):
    """Accounts: name, industry, size, owner, address."""

    kind = "customers"
    model = Customer

    def prepare(self, record: CustomerRecord) -> Prepared[CustomerRecord]:
        owner_id = self.ctx.resolve("users", record.owner, self.column("owner_id"), required=False)
        values = {
            "name": record.name,
            "industry": record.industry,
            "employees": record.employees,
            "annual_revenue": record.annual_revenue,
            "address": record.address,
            "owner_id": owner_id,
        }
        customer_rules.customer_values_check(values)
        snapshot = {k: _text(v) for k, v in values.items()}
        snapshot["owner_id"] = record.owner.key if record.owner else None
        return Prepared(record, values, snapshot)

    def register(self, item: Prepared[CustomerRecord]) -> None:
        lookup = self.ctx.lookups["customers"]
        if item.record.key:
            lookup.by_key[item.record.key] = item.pk
        lookup.add_name(item.record.name, item.pk)

    def create(self, items: list[Prepared[CustomerRecord]]) -> None:
        now = timezone.now()
        org_id = self.ctx.organization.pk
        write_rows(
            Customer,
            [
                "id",
                "organization_id",
                "name",
                "industry",
                "employees",
                "annual_revenue",
                "address",
                "owner_id",
                "external_source",
                "external_id",
                "created_at",
                "updated_at",
            ],
            (
                (
                    i.pk,
                    org_id,
                    i.values["name"],
                    i.values["industry"],
                    i.values["employees"],
                    i.values["annual_revenue"],
                    i.values["address"],
                    i.values["owner_id"],
                    self.ctx.source,
                    i.record.key,
                    now,
                    now,
                )
                for i in items
            ),
        )

    def update(self, items: list[tuple[Prepared[CustomerRecord], set[str]]]) -> None:
        for item, fields in items:
            changes = {f: item.values[f] for f in fields}
            Customer.objects.filter(pk=item.pk).update(
                **changes, updated_at=timezone.now(), version=F("version") + 1
            )


class ContactLoader(KindLoader[ContactRecord]):
    """People at accounts."""

    kind = "contacts"
    model = Contact

    def prepare(self, record: ContactRecord) -> Prepared[ContactRecord]:
        customer_id = self.ctx.resolve(
            "customers", record.customer, self.column("customer_id"), required=True
        )
        values = {
            "name": record.name,
            "customer_id": customer_id,
            "title": record.title,
            "phone": record.phone,
            "email": record.email,
        }
        customer_rules.contact_values_check(values)
        snapshot: dict[str, Any] = dict(values)
        snapshot["customer_id"] = record.customer.key if record.customer else None
        return Prepared(record, values, snapshot)

    def register(self, item: Prepared[ContactRecord]) -> None:
        lookup = self.ctx.lookups["contacts"]
        if item.record.key:
            lookup.by_key[item.record.key] = item.pk
        lookup.add_name(item.record.name, item.pk)
        self.ctx.customer_of[("contacts", item.pk)] = item.values["customer_id"]

    def create(self, items: list[Prepared[ContactRecord]]) -> None:
        now = timezone.now()
        org_id = self.ctx.organization.pk
        write_rows(
            Contact,
            [
                "id",
                "organization_id",
                "customer_id",
                "name",
                "title",
                "phone",
                "email",
                "external_source",
                "external_id",
                "created_at",
                "updated_at",
            ],
            (
                (
                    i.pk,
                    org_id,
                    i.values["customer_id"],
                    i.values["name"],
                    i.values["title"],
                    i.values["phone"],
                    i.values["email"],
                    self.ctx.source,
                    i.record.key,
                    now,
                    now,
                )
                for i in items
            ),
        )

    def update(self, items: list[tuple[Prepared[ContactRecord], set[str]]]) -> None:
        for item, fields in items:
            changes = {f: item.values[f] for f in fields}
            Contact.objects.filter(pk=item.pk).update(
                **changes, updated_at=timezone.now(), version=F("version") + 1
            )


def customers_for_names(
    ctx: ImportContext, names: dict[str, tuple[Origin, str]]
) -> list[CustomerRecord]:
    """Accounts that sheet rows name and that are not in keyact yet (owned by the first row's
    owner)."""
    lookup = ctx.lookups["customers"]
    return [
        CustomerRecord(
            key=name, origin=origin, name=name, owner=Ref(owner, by_name=True) if owner else None
        )
        for name, (origin, owner) in names.items()
        if name_key(name) not in lookup.by_name and name not in lookup.by_key
    ]
