"""Scorecards for performance reviews: one person, one month — each key activity with target,
actual, qualified share and status, the review notes of that month and the coaching received;
as data for the print page and as an XLSX workbook (cells that a spreadsheet would run as a
formula are neutralised)."""

from __future__ import annotations

import io
from dataclasses import dataclass

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.worksheet.worksheet import Worksheet

from keyact.core.errors import NotFound
from keyact.orgs.selectors import scope_for
from keyact.tracking.models import CoachingNote, Review
from keyact.tracking.pacing import whole
from keyact.tracking.progress import OwnerProgress, Window, aware_bounds, progress_compute
from keyact.tracking.selectors import calendar_get, month_window, published_key_activities
from keyact.users.models import User

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True)
class ScorecardLine:
    """One key activity on the scorecard."""

    name: str
    row: OwnerProgress


@dataclass(frozen=True)
class Scorecard:
    """Everything a performance review of one person over one month looks at."""

    person: User
    window: Window
    lines: tuple[ScorecardLine, ...]
    reviews: tuple[Review, ...]
    coaching: tuple[CoachingNote, ...]


def scorecard_get(*, user: User, person_id: int, period: str | None = None) -> Scorecard:
    """The scorecard of a person inside the user's scope (themselves for a rep)."""
    scope = scope_for(user)
    if not scope.covers_owner(person_id):
        raise NotFound(_("No such person."), field="person_id")
    person = User.objects.filter(
        pk=person_id, membership__organization_id=scope.organization_id
    ).first()
    if person is None:
        raise NotFound(_("No such person."), field="person_id")
    cal = calendar_get(organization_id=scope.organization_id)
    window = month_window(period, cal.today())
    key_activities = list(
        published_key_activities(organization_id=scope.organization_id).filter(
            owners__user_id=person_id
        )
    )
    progress = progress_compute(
        key_activities=key_activities,
        owner_ids=[person_id],
        windows={ka.pk: window for ka in key_activities},
        calendar=cal.calendar,
        tz=cal.tz,
        today=cal.today(),
    )
    lines = tuple(ScorecardLine(p.key_activity.name, p.owners[0]) for p in progress if p.owners)
    lo, hi = aware_bounds(window, cal.tz)
    reviews = tuple(
        Review.objects.filter(
            key_activity__in=[ka.pk for ka in key_activities],
            due_on__gte=window[0],
            due_on__lte=window[1],
        )
        .select_related("key_activity", "held_by")
        .order_by("due_on", "id")
    )
    coaching = tuple(
        CoachingNote.objects.filter(person_id=person_id, created_at__gte=lo, created_at__lt=hi)
        .select_related("author", "key_activity")
        .order_by("created_at", "id")
    )
    return Scorecard(person, window, lines, reviews, coaching)


def safe_cell(value: object) -> object:
    """A value a spreadsheet shows as written: text that would start a formula gets a leading
    apostrophe."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


_BOLD = Font(bold=True)


def _put(sheet: Worksheet, row: list[object], *, header: bool = False) -> None:
    """Append a row; text stays text (never a formula), a header is bold."""
    sheet.append([safe_cell(v) for v in row])
    for cell in sheet[sheet.max_row]:
        if isinstance(cell.value, str):
            cell.data_type = "s"
        if header:
            cell.font = _BOLD


def _put_key_activities(
    sheet: Worksheet, card: Scorecard, status_labels: dict[str | None, str]
) -> None:
    _put(
        sheet,
        [
            _("Key activity"),
            _("Target"),
            _("Done"),
            _("Qualified"),
            _("Qualified share"),
            _("Expected by today"),
            _("Status"),
        ],
        header=True,
    )
    for line in card.lines:
        r = line.row
        share = r.qualified_share
        _put(
            sheet,
            [
                line.name,
                r.target,
                r.actual,
                r.qualified,
                None if share is None else round(share, 3),
                whole(r.pace.expected),
                status_labels.get(r.pace.status, ""),
            ],
        )
        if share is not None:
            sheet.cell(row=sheet.max_row, column=5).number_format = "0%"


def _layout(sheet: Worksheet) -> None:
    """Column widths, and every cell wrapped and aligned to the top."""
    for column, width in zip("ABCDEFG", (34, 12, 40, 30, 14, 16, 12), strict=True):
        sheet.column_dimensions[column].width = width
    for row in sheet.iter_rows():
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")


def scorecard_xlsx(card: Scorecard, status_labels: dict[str | None, str]) -> bytes:
    """The scorecard as an XLSX workbook: key activities, reviews, coaching."""
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = _("Scorecard")[:31]
    _put(
        sheet,
        [str(card.person), f"{card.window[0].isoformat()} / {card.window[1].isoformat()}"],
        header=True,
    )
    _put(sheet, [])
    _put_key_activities(sheet, card, status_labels)
    _put(sheet, [])
    _put(sheet, [_("Reviews"), _("Due on"), _("Notes"), _("Decisions")], header=True)
    for review in card.reviews:
        _put(sheet, [review.key_activity.name, review.due_on, review.notes, review.decisions])
    _put(sheet, [])
    _put(
        sheet, [_("Coaching"), _("Date"), _("Coaching note"), _("Agreed next actions")], header=True
    )
    for note in card.coaching:
        _put(sheet, [str(note.author), note.created_at.date(), note.text, note.next_actions])
    _layout(sheet)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def month_label(window: Window) -> str:
    """YYYY-MM of a month window."""
    return window[0].strftime("%Y-%m")
