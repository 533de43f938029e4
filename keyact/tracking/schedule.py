"""When reviews of a key activity fall due (its tracking frequency). Pure date logic.

Weekly: every week on the weekday ``review_day`` (0 = Monday). Every two weeks: that weekday in
every other week, counted from the first one on or after the key activity's start. Monthly: on
day ``review_day`` of each month (clamped to the month's last day; 0 means the last day).
"""

from __future__ import annotations

import calendar
import datetime as dt

WEEKLY, BIWEEKLY, MONTHLY = "weekly", "biweekly", "monthly"


def _first_weekday_on_or_after(day: dt.date, weekday: int) -> dt.date:
    return day + dt.timedelta(days=(weekday - day.weekday()) % 7)


def _monthly(year: int, month: int, review_day: int) -> dt.date:
    last = calendar.monthrange(year, month)[1]
    return dt.date(year, month, last if review_day <= 0 else min(review_day, last))


def review_due_dates(
    frequency: str, review_day: int, valid_from: dt.date, start: dt.date, end: dt.date
) -> list[dt.date]:
    """The due dates from ``start`` to ``end`` (both included), never before ``valid_from``."""
    start = max(start, valid_from)
    if end < start:
        return []
    if frequency in (WEEKLY, BIWEEKLY):
        weekday = review_day % 7
        first = _first_weekday_on_or_after(valid_from, weekday)
        day = max(first, _first_weekday_on_or_after(start, weekday))
        step = 7
        if frequency == BIWEEKLY and (day - first).days % 14:
            day += dt.timedelta(days=7)
        if frequency == BIWEEKLY:
            step = 14
        dates = []
        while day <= end:
            dates.append(day)
            day += dt.timedelta(days=step)
        return dates
    if frequency == MONTHLY:
        dates = []
        year, month = start.year, start.month
        while (year, month) <= (end.year, end.month):
            due = _monthly(year, month, review_day)
            if start <= due <= end:
                dates.append(due)
            year, month = (year + 1, 1) if month == 12 else (year, month + 1)
        return dates
    raise ValueError(f"unknown frequency {frequency!r}")


def last_due(
    frequency: str, review_day: int, valid_from: dt.date, today: dt.date
) -> dt.date | None:
    """The latest due date on or before ``today`` (None before the first)."""
    dates = review_due_dates(
        frequency, review_day, valid_from, today - dt.timedelta(days=62), today
    )
    return dates[-1] if dates else None


def next_due(frequency: str, review_day: int, valid_from: dt.date, today: dt.date) -> dt.date:
    """The first due date after ``today``."""
    after = today + dt.timedelta(days=1)
    return review_due_dates(
        frequency, review_day, valid_from, after, after + dt.timedelta(days=62)
    )[0]
