"""The board's trend reads the engine's raw actual and target of every month in one grouped
query: the same figures as the progress query run month by month, whatever the number of
months or key activities."""

from __future__ import annotations

import datetime as dt

from django.db import connection
from django.test.utils import CaptureQueriesContext

from keyact.keyactivities.models import KeyActivity, Owner, Target
from keyact.keyactivities.periods import period_bounds
from keyact.tracking.progress import monthly_actuals, progress_compute
from keyact.tracking.selectors import calendar_get, published_key_activities
from tests.tracking.conftest import TODAY, Tracked, at, log


def months() -> list[tuple[dt.date, dt.date]]:
    return [
        period_bounds("month", dt.date(y, m, 1))
        for y, m in ((2025, 11), (2025, 12), (2026, 1), (2026, 2))
    ]


def distinct_weekly(tracked: Tracked) -> KeyActivity:
    """A weekly key activity measured in distinct customers, with weekly targets across the
    turn of January and February (pro-rated into each month by working days)."""
    ka = KeyActivity.objects.create(
        organization=tracked.world.org,
        name_en="Customers called",
        valid_from=dt.date(2025, 1, 1),
        status=KeyActivity.Status.PUBLISHED,
        aggregate="distinct_customers",
        period="week",
    )
    ka.activity_types.add(tracked.visit, tracked.call)
    for who in ("rep", "rep2"):
        Owner.objects.create(key_activity=ka, user=tracked.world.users[who])
    monday = dt.date(2026, 1, 26)
    for week in range(3):
        start = monday + dt.timedelta(days=7 * week)
        Target.objects.create(
            key_activity=ka,
            owner=tracked.world.users["rep"],
            period_start=start,
            period_end=start + dt.timedelta(days=6),
            quantity=3,
        )
    return ka


def test_the_trend_equals_the_progress_query_month_by_month(tracked: Tracked) -> None:
    distinct_weekly(tracked)
    customer = tracked.world.customers["rep"].pk
    for month, day, hour in ((12, 31, 23), (1, 1, 0), (1, 15, 10), (2, 2, 10), (2, 3, 10)):
        # 23:00 on 31 December and 00:00 on 1 January in Shanghai: months of the organisation's
        # time zone, not of UTC.
        year = 2025 if month == 12 else 2026
        log(tracked, "rep", occurred_at=at(day, hour, month).replace(year=year))
    log(tracked, "rep", occurred_at=at(4), type_id=tracked.call, customer_id=customer)
    log(tracked, "rep2", 5)
    cal = calendar_get(organization_id=tracked.world.org.pk)
    kas = list(published_key_activities(organization_id=tracked.world.org.pk))
    assert len(kas) == 2
    with CaptureQueriesContext(connection) as ctx:
        totals = monthly_actuals(
            key_activities=kas, owner_ids=None, months=months(), calendar=cal.calendar, tz=cal.tz
        )
    assert len(ctx.captured_queries) == 2  # the activities of all months, their targets
    for month in months():
        for p in progress_compute(
            key_activities=kas,
            owner_ids=None,
            windows={ka.pk: month for ka in kas},
            calendar=cal.calendar,
            tz=cal.tz,
            today=TODAY,
        ):
            expected = (
                sum(o.target or 0 for o in p.owners),
                sum(o.actual for o in p.owners),
            )
            assert totals[(p.key_activity.pk, month[0])] == expected, (p.key_activity, month)
    visits = tracked.ka.pk
    assert [totals[(visits, m[0])][1] for m in months()] == [0, 1, 2, 3]
