"""Writes for customers and contacts."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from keyact.core.errors import DomainError, PermissionDenied, version_check
from keyact.customers.models import Contact, Customer
from keyact.customers.rules import contact_values_check, customer_values_check
from keyact.customers.selectors import contact_get, customer_get
from keyact.orgs.selectors import scope_for
from keyact.users.models import User

CUSTOMER_FIELDS = (
    "name",
    "industry",
    "employees",
    "annual_revenue",
    "address",
    "owner_id",
    "latitude",
    "longitude",
)
CONTACT_FIELDS = ("name", "title", "phone", "email", "buying_role")


def _check_customer_values(actor: User, values: dict[str, Any]) -> None:
    scope = scope_for(actor)
    customer_values_check(values)
    owner_id = values.get("owner_id")
    if owner_id is not None and (
        not scope.covers_owner(owner_id)
        or not User.objects.filter(
            pk=owner_id, membership__organization_id=scope.organization_id
        ).exists()
    ):
        raise DomainError(
            _("The owner must be yourself or someone in your team."), field="owner_id"
        )


def _locked_version(model: type[Customer] | type[Contact], pk: int) -> int:
    """Lock the row for the rest of the transaction and read its current version."""
    return int(model.objects.select_for_update().values_list("version", flat=True).get(pk=pk))


def customer_ensure_editable(*, actor: User, customer: Customer, contacts: bool = False) -> None:
    """Raise PermissionDenied unless the actor may change the customer and its contacts.

    The one rule for a customer and everything hanging off it: the account owner's team (the
    owner and everyone above them in the reporting tree) and administrators. Seeing a customer
    (through an opportunity, or as a supporter of one of its activities) is not enough.
    """
    if not scope_for(actor).covers_owner(customer.owner_id):
        if contacts:
            raise PermissionDenied(
                _("Only the account owner's team can change this customer's contacts.")
            )
        raise PermissionDenied(_("Only the account owner's team can change this customer."))


@transaction.atomic
def customer_create(
    *,
    actor: User,
    name: str,
    industry: str = "",
    employees: int | None = None,
    annual_revenue: Decimal | None = None,
    address: str = "",
    owner_id: int | None = None,
    latitude: float | None = None,
    longitude: float | None = None,
) -> Customer:
    """Create a customer in the actor's organisation, owned by the actor unless told otherwise;
    its location (both coordinates or neither) lets check-ins be compared with it."""
    values: dict[str, Any] = {
        "name": name,
        "industry": industry,
        "employees": employees,
        "annual_revenue": annual_revenue,
        "address": address,
        "owner_id": owner_id if owner_id is not None else actor.pk,
        "latitude": latitude,
        "longitude": longitude,
    }
    values["name"] = name.strip()
    _check_customer_values(actor, values)
    return Customer.objects.create(organization_id=scope_for(actor).organization_id, **values)


@transaction.atomic
def customer_update(
    *, actor: User, customer_id: int, expected_version: int | None = None, **changes: Any
) -> Customer:
    """Change a customer's fields; only the fields given are touched, and the version goes up.

    ``expected_version`` is the version the caller's copy has: a stale one raises StaleVersion
    (409). Checks run in the order visible (404), allowed (403), current (409), valid (400).
    """
    unknown = set(changes) - set(CUSTOMER_FIELDS)
    if unknown:
        raise DomainError(f"Unknown field: {sorted(unknown)[0]}", field=sorted(unknown)[0])
    customer = customer_get(user=actor, customer_id=customer_id)
    customer_ensure_editable(actor=actor, customer=customer)
    customer.version = _locked_version(Customer, customer.pk)
    version_check(
        expected=expected_version,
        current=customer.version,
        message=_("Someone else changed this customer meanwhile."),
    )
    changes = {k: v.strip() if isinstance(v, str) else v for k, v in changes.items()}
    _check_customer_values(actor, changes)
    for field, value in changes.items():
        setattr(customer, field, value)
    customer.version += 1
    customer.save(update_fields=[*changes, "version", "updated_at"])
    return customer


@transaction.atomic
def contact_create(
    *,
    actor: User,
    customer_id: int,
    name: str,
    title: str = "",
    phone: str = "",
    email: str = "",
    buying_role: str = "",
) -> Contact:
    """Add a contact to a customer the actor may change."""
    customer = customer_get(user=actor, customer_id=customer_id)
    customer_ensure_editable(actor=actor, customer=customer, contacts=True)
    contact_values_check(
        {
            "name": name.strip(),
            "title": title,
            "phone": phone,
            "email": email,
            "buying_role": buying_role,
        }
    )
    return Contact.objects.create(
        organization_id=customer.organization_id,
        customer=customer,
        name=name.strip(),
        title=title,
        phone=phone,
        email=email,
        buying_role=buying_role,
    )


@transaction.atomic
def contact_update(
    *, actor: User, contact_id: int, expected_version: int | None = None, **changes: Any
) -> Contact:
    """Change a contact's fields; only the fields given are touched, and the version goes up
    (a stale ``expected_version`` raises StaleVersion, 409)."""
    unknown = set(changes) - set(CONTACT_FIELDS)
    if unknown:
        raise DomainError(f"Unknown field: {sorted(unknown)[0]}", field=sorted(unknown)[0])
    contact = contact_get(user=actor, contact_id=contact_id)
    customer_ensure_editable(actor=actor, customer=contact.customer, contacts=True)
    contact.version = _locked_version(Contact, contact.pk)
    version_check(
        expected=expected_version,
        current=contact.version,
        message=_("Someone else changed this contact meanwhile."),
    )
    changes = {k: v.strip() if isinstance(v, str) else v for k, v in changes.items()}
    contact_values_check(changes)
    for field, value in changes.items():
        setattr(contact, field, value)
    contact.version += 1
    contact.save(update_fields=[*changes, "version", "updated_at"])
    return contact
