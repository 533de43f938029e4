"""The value side of table formats: which fields a column may hold, how statuses, durations,
dates, flags, names and HTML notes read, and which table field an engine refusal points at."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from django.utils.translation import gettext as _

from keyact.activities.models import Activity
from keyact.integrations.formats.base import ColumnError
from keyact.integrations.parsing import (
    BadValue,
    clean_text,
    parse_bool,
    parse_date,
    parse_decimal,
)

# The fields a column can be mapped to, per kind of record.
FIELDS: dict[str, tuple[str, ...]] = {
    "users": (
        "key",
        "name",
        "first_name",
        "last_name",
        "email",
        "username",
        "title",
        "department",
        "manager",
        "active",
    ),
    "customers": ("key", "name", "industry", "employees", "annual_revenue", "owner", "address"),
    "contacts": (
        "key",
        "name",
        "first_name",
        "last_name",
        "customer",
        "title",
        "phone",
        "email",
    ),
    "opportunities": (
        "key",
        "name",
        "customer",
        "owner",
        "stage",
        "status",
        "amount",
        "currency",
        "close_date",
        "created_at",
        "lead_source",
    ),
    "activities": (
        "key",
        "type",
        "owner",
        "date",
        "time",
        "end",
        "duration",
        "customer",
        "opportunity",
        "contact",
        "subject",
        "notes",
        "status",
        "next_date",
        "created_at",
        "disposition",
    ),
}
REQUIRED: dict[str, tuple[str, ...]] = {
    "users": ("name",),
    "customers": ("name",),
    "contacts": ("customer",),
    "opportunities": ("name",),
    "activities": ("date",),
}

_DONE = {
    "done",
    "completed",
    "complete",
    "closed",
    "yes",
    "true",
    "1",
    "已完成",
    "完成",
    "是",
    "已跟进",
}
_PLANNED = {
    "planned",
    "open",
    "to do",
    "todo",
    "not started",
    "not_started",
    "in progress",
    "in_progress",
    "waiting",
    "deferred",
    "scheduled",
    "0",
    "no",
    "false",
    "计划",
    "未完成",
    "待办",
    "否",
    "待跟进",
}
_CANCELLED = {"cancelled", "canceled", "已取消", "取消"}
_WON = {"won", "closed won", "closedwon", "赢单", "成交", "已成交", "签约"}
_LOST = {"lost", "closed lost", "closedlost", "输单", "丢单", "失败"}
_HTML_TAG = re.compile(r"<[^>]+>")


@dataclass(frozen=True)
class FileMapping:
    """Which kind of record a file holds and which column holds each field."""

    kind: str
    columns: dict[str, str]


def parse_duration(text: str, unit: str = "minutes") -> int | None:
    """Minutes from ``45``, ``1:30`` / ``01:30:00`` (hours:minutes[:seconds]) or, with
    ``unit="ms"``, milliseconds (HubSpot) and ``unit="seconds"``."""
    value = text.strip()
    if not value:
        return None
    if ":" in value:
        parts = value.split(":")
        if not all(p.isdigit() for p in parts) or len(parts) > 3:
            raise BadValue(_("Not a duration: %(value)s") % {"value": value})
        hours, minutes = int(parts[0]), int(parts[1])
        seconds = int(parts[2]) if len(parts) == 3 else 0
        return hours * 60 + minutes + (1 if seconds >= 30 else 0)
    number = parse_decimal(value)
    if number is None:
        return None
    divisor = {"ms": 60_000, "seconds": 60}.get(unit, 1)
    return int((number / divisor).to_integral_value(rounding="ROUND_HALF_UP"))


def status_of(text: str) -> str | None:
    """done / planned / cancelled from the usual words, None when the cell is empty."""
    value = text.strip().casefold()
    if not value:
        return None
    if value in _DONE:
        return Activity.Status.DONE
    if value in _PLANNED:
        return Activity.Status.PLANNED
    if value in _CANCELLED:
        return Activity.Status.CANCELLED
    raise BadValue(_("Not a status keyact knows: %(value)s") % {"value": text.strip()})


def html_text(text: str) -> str:
    """Text of an HTML note (Odoo): tags dropped, paragraphs and breaks as new lines."""
    if "<" not in text:
        return text
    spaced = re.sub(r"(?i)<br\s*/?>|</p>|</div>|</li>", "\n", text)
    plain = _HTML_TAG.sub("", spaced)
    for entity, char in (
        ("&nbsp;", " "),
        ("&lt;", "<"),
        ("&gt;", ">"),
        ("&quot;", '"'),
        ("&amp;", "&"),
    ):
        plain = plain.replace(entity, char)
    return "\n".join(line.strip() for line in plain.splitlines() if line.strip())


# keyact field names (as the rules report them) → the table fields they come from.
_ENGINE_FIELDS = {
    "owner_id": "owner",
    "customer_id": "customer",
    "opportunity_id": "opportunity",
    "contact_ids": "contact",
    "type_id": "type",
    "occurred_at": "date",
    "ended_at": "end",
    "duration_minutes": "duration",
    "stage_id": "stage",
    "closed_date": "close_date",
}


def _full_name(first: str, last: str) -> str:
    first, last = clean_text(first), clean_text(last)
    if first and last and all(ord(c) > 0x2E80 for c in first + last):
        return last + first
    return " ".join(p for p in (first, last) if p)


def _date(text: str, column: str) -> dt.date | None:
    try:
        return parse_date(text)
    except BadValue as exc:
        raise ColumnError(column, str(exc)) from exc


def _flag(text: str, *, default: bool) -> bool:
    try:
        return parse_bool(text) if text.strip() else default
    except BadValue:
        return default
