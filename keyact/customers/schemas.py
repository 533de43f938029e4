"""API schemas for customers and contacts."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Literal

from ninja import Schema
from pydantic import Field

from keyact.core.api_fields import (
    Email,
    Id,
    InputSchema,
    Money,
    Name150,
    Name200,
    ParamId,
    PatchSchema,
    Phone,
    PositiveInt,
    Search,
    Text100,
    Text150,
    Text300,
    Version,
    money,
    optional,
)
from keyact.customers.models import Customer

BuyingRoleName = Literal["", "economic", "user", "technical", "coach"]


class CustomerOut(Schema):
    """A customer (account)."""

    id: int
    name: str
    industry: str
    employees: int | None
    annual_revenue: Decimal | None
    owner_id: int | None
    address: str
    latitude: float | None
    longitude: float | None
    is_existing: bool = Field(description="True once the customer has a won deal.")
    created_at: dt.datetime
    updated_at: dt.datetime
    version: int = Field(description="Goes up with every change; send it back to change it.")

    @staticmethod
    def resolve_annual_revenue(obj: Customer) -> Decimal | None:
        return money(obj.annual_revenue)

    @staticmethod
    def resolve_is_existing(obj: Customer) -> bool:
        return bool(getattr(obj, "is_existing", False))


class CustomerIn(InputSchema):
    """A new customer, owned by the caller unless ``owner_id`` names someone in their team."""

    name: Name200
    industry: Text100 = ""
    employees: PositiveInt | None = None
    annual_revenue: Money | None = None
    address: Text300 = ""
    owner_id: Id | None = None


class CustomerPatch(PatchSchema):
    """Change a customer's fields (the account owner's team only), based on ``version``."""

    version: Version
    name: Name200 = optional()
    industry: Text100 = optional()
    employees: PositiveInt | None = None
    annual_revenue: Money | None = None
    address: Text300 = optional()
    owner_id: Id = optional()


class CustomerQuery(InputSchema):
    """Filters of the customer list."""

    q: Search = Field(default="", description="Text in the name or the industry.")
    owner_id: ParamId | None = None
    industry: Text100 = Field(default="", description="Exact industry.")


class ContactOut(Schema):
    """A person at a customer."""

    id: int
    customer_id: int
    name: str
    title: str
    phone: str
    email: str
    buying_role: BuyingRoleName
    created_at: dt.datetime
    updated_at: dt.datetime
    version: int = Field(description="Goes up with every change; send it back to change it.")


class ContactIn(InputSchema):
    """A new contact at a customer the caller may change."""

    customer_id: Id
    name: Name150
    title: Text150 = ""
    phone: Phone = ""
    email: Email = ""
    buying_role: BuyingRoleName = ""


class ContactPatch(PatchSchema):
    """Change a contact's fields (the account owner's team only), based on ``version``."""

    version: Version
    name: Name150 = optional()
    title: Text150 = optional()
    phone: Phone = optional()
    email: Email = optional()
    buying_role: BuyingRoleName = optional()


class ContactQuery(InputSchema):
    """Filters of the contact list."""

    customer_id: ParamId | None = None
    q: Search = Field(default="", description="Text in the name or the title.")
