"""Mainland China public holidays, enough for a believable demo calendar.

Spring Festival follows the lunar calendar, so its dates come from a table; the other long
holidays are approximated by their usual fixed dates. Make-up working weekends are ignored.
"""

from __future__ import annotations

import datetime as dt
from functools import cache

# Lunar New Year's day (正月初一) per Gregorian year.
LUNAR_NEW_YEAR = {
    2020: dt.date(2020, 1, 25),
    2021: dt.date(2021, 2, 12),
    2022: dt.date(2022, 2, 1),
    2023: dt.date(2023, 1, 22),
    2024: dt.date(2024, 2, 10),
    2025: dt.date(2025, 1, 29),
    2026: dt.date(2026, 2, 17),
    2027: dt.date(2027, 2, 6),
    2028: dt.date(2028, 1, 26),
    2029: dt.date(2029, 2, 13),
    2030: dt.date(2030, 2, 3),
    2031: dt.date(2031, 1, 23),
    2032: dt.date(2032, 2, 11),
    2033: dt.date(2033, 1, 31),
    2034: dt.date(2034, 2, 19),
    2035: dt.date(2035, 2, 8),
}


@cache
def holidays(year: int) -> frozenset[dt.date]:
    """The public holidays of ``year``: New Year, Spring Festival week, Qingming, Labour Day,
    National Day week."""
    days: set[dt.date] = {dt.date(year, 1, 1)}
    new_year = LUNAR_NEW_YEAR.get(year, dt.date(year, 2, 5))
    days.update(new_year + dt.timedelta(days=offset) for offset in range(-1, 7))
    days.update(dt.date(year, 4, d) for d in (4, 5, 6))
    days.update(dt.date(year, 5, d) for d in range(1, 6))
    days.update(dt.date(year, 10, d) for d in range(1, 8))
    return frozenset(days)


def is_holiday(day: dt.date) -> bool:
    """Whether ``day`` is a public holiday."""
    return day in holidays(day.year)


def is_working_day(day: dt.date) -> bool:
    """A weekday that is not a public holiday."""
    return day.weekday() < 5 and not is_holiday(day)
