"""The rules a customer and a contact obey, in one place.

The services apply them to every write (pages, API) and the importers call them for every
row, so no entry point can store what another refuses. Plain functions over values: no query,
no side effect; each raises an ``InvalidValue`` naming the field at fault. Keys missing from
``values`` are not checked (an update gives only the fields it changes).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext as _

from keyact.core.columns import columns_check
from keyact.core.errors import InvalidValue
from keyact.customers.models import Contact, Customer


def name_check(values: Mapping[str, Any]) -> None:
    """A customer or contact has a name."""
    if "name" in values and not str(values["name"] or "").strip():
        raise InvalidValue(_("The name cannot be empty."), field="name")


def customer_values_check(values: Mapping[str, Any]) -> None:
    """Name, size (never negative), location (both coordinates in range, or neither), and what
    the columns can hold."""
    name_check(values)
    for field in ("employees", "annual_revenue"):
        value = values.get(field)
        if value is not None and value < 0:
            raise InvalidValue(_("The value cannot be negative."), field=field)
    if ("latitude" in values or "longitude" in values) and (
        (values.get("latitude") is None) != (values.get("longitude") is None)
    ):
        raise InvalidValue(_("Give both latitude and longitude, or neither."), field="latitude")
    latitude, longitude = values.get("latitude"), values.get("longitude")
    if latitude is not None and not -90 <= latitude <= 90:
        raise InvalidValue(_("Latitude must lie between -90 and 90."), field="latitude")
    if longitude is not None and not -180 <= longitude <= 180:
        raise InvalidValue(_("Longitude must lie between -180 and 180."), field="longitude")
    columns_check(Customer, values)


def contact_values_check(values: Mapping[str, Any]) -> None:
    """Name, a known buying role, an e-mail address that is one, and what the columns hold."""
    name_check(values)
    buying_role = values.get("buying_role")
    if buying_role and buying_role not in Contact.BuyingRole.values:
        raise InvalidValue(_("Unknown buying role."), field="buying_role")
    email = values.get("email")
    if email:
        try:
            validate_email(email)
        except ValidationError as exc:
            raise InvalidValue(_("Enter a valid e-mail address."), field="email") from exc
    columns_check(Contact, values)
