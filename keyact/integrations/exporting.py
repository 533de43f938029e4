"""Exports of what a user may see, as CSV or XLSX, safe to open in a spreadsheet.

Rows come from the apps' scoped selectors, so an export holds exactly what the exporter sees
in the pages. Text that a spreadsheet would run as a formula (``=``, ``+``, ``-``, ``@``, tab,
carriage return first) is written with a leading apostrophe, so it stays text (OWASP CSV
injection). Numbers stay numbers.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import tempfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from keyact.activities.selectors import ActivityFilters, activity_list
from keyact.customers.selectors import customer_list
from keyact.deals.selectors import opportunity_list
from keyact.keyactivities.models import Target
from keyact.keyactivities.selectors import key_activity_list
from keyact.users.models import User

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
BATCH = 2_000


def inert(value: Any) -> Any:
    """A cell value a spreadsheet shows as written: formula-like text gets an apostrophe."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


@dataclass(frozen=True)
class Export:
    """A named table: its file name stem, header and rows (lazily read)."""

    name: str
    header: list[str]
    rows: Iterable[list[Any]]


def _local(moment: dt.datetime | None) -> str:
    if moment is None:
        return ""
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M")


def _name(user: Any) -> str:
    return str(user) if user is not None else ""


def activities_export(*, user: User, filters: ActivityFilters | None = None) -> Export:
    """The activities the user may see (the activity list's filters apply)."""
    qs = activity_list(user=user, filters=filters)

    def rows() -> Iterator[list[Any]]:
        for a in qs.iterator(chunk_size=BATCH):
            yield [
                a.pk,
                _local(a.occurred_at),
                _local(a.ended_at),
                a.duration_minutes,
                a.type.name,
                a.get_status_display(),
                _name(a.owner),
                a.customer.name if a.customer else "",
                a.opportunity.name if a.opportunity else "",
                a.subject,
                a.get_outcome_display() if a.outcome else "",
                a.commitment_text,
                a.notes,
            ]

    header = [
        _("ID"),
        _("When"),
        _("End"),
        _("Duration (minutes)"),
        _("Type"),
        _("Status"),
        _("Owner"),
        _("Customer"),
        _("Opportunity"),
        _("Subject"),
        _("Outcome"),
        _("Commitment"),
        _("Notes"),
    ]
    return Export("activities", header, rows())


def customers_export(*, user: User) -> Export:
    """The customers the user may see."""
    qs = customer_list(user=user)

    def rows() -> Iterator[list[Any]]:
        for c in qs.iterator(chunk_size=BATCH):
            yield [
                c.pk,
                c.name,
                c.industry,
                c.employees,
                c.annual_revenue,
                _name(c.owner),
                _("Existing") if getattr(c, "is_existing", False) else _("New"),
                c.address,
            ]

    header = [
        _("ID"),
        _("Name"),
        _("Industry"),
        _("Employees"),
        _("Annual revenue"),
        _("Owner"),
        _("New or existing"),
        _("Address"),
    ]
    return Export("customers", header, rows())


def opportunities_export(*, user: User) -> Export:
    """The opportunities the user may see."""
    qs = opportunity_list(user=user)

    def rows() -> Iterator[list[Any]]:
        for o in qs.iterator(chunk_size=BATCH):
            yield [
                o.pk,
                o.name,
                o.customer.name if o.customer else "",
                _name(o.owner),
                o.stage.name,
                o.get_status_display(),
                o.amount,
                o.currency,
                o.expected_close_date,
                o.closed_date,
            ]

    header = [
        _("ID"),
        _("Name"),
        _("Customer"),
        _("Owner"),
        _("Stage"),
        _("Status"),
        _("Amount"),
        _("Currency"),
        _("Expected close"),
        _("Closed"),
    ]
    return Export("opportunities", header, rows())


def key_activities_export(*, user: User) -> Export:
    """The key activities the user may see, one row per owner target (or one without)."""
    key_activities = list(key_activity_list(user=user))
    targets: dict[int, list[Target]] = {}
    for target in (
        Target.objects.filter(key_activity__in=[k.pk for k in key_activities])
        .select_related("owner")
        .order_by("key_activity_id", "period_start", "owner_id")
    ):
        targets.setdefault(target.key_activity_id, []).append(target)

    def rows() -> Iterator[list[Any]]:
        for k in key_activities:
            base = [
                k.pk,
                k.name,
                k.get_status_display(),
                k.get_period_display(),
                k.quantity,
                k.get_tracking_frequency_display(),
                ", ".join(str(o.user) for o in k.owners.all()),
            ]
            own = targets.get(k.pk, [])
            if not own:
                yield [*base, "", "", "", ""]
            for t in own:
                yield [*base, _name(t.owner), t.period_start, t.period_end, t.quantity]

    header = [
        _("ID"),
        _("Key activity"),
        _("Status"),
        _("Period"),
        _("Quantity standard"),
        _("Tracking frequency"),
        _("Owners"),
        _("Target owner"),
        _("From"),
        _("To"),
        _("Target"),
    ]
    return Export("key-activities", header, rows())


EXPORTS: dict[str, Callable[..., Export]] = {
    "activities": activities_export,
    "customers": customers_export,
    "opportunities": opportunities_export,
    "key-activities": key_activities_export,
}


def _csv_cell(value: Any) -> Any:
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    if value is None:
        return ""
    return inert(value)


class _Echo:
    def write(self, value: str) -> str:
        return value


def csv_lines(export: Export) -> Iterator[str]:
    """The export as CSV text, line by line (UTF-8 with a byte-order mark so Excel reads
    Chinese correctly)."""
    writer = csv.writer(_Echo())
    yield "\ufeff" + writer.writerow([inert(h) for h in export.header])
    for row in export.rows:
        yield writer.writerow([_csv_cell(v) for v in row])


def _xlsx_cell(value: Any) -> Any:
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, str):
        # openpyxl would store "=…" as a formula: written as text, it is shown as typed.
        return inert(value)
    return value


def xlsx_bytes(export: Export) -> bytes:
    """The export as an XLSX workbook (streamed through a temporary file)."""
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet(title=export.name[:31])
    sheet.append(list(export.header))
    for row in export.rows:
        sheet.append([_xlsx_cell(v) for v in row])
    with tempfile.TemporaryFile() as handle:
        book.save(handle)
        handle.seek(0)
        return handle.read()


def csv_bytes(export: Export) -> bytes:
    """The whole CSV at once (tests, small exports)."""
    buffer = io.StringIO()
    for line in csv_lines(export):
        buffer.write(line)
    return buffer.getvalue().encode("utf-8")
