"""Working calendars: which days count for pacing. Pure date logic, no database.

Two base calendars ship: ``mon_fri`` (Monday to Friday) and ``cn`` (mainland China: public
holidays and the adjusted working days, 调休, from the maintained ``chinese_calendar`` package).
An organisation edits its calendar with company days off and extra working days, which win over
the base. Years the package does not know yet fall back to Monday to Friday (plus the edits), so
pacing never stops working on 1 January; updating the package brings the new year's 调休.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import lru_cache

import chinese_calendar

MON_FRI = "mon_fri"
CHINA = "cn"
BASES = (MON_FRI, CHINA)


@lru_cache(maxsize=8192)
def _china_is_workday(day: dt.date) -> bool:
    try:
        return bool(chinese_calendar.is_workday(day))
    except NotImplementedError:  # a year the package does not cover yet
        return day.weekday() < 5


def base_is_working(base: str, day: dt.date) -> bool:
    """Whether ``day`` is a working day of the base calendar, before company edits."""
    if base == CHINA:
        return _china_is_workday(day)
    if base == MON_FRI:
        return day.weekday() < 5
    raise ValueError(f"unknown calendar {base!r}")


def china_years_covered() -> tuple[int, int]:
    """The first and last year whose holidays and 调休 the installed package knows."""
    years = sorted({d.year for d in chinese_calendar.holidays})
    return years[0], years[-1]


@dataclass(frozen=True)
class WorkingCalendar:
    """A base calendar plus the organisation's own days: ``overrides`` maps a date to True (an
    extra working day) or False (a company day off)."""

    base: str = MON_FRI
    overrides: Mapping[dt.date, bool] = field(default_factory=dict)

    def is_working(self, day: dt.date) -> bool:
        """Whether people are expected to work on ``day``."""
        override = self.overrides.get(day)
        if override is not None:
            return override
        return base_is_working(self.base, day)

    def working_days(self, start: dt.date, end: dt.date) -> int:
        """Working days from ``start`` to ``end``, both included (0 when end < start)."""
        if end < start:
            return 0
        return sum(
            1
            for offset in range((end - start).days + 1)
            if self.is_working(start + dt.timedelta(offset))
        )

    def working_dates(self, start: dt.date, end: dt.date) -> list[dt.date]:
        """The working days from ``start`` to ``end``, in order."""
        days = (end - start).days + 1
        candidates = (start + dt.timedelta(offset) for offset in range(max(0, days)))
        return [d for d in candidates if self.is_working(d)]
