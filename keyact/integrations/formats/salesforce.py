"""Salesforce data export (Data Export service or Data Loader): one CSV per object with the
standard field API names — UserRole, User, Account, Contact, Opportunity, Task, Event.

Ids are 15 or 18 characters (15-character ids are turned into their 18-character form so both
match); a null lookup is empty or ``000000000000000AAA``. Rows marked ``IsDeleted`` (an export
that includes the recycle bin) are skipped with a warning.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Iterator
from typing import ClassVar

from django.utils.translation import gettext as _

from keyact.activities.models import Activity
from keyact.integrations.formats.base import ColumnError, Dataset, Survey
from keyact.integrations.parsing import (
    BadValue,
    clean_text,
    parse_bool,
    parse_date,
    parse_decimal,
    parse_int,
)
from keyact.integrations.records import (
    ActivityRecord,
    ContactRecord,
    CustomerRecord,
    DepartmentRecord,
    OpportunityRecord,
    Origin,
    Ref,
    RowFailure,
    UserRecord,
)
from keyact.integrations.report import Report

_SUFFIX = "ABCDEFGHIJKLMNOPQRSTUVWXYZ012345"
NULL_IDS = {"000000000000000AAA", "000000000000000"}
ACCOUNT, CONTACT, OPPORTUNITY, USER, LEAD = "001", "003", "006", "005", "00Q"


@functools.lru_cache(maxsize=1 << 16)  # owners, accounts and deals recur row after row
def sf_id(text: str) -> str:
    """The 18-character form of a Salesforce id; empty for a null lookup."""
    value = text.strip()
    if not value or value in NULL_IDS:
        return ""
    if len(value) == 15:
        suffix = ""
        for start in (0, 5, 10):
            bits = sum(1 << i for i, c in enumerate(value[start : start + 5]) if "A" <= c <= "Z")
            suffix += _SUFFIX[bits]
        return value + suffix
    return value


def _ref(text: str) -> Ref | None:
    key = sf_id(text)
    return Ref(key) if key else None


class SalesforceDataset(Dataset):
    """A folder (or zip) of Salesforce CSVs."""

    source = "salesforce"
    default_types: ClassVar[dict[str, str]] = {
        "Call": "communication",
        "Email": "communication",
        "ListEmail": "communication",
        "Send Letter": "communication",
        "Meeting": "appointment",
        "Event": "appointment",
        "Demo": "product_demo",
        "Presentation": "product_demo",
        "Visit": "visit",
        "Site Visit": "visit",
    }
    default_stages: ClassVar[dict[str, str]] = {
        "Prospecting": "Lead",
        "Qualification": "Qualified",
        "Needs Analysis": "Qualified",
        "Value Proposition": "Solution / demo",
        "Id. Decision Makers": "Solution / demo",
        "Perception Analysis": "Solution / demo",
        "Proposal/Price Quote": "Proposal / quote",
        "Negotiation/Review": "Negotiation",
        "Closed Won": "Won",
        "Closed Lost": "Lost",
    }
    columns: ClassVar[dict[str, dict[str, str]]] = {
        "customers": {
            "name": "Name",
            "owner_id": "OwnerId",
            "employees": "NumberOfEmployees",
            "annual_revenue": "AnnualRevenue",
            "industry": "Industry",
        },
        "contacts": {
            "name": "LastName",
            "customer_id": "AccountId",
            "email": "Email",
            "title": "Title",
            "phone": "Phone",
        },
        "opportunities": {
            "name": "Name",
            "customer_id": "AccountId",
            "owner_id": "OwnerId",
            "stage_id": "StageName",
            "amount": "Amount",
            "closed_date": "CloseDate",
            "currency": "CurrencyIsoCode",
        },
        "activities": {
            "type_id": "Type",
            "owner_id": "OwnerId",
            "status": "Status",
            "occurred_at": "ActivityDate",
            "ended_at": "EndDateTime",
            "duration_minutes": "DurationInMinutes",
            "customer_id": "WhatId",
            "opportunity_id": "WhatId",
            "contact_ids": "WhoId",
            "subject": "Subject",
            "notes": "Description",
        },
    }

    def _rows(self, stem: str, report: Report) -> Iterator[tuple[str, int, dict[str, str]]]:
        kind = _KINDS.get(stem, "")
        for table in self.tables(self.find(stem), report):
            for line, row in table.rows:
                if parse_bool_safe(row.get("IsDeleted", "")):
                    report.warning(
                        table.file.name,
                        line,
                        sf_id(row.get("Id", "")),
                        "IsDeleted",
                        _("Deleted in Salesforce (recycle bin): skipped."),
                    )
                    if kind:
                        report.count("skipped", kind)
                    continue
                yield table.file.name, line, row

    # -- survey -------------------------------------------------------------------------------
    def survey(self, report: Report) -> Survey:
        survey = Survey()
        quiet = Report()
        for stem, kind in (
            ("UserRole", "roles"),
            ("User", "users"),
            ("Account", "customers"),
            ("Contact", "contacts"),
            ("Opportunity", "opportunities"),
        ):
            for _file, _line, row in self._rows(stem, quiet):
                survey.rows[kind] += 1
                if kind == "opportunities":
                    survey.stage_labels[row.get("StageName", "")] += 1
        for stem in ("Task", "Event"):
            for _file, _line, row in self._rows(stem, quiet):
                survey.rows["activities"] += 1
                label = _type_label(row, stem)
                survey.type_labels[label] += 1
                what = sf_id(row.get("WhatId", ""))
                if (
                    what[:3] in (ACCOUNT, OPPORTUNITY)
                    or sf_id(row.get("AccountId", ""))
                    or sf_id(row.get("WhoId", ""))[:3] == CONTACT
                ):
                    survey.type_labels_with_customer[label] += 1
        return survey

    # -- people --------------------------------------------------------------------------------
    def departments(self, report: Report) -> list[DepartmentRecord]:
        self._parents: dict[str, str] = {}
        result = []
        for file, line, row in self._rows("UserRole", report):
            key = sf_id(row.get("Id", ""))
            if not key:
                report.error(file, line, "", "Id", _("Required: the row has no id."))
                continue
            parent = sf_id(row.get("ParentRoleId", ""))
            self._parents[key] = parent
            name = clean_text(row.get("Name", "")) or key
            result.append(DepartmentRecord(key, Origin(file, line), name, parent))
        return result

    def department_parents(self) -> dict[str, str]:
        return getattr(self, "_parents", {})

    def users(self, report: Report) -> list[UserRecord]:
        result = []
        for file, line, row in self._rows("User", report):
            key = sf_id(row.get("Id", ""))
            if not key:
                report.error(file, line, "", "Id", _("Required: the row has no id."))
                report.count("skipped", "users")
                continue
            name = person_name(row)
            result.append(
                UserRecord(
                    key=key,
                    origin=Origin(file, line),
                    name=name,
                    username=clean_text(row.get("Username", "")),
                    email=clean_text(row.get("Email", "")),
                    title=clean_text(row.get("Title", "")),
                    department=sf_id(row.get("UserRoleId", "")),
                    manager=_ref(row.get("ManagerId", "")),
                    is_active=parse_bool_safe(row.get("IsActive", "1"), default=True),
                )
            )
        return result

    # -- accounts, contacts, deals ---------------------------------------------------------------
    def customers(self, report: Report) -> Iterator[CustomerRecord | RowFailure]:
        for file, line, row in self._rows("Account", report):
            key = sf_id(row.get("Id", ""))
            origin = Origin(file, line)
            try:
                employees = _cell(parse_int, row, "NumberOfEmployees")
                revenue = _cell(parse_decimal, row, "AnnualRevenue")
            except ColumnError as exc:
                yield RowFailure(key, origin, exc.column, exc.reason)
                continue
            address = ", ".join(
                p
                for p in (
                    clean_text(row.get(f"Billing{f}", ""))
                    for f in ("Street", "City", "State", "PostalCode", "Country")
                )
                if p
            )
            yield CustomerRecord(
                key=key,
                origin=origin,
                name=clean_text(row.get("Name", "")),
                industry=clean_text(row.get("Industry", "")),
                employees=employees,
                annual_revenue=revenue,
                owner=_ref(row.get("OwnerId", "")),
                address=address,
            )

    def contacts(self, report: Report) -> Iterator[ContactRecord | RowFailure]:
        for file, line, row in self._rows("Contact", report):
            name = person_name(row)
            yield ContactRecord(
                key=sf_id(row.get("Id", "")),
                origin=Origin(file, line),
                name=name,
                customer=_ref(row.get("AccountId", "")),
                title=clean_text(row.get("Title", "")),
                phone=clean_text(row.get("Phone", "") or row.get("MobilePhone", "")),
                email=clean_text(row.get("Email", "")),
            )

    def opportunities(self, report: Report) -> Iterator[OpportunityRecord | RowFailure]:
        for file, line, row in self._rows("Opportunity", report):
            key = sf_id(row.get("Id", ""))
            origin = Origin(file, line)
            try:
                amount = _cell(parse_decimal, row, "Amount")
                close = _cell(parse_date, row, "CloseDate")
                created = self.moment(row.get("CreatedDate", ""), "CreatedDate")
                closed = _flag(row, "IsClosed")
                won = _flag(row, "IsWon")
            except ColumnError as exc:
                yield RowFailure(key, origin, exc.column, exc.reason)
                continue
            yield OpportunityRecord(
                key=key,
                origin=origin,
                name=clean_text(row.get("Name", "")),
                customer=_ref(row.get("AccountId", "")),
                owner=_ref(row.get("OwnerId", "")),
                stage=clean_text(row.get("StageName", "")),
                closed=closed,
                won=won if closed else (False if closed is False else won),
                amount=amount,
                currency=clean_text(row.get("CurrencyIsoCode", "")),
                close_date=close,
                created_at=created[0] if created else None,
                lead_source=clean_text(row.get("LeadSource", "")),
            )

    # -- activities ------------------------------------------------------------------------------
    def activities(self, report: Report) -> Iterator[ActivityRecord | RowFailure]:
        for stem in ("Task", "Event"):
            for file, line, row in self._rows(stem, report):
                key = sf_id(row.get("Id", ""))
                origin = Origin(file, line)
                try:
                    record = (
                        self._task(key, origin, row, report)
                        if stem == "Task"
                        else self._event(key, origin, row)
                    )
                except ColumnError as exc:
                    yield RowFailure(key, origin, exc.column, exc.reason)
                    continue
                self._links(record, row, report)
                yield record

    def _task(
        self, key: str, origin: Origin, row: dict[str, str], report: Report
    ) -> ActivityRecord:
        closed = _flag(row, "IsClosed")
        status_text = row.get("Status", "").strip()
        done = closed if closed is not None else status_text.casefold() == "completed"
        due = self.moment(row.get("ActivityDate", ""), "ActivityDate")
        completed = self.moment(row.get("CompletedDateTime", ""), "CompletedDateTime")
        created = self.moment(row.get("CreatedDate", ""), "CreatedDate")
        when = (completed or due) if done else due
        if due is None:
            when = when or created
            if when is not None:
                report.warning(
                    origin.file,
                    origin.line,
                    key,
                    "ActivityDate",
                    _("No ActivityDate: dated by its CreatedDate."),
                )
        seconds = _cell(parse_int, row, "CallDurationInSeconds")
        return ActivityRecord(
            key=key,
            origin=origin,
            type=_type_label(row, "Task"),
            status=Activity.Status.DONE if done else Activity.Status.PLANNED,
            occurred_at=when[0] if when else None,
            duration_minutes=None if seconds is None else math.ceil(seconds / 60),
            owner=_ref(row.get("OwnerId", "")),
            subject=clean_text(row.get("Subject", "")),
            notes=clean_text(row.get("Description", "")),
            created_at=created[0] if created else None,
        )

    def _event(self, key: str, origin: Origin, row: dict[str, str]) -> ActivityRecord:
        start = (
            self.moment(row.get("StartDateTime", ""), "StartDateTime")
            or self.moment(row.get("ActivityDateTime", ""), "ActivityDateTime")
            or self.moment(row.get("ActivityDate", ""), "ActivityDate")
        )
        end = self.moment(row.get("EndDateTime", ""), "EndDateTime")
        minutes = _cell(parse_int, row, "DurationInMinutes")
        created = self.moment(row.get("CreatedDate", ""), "CreatedDate")
        if start is None:
            raise ColumnError("StartDateTime", _("Required: the event has no start."))
        from django.utils import timezone

        finished = (end[0] if end else start[0]) <= timezone.now()
        return ActivityRecord(
            key=key,
            origin=origin,
            type=_type_label(row, "Event"),
            status=Activity.Status.DONE if finished else Activity.Status.PLANNED,
            occurred_at=start[0],
            ended_at=end[0] if end else None,
            duration_minutes=minutes,
            owner=_ref(row.get("OwnerId", "")),
            subject=clean_text(row.get("Subject", "")),
            notes=clean_text(row.get("Description", "")),
            created_at=created[0] if created else None,
        )

    def _links(self, record: ActivityRecord, row: dict[str, str], report: Report) -> None:
        """WhatId: an opportunity or an account; WhoId: a contact (leads are not imported)."""
        what = sf_id(row.get("WhatId", ""))
        if what[:3] == OPPORTUNITY:
            record.opportunity = Ref(what)
        elif what[:3] == ACCOUNT:
            record.customer = Ref(what)
        elif what:
            report.warning(
                record.origin.file,
                record.origin.line,
                record.key,
                "WhatId",
                _("Linked to a record keyact does not import (%(id)s): imported without the link.")
                % {"id": what},
            )
        account = sf_id(row.get("AccountId", ""))
        if record.customer is None and account[:3] == ACCOUNT and record.opportunity is None:
            record.customer = Ref(account)
        who = sf_id(row.get("WhoId", ""))
        if who[:3] == CONTACT:
            record.contacts = [Ref(who)]
        elif who:
            report.warning(
                record.origin.file,
                record.origin.line,
                record.key,
                "WhoId",
                _(
                    "Linked to a lead or a record keyact does not import (%(id)s): "
                    "imported without the link."
                )
                % {"id": who},
            )


_KINDS = {
    "User": "users",
    "Account": "customers",
    "Contact": "contacts",
    "Opportunity": "opportunities",
    "Task": "activities",
    "Event": "activities",
}


def person_name(row: dict[str, str]) -> str:
    """``Name``, else first and last name (family name first, unspaced, for Chinese names)."""
    name = clean_text(row.get("Name", ""))
    if name:
        return name
    first, last = clean_text(row.get("FirstName", "")), clean_text(row.get("LastName", ""))
    if first and last and all(ord(c) > 0x2E80 for c in first + last):
        return last + first
    return " ".join(p for p in (first, last) if p)


def _type_label(row: dict[str, str], stem: str) -> str:
    for column in ("Type", "TaskSubtype" if stem == "Task" else "EventSubtype"):
        value = row.get(column, "").strip()
        if value:
            return value
    return stem


def _cell(parse, row: dict[str, str], column: str):  # type: ignore[no-untyped-def]
    try:
        return parse(row.get(column, ""))
    except BadValue as exc:
        raise ColumnError(column, str(exc)) from exc


def _flag(row: dict[str, str], column: str) -> bool | None:
    if column not in row or not row[column].strip():
        return None
    return bool(_cell(parse_bool, row, column))


def parse_bool_safe(text: str, *, default: bool = False) -> bool:
    """A yes/no cell, or ``default`` when the cell holds something else."""
    try:
        return parse_bool(text) if text.strip() else default
    except BadValue:
        return default
