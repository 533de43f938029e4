"""API: customers (accounts) and their contacts."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Path, Query, Router, Status

from keyact.core.api_errors import ErrorOut
from keyact.core.api_fields import ParamId
from keyact.core.pagination import Page, PageParams, paginate
from keyact.customers.schemas import (
    ContactIn,
    ContactOut,
    ContactPatch,
    ContactQuery,
    CustomerIn,
    CustomerOut,
    CustomerPatch,
    CustomerQuery,
)
from keyact.customers.selectors import contact_get, contact_list, customer_get, customer_list
from keyact.customers.services import (
    contact_create,
    contact_update,
    customer_create,
    customer_update,
)
from keyact.users.api_auth import actor

ERRORS: dict[frozenset[int], type[ErrorOut]] = {frozenset({400, 401, 403, 404, 422}): ErrorOut}
WRITE_ERRORS: dict[frozenset[int], type[ErrorOut]] = {
    frozenset({400, 401, 403, 404, 409, 422}): ErrorOut
}

customers_router = Router(tags=["customers"])
contacts_router = Router(tags=["contacts"])


@customers_router.get("", response={200: Page[CustomerOut], **ERRORS}, summary="Customers")
def customers_list(
    request: HttpRequest, filters: Query[CustomerQuery], page: Query[PageParams]
) -> dict[str, Any]:
    """Customers inside the caller's scope, by name."""
    qs = customer_list(
        user=actor(request),
        search=filters.q,
        owner_id=filters.owner_id,
        industry=filters.industry,
    )
    return paginate(request, qs, page)


@customers_router.get(
    "/{customer_id}", response={200: CustomerOut, **ERRORS}, summary="One customer"
)
def customers_get(request: HttpRequest, customer_id: Path[ParamId]) -> Any:
    """One customer inside the caller's scope; anything else answers 404."""
    return customer_get(user=actor(request), customer_id=customer_id)


@customers_router.post("", response={201: CustomerOut, **ERRORS}, summary="New customer")
def customers_create(request: HttpRequest, payload: CustomerIn) -> Status[Any]:
    """Create a customer in the caller's organisation."""
    return Status(201, customer_create(actor=actor(request), **payload.model_dump()))


@customers_router.patch(
    "/{customer_id}", response={200: CustomerOut, **WRITE_ERRORS}, summary="Change a customer"
)
def customers_patch(
    request: HttpRequest, customer_id: Path[ParamId], payload: CustomerPatch
) -> Any:
    """Change the fields sent (the account owner's team only). The body names the ``version``
    it is based on; a stale one answers 409."""
    changes = payload.changes()
    version = changes.pop("version")
    return customer_update(
        actor=actor(request), customer_id=customer_id, expected_version=version, **changes
    )


@contacts_router.get("", response={200: Page[ContactOut], **ERRORS}, summary="Contacts")
def contacts_list(
    request: HttpRequest, filters: Query[ContactQuery], page: Query[PageParams]
) -> dict[str, Any]:
    """Contacts at customers inside the caller's scope, by name."""
    qs = contact_list(user=actor(request), customer_id=filters.customer_id, search=filters.q)
    return paginate(request, qs, page)


@contacts_router.get("/{contact_id}", response={200: ContactOut, **ERRORS}, summary="One contact")
def contacts_get(request: HttpRequest, contact_id: Path[ParamId]) -> Any:
    """One contact inside the caller's scope; anything else answers 404."""
    return contact_get(user=actor(request), contact_id=contact_id)


@contacts_router.post("", response={201: ContactOut, **ERRORS}, summary="New contact")
def contacts_create(request: HttpRequest, payload: ContactIn) -> Status[Any]:
    """Add a contact to a customer the caller may change (the account owner's team only)."""
    return Status(201, contact_create(actor=actor(request), **payload.model_dump()))


@contacts_router.patch(
    "/{contact_id}", response={200: ContactOut, **WRITE_ERRORS}, summary="Change a contact"
)
def contacts_patch(request: HttpRequest, contact_id: Path[ParamId], payload: ContactPatch) -> Any:
    """Change the fields sent (the account owner's team only, as for the customer). The body
    names the ``version`` it is based on; a stale one answers 409."""
    changes = payload.changes()
    version = changes.pop("version")
    return contact_update(
        actor=actor(request), contact_id=contact_id, expected_version=version, **changes
    )
