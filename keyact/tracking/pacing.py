"""Pacing (METHOD.md §7): what is expected by today and whether a person is on track. Pure.

Expected by the end of ``today`` = target x elapsed working days / working days of the period,
kept as an exact fraction so that the boundaries never depend on floating point. People see it
in whole activities, rounded up: "expected by today: 4 of 10" means 4 done is on track.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass
from fractions import Fraction

from keyact.tracking.calendars import WorkingCalendar

ACHIEVED = "achieved"
ON_TRACK = "on_track"
AT_RISK = "at_risk"
OFF_TRACK = "off_track"
STATUSES = (ACHIEVED, ON_TRACK, AT_RISK, OFF_TRACK)
# Off track once the gap to expected reaches this share of the target.
OFF_TRACK_SHARE = Fraction(1, 10)


def elapsed_share(
    calendar: WorkingCalendar, start: dt.date, end: dt.date, today: dt.date
) -> Fraction:
    """The share of the period's working days over by the end of ``today`` (0 to 1)."""
    if today >= end:
        return Fraction(1)
    if today < start:
        return Fraction(0)
    total = calendar.working_days(start, end)
    if total == 0:
        return Fraction(0)
    return Fraction(calendar.working_days(start, today), total)


def elapsed_shares(
    calendar: WorkingCalendar, start: dt.date, end: dt.date, last: dt.date
) -> dict[dt.date, Fraction]:
    """``elapsed_share`` of every day from ``start`` to ``last``, counting the working days
    once (a streak over a month asks for each of its days)."""
    total = calendar.working_days(start, end)
    shares: dict[dt.date, Fraction] = {}
    worked = 0
    day = start
    while day <= last:
        worked += calendar.is_working(day)
        if day >= end:
            shares[day] = Fraction(1)
        else:
            shares[day] = Fraction(worked, total) if total else Fraction(0)
        day += dt.timedelta(days=1)
    return shares


def expected_by(target: int, share: Fraction) -> Fraction:
    """Target x elapsed share, exact."""
    return target * share


def whole(expected: Fraction) -> int:
    """Expected in whole activities (rounded up: doing that many is on track)."""
    return math.ceil(expected)


def status_of(target: int | None, actual: int, expected: Fraction) -> str | None:
    """achieved / on_track / at_risk / off_track; None without a target."""
    if target is None:
        return None
    if actual >= target:
        return ACHIEVED
    if actual >= expected:
        return ON_TRACK
    if expected - actual >= OFF_TRACK_SHARE * target:
        return OFF_TRACK
    return AT_RISK


@dataclass(frozen=True)
class Pace:
    """One person's pace on one key activity in one period."""

    target: int | None
    actual: int
    expected: Fraction
    status: str | None

    @property
    def expected_whole(self) -> int:
        """Expected by today in whole activities."""
        return whole(self.expected)

    @property
    def gap(self) -> int:
        """Whole activities behind what is expected (0 when on track or ahead)."""
        return max(0, self.expected_whole - self.actual)


def pace(target: int | None, actual: int, share: Fraction) -> Pace:
    """The pace for a target, the actual count and the elapsed share of the period."""
    expected = expected_by(target or 0, share)
    return Pace(target, actual, expected, status_of(target, actual, expected))
