"""What every format is turned into before it is checked and written: one record per source row,
with references to other rows by the source's id (or by name, for sheets that link by name)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal


@dataclass(frozen=True, slots=True)
class Ref:
    """A reference to another record: its id in the source, or its name when the source links
    rows by name (Pipedrive, follow-up sheets)."""

    key: str
    by_name: bool = False


@dataclass(slots=True)
class Origin:
    """Where a record came from, for the report."""

    file: str
    line: int | None


@dataclass(slots=True)
class DepartmentRecord:
    """A unit of the reporting tree (a Salesforce role, a regional office…)."""

    key: str
    origin: Origin
    name: str
    parent: str = ""


@dataclass(slots=True)
class UserRecord:
    """A person: becomes a user with a membership (inactive when the source says so)."""

    key: str
    origin: Origin
    name: str
    username: str = ""
    email: str = ""
    title: str = ""
    department: str = ""
    manager: Ref | None = None
    is_active: bool = True
    role: str = ""


@dataclass(slots=True)
class CustomerRecord:
    """An account."""

    key: str
    origin: Origin
    name: str
    industry: str = ""
    employees: int | None = None
    annual_revenue: Decimal | None = None
    owner: Ref | None = None
    address: str = ""


@dataclass(slots=True)
class ContactRecord:
    """A person at an account."""

    key: str
    origin: Origin
    name: str
    customer: Ref | None = None
    title: str = ""
    phone: str = ""
    email: str = ""


@dataclass(slots=True)
class OpportunityRecord:
    """A deal; ``won`` / ``closed`` from the source override the stage's own meaning."""

    key: str
    origin: Origin
    name: str
    customer: Ref | None = None
    owner: Ref | None = None
    stage: str = ""
    closed: bool | None = None
    won: bool | None = None
    amount: Decimal | None = None
    currency: str = ""
    close_date: dt.date | None = None
    created_at: dt.datetime | None = None
    lead_source: str = ""


@dataclass(slots=True)
class ActivityRecord:
    """A task, event, call, meeting, note or follow-up."""

    key: str
    origin: Origin
    type: str
    status: str
    occurred_at: dt.datetime | None
    owner: Ref | None = None
    ended_at: dt.datetime | None = None
    duration_minutes: int | None = None
    customer: Ref | None = None
    opportunity: Ref | None = None
    contacts: list[Ref] = field(default_factory=list)
    subject: str = ""
    notes: str = ""
    outcome: str = ""
    created_at: dt.datetime | None = None


@dataclass(slots=True)
class RowFailure:
    """A row a format could not read (a bad date, a missing id): reported, never loaded."""

    key: str
    origin: Origin
    column: str
    reason: str
