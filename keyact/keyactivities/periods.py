"""Periods of targets (week, month, quarter) and working-day pacing. Pure date maths."""

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


def working_days(start: dt.date, end: dt.date) -> int:
    """Monday-to-Friday days from ``start`` to ``end``, both included (0 when end < start)."""
    if end < start:
        return 0
    days = (end - start).days + 1
    weeks, rest = divmod(days, 7)
    count = weeks * 5
    for offset in range(rest):
        if (start + dt.timedelta(days=weeks * 7 + offset)).weekday() < 5:
            count += 1
    return count


def expected_by(target: int, start: dt.date, end: dt.date, today: dt.date) -> float:
    """Expected by the end of ``today``: target times the elapsed share of working days."""
    total = working_days(start, end)
    if total == 0 or today >= end:
        return float(target)
    if today < start:
        return 0.0
    return target * working_days(start, today) / total
