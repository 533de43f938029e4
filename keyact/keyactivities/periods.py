"""Periods of targets (week, month, quarter). Pure date maths. Pacing (expected by today on
the organisation's working calendar) belongs to the tracking engine alone."""

from __future__ import annotations

import datetime as dt

WEEK, MONTH, QUARTER = "week", "month", "quarter"


def period_bounds(period: str, day: dt.date) -> tuple[dt.date, dt.date]:
    """The first and last day of the ``period`` (weeks start on Monday) containing ``day``."""
    if period == WEEK:
        start = day - dt.timedelta(days=day.weekday())
        return start, start + dt.timedelta(days=6)
    if period == MONTH:
        start = day.replace(day=1)
    elif period == QUARTER:
        start = day.replace(month=(day.month - 1) // 3 * 3 + 1, day=1)
    else:
        raise ValueError(f"unknown period {period!r}")
    months = 1 if period == MONTH else 3
    year, month = divmod(start.month - 1 + months, 12)
    following = dt.date(start.year + year, month + 1, 1)
    return start, following - dt.timedelta(days=1)
