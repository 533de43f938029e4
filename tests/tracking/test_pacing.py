"""Pacing on working calendars (pure): expected by today, status boundaries, 调休 days."""

from __future__ import annotations

import datetime as dt
from fractions import Fraction

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from keyact.tracking.calendars import CHINA, MON_FRI, WorkingCalendar, china_years_covered
from keyact.tracking.pacing import elapsed_share, elapsed_shares, pace, status_of

CN = WorkingCalendar(CHINA)
WEEKDAYS = WorkingCalendar(MON_FRI)


def test_china_counts_adjusted_saturdays_and_skips_the_golden_week() -> None:
    # National Day 2025: 1-8 October off; Sunday 28 September and Saturday 11 October worked.
    assert CN.is_working(dt.date(2025, 9, 28))
    assert CN.is_working(dt.date(2025, 10, 11))
    assert not any(CN.is_working(dt.date(2025, 10, d)) for d in range(1, 9))
    assert WEEKDAYS.is_working(dt.date(2025, 10, 1))
    assert not WEEKDAYS.is_working(dt.date(2025, 9, 28))
    assert CN.working_days(dt.date(2025, 10, 1), dt.date(2025, 10, 31)) == 18
    assert WEEKDAYS.working_days(dt.date(2025, 10, 1), dt.date(2025, 10, 31)) == 23


def test_company_days_override_the_base_calendar() -> None:
    edited = WorkingCalendar(CHINA, {dt.date(2025, 10, 9): False, dt.date(2025, 10, 4): True})
    assert not edited.is_working(dt.date(2025, 10, 9))
    assert edited.is_working(dt.date(2025, 10, 4))
    assert edited.working_days(dt.date(2025, 10, 1), dt.date(2025, 10, 31)) == 18


def test_years_beyond_the_package_fall_back_to_monday_to_friday() -> None:
    _first, last = china_years_covered()
    later = dt.date(last + 2, 3, 2)
    assert CN.is_working(later) == (later.weekday() < 5)


def test_expected_by_the_middle_of_february() -> None:
    start, end = dt.date(2026, 2, 1), dt.date(2026, 2, 28)
    share = elapsed_share(WEEKDAYS, start, end, dt.date(2026, 2, 13))
    assert share == Fraction(10, 20)
    p = pace(10, 4, share)
    assert (p.expected_whole, p.status, p.gap) == (5, "off_track", 1)  # 1 behind = 10 %
    assert pace(20, 9, share).status == "at_risk"  # 1 behind of 20 = 5 %
    assert pace(10, 5, share).status == "on_track"
    assert pace(10, 10, share).status == "achieved"
    assert pace(None, 3, share).status is None


def test_status_boundaries_exactly_at_ten_percent() -> None:
    assert status_of(10, 4, Fraction(5)) == "off_track"  # 1 behind of 10 = exactly 10 %
    assert status_of(20, 4, Fraction(5)) == "at_risk"  # 1 behind of 20 = 5 %
    assert status_of(10, 5, Fraction(5)) == "on_track"
    assert status_of(0, 0, Fraction(0)) == "achieved"


dates = st.dates(min_value=dt.date(2020, 1, 1), max_value=dt.date(2026, 12, 31))


@settings(deadline=None, suppress_health_check=[HealthCheck.too_slow], max_examples=60)
@given(
    start=dates,
    length=st.integers(0, 120),
    offset=st.integers(-10, 130),
    base=st.sampled_from([CHINA, MON_FRI]),
)
def test_elapsed_share_is_monotonic_and_bounded(
    start: dt.date, length: int, offset: int, base: str
) -> None:
    calendar = WorkingCalendar(base)
    end = start + dt.timedelta(days=length)
    today = start + dt.timedelta(days=offset)
    share = elapsed_share(calendar, start, end, today)
    later = elapsed_share(calendar, start, end, today + dt.timedelta(days=1))
    assert 0 <= share <= later <= 1
    if today >= end:
        assert share == 1
    if today < start:
        assert share == 0
    if start <= today < end and not calendar.is_working(today + dt.timedelta(days=1)):
        # A day off (a weekend, a holiday, a company day) adds nothing to what is expected.
        assert later == share


@settings(deadline=None, suppress_health_check=[HealthCheck.too_slow], max_examples=60)
@given(
    target=st.integers(1, 500),
    actual=st.integers(0, 600),
    num=st.integers(0, 30),
    den=st.integers(1, 30),
)
def test_status_follows_the_method(target: int, actual: int, num: int, den: int) -> None:
    share = Fraction(min(num, den), den)
    p = pace(target, actual, share)
    if actual >= target:
        assert p.status == "achieved"
    elif actual >= p.expected:
        assert p.status == "on_track"
        assert actual >= p.expected_whole  # "expected by today: N" done is on track
    elif p.expected - actual >= Fraction(target, 10):
        assert p.status == "off_track"
    else:
        assert p.status == "at_risk"
    assert p.expected_whole - 1 < p.expected <= p.expected_whole


@settings(deadline=None, suppress_health_check=[HealthCheck.too_slow], max_examples=60)
@given(day=st.dates(min_value=dt.date(2021, 1, 1), max_value=dt.date(2025, 12, 31)))
def test_china_adjusted_working_days_count_even_on_weekends(day: dt.date) -> None:
    import chinese_calendar

    assert CN.is_working(day) == chinese_calendar.is_workday(day)
    if day.weekday() >= 5 and CN.is_working(day):
        # 调休: a weekend day worked adds to the period's working days.
        assert CN.working_days(day, day) == 1 and WEEKDAYS.working_days(day, day) == 0


def test_the_shares_of_every_day_of_a_window_equal_the_share_of_each_day() -> None:
    calendar = WorkingCalendar(CHINA, {dt.date(2026, 10, 10): False, dt.date(2026, 10, 11): True})
    start, end = dt.date(2026, 9, 28), dt.date(2026, 10, 31)  # the National Day week inside
    for last in (start, dt.date(2026, 10, 8), end, dt.date(2026, 11, 3)):
        shares = elapsed_shares(calendar, start, end, last)
        assert list(shares) == [
            start + dt.timedelta(days=n) for n in range((last - start).days + 1)
        ]
        assert all(
            share == elapsed_share(calendar, start, end, day) for day, share in shares.items()
        )
