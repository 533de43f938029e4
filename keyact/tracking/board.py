"""The team board: people x key activities for a period, who is off track and since when, the
trend over the last months, quality pass rates, and the activities behind one number.

Reads only (selectors); a fixed number of queries whatever the number of people or key
activities: the progress engine once for the period and once per month of the trend, one query
for the since-when of the people off track.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from typing import Any

from django.db.models import Count, Q
from django.db.models.functions import TruncDate
from django.utils.translation import gettext as _

from keyact.activities.models import Activity
from keyact.activities.selectors import ActivityFilters, activity_list
from keyact.core.errors import NotFound, PermissionDenied
from keyact.keyactivities.models import Aggregate, KeyActivity
from keyact.keyactivities.periods import period_bounds
from keyact.keyactivities.quality import ActivityFacts, Verdict, qualifies
from keyact.keyactivities.selectors import key_activity_visibility
from keyact.orgs.models import Role
from keyact.orgs.selectors import scope_for
from keyact.tracking.models import ChecklistTick, RubricScore
from keyact.tracking.pacing import OFF_TRACK, elapsed_shares, status_of
from keyact.tracking.progress import (
    KeyActivityProgress,
    OwnerProgress,
    Window,
    aware_bounds,
    monthly_actuals,
    progress_compute,
    standard_of,
)
from keyact.tracking.selectors import (
    OrgCalendar,
    calendar_get,
    month_window,
    published_key_activities,
)
from keyact.users.models import User

BOARD_ROLES = frozenset({Role.MANAGER, Role.DEPARTMENT_HEAD, Role.ADMIN})
TREND_MONTHS = 6
# While no more than this many working days of the month have begun, the board opens on the
# month before: a fresh month is all zeros and "expected by today" says nothing yet.
FRESH_MONTH_WORKING_DAYS = 2
STATUS_RANK = {"off_track": 0, "at_risk": 1, "on_track": 2, "achieved": 3, None: 4}


@dataclass(frozen=True)
class BoardRow:
    """One person: a cell per key activity (None where they do not own it)."""

    user_id: int
    name: str
    cells: tuple[OwnerProgress | None, ...]
    off_track_since: dt.date | None

    @property
    def gap(self) -> int:
        """Whole activities behind what is expected, over all their key activities."""
        return sum(c.pace.gap for c in self.cells if c is not None)

    @property
    def worst(self) -> str | None:
        """The worst pacing status among their cells."""
        statuses = [c.pace.status for c in self.cells if c is not None]
        return min(statuses, key=lambda s: STATUS_RANK[s]) if statuses else None


@dataclass(frozen=True)
class ColumnSummary:
    """A key activity over the team: totals, quality pass rate and how many are off track."""

    key_activity: KeyActivity
    target: int
    actual: int
    qualified: int
    expected: int
    off_track: int
    owners: int

    @property
    def pass_rate(self) -> float | None:
        """Qualified as a share of done (None when nothing is done)."""
        return self.qualified / self.actual if self.actual else None


@dataclass(frozen=True)
class Board:
    """Everything the team board shows."""

    window: Window
    today: dt.date
    key_activities: tuple[KeyActivity, ...]
    rows: tuple[BoardRow, ...]
    columns: tuple[ColumnSummary, ...]
    trend_labels: tuple[str, ...]
    trend: tuple[tuple[KeyActivity, tuple[float | None, ...]], ...]

    @property
    def off_track_rows(self) -> tuple[BoardRow, ...]:
        """The people with at least one key activity off track, longest first."""
        rows = [r for r in self.rows if r.off_track_since is not None]
        return tuple(sorted(rows, key=lambda r: (r.off_track_since, -r.gap, r.name)))


def _board_scope(user: User) -> Any:
    scope = scope_for(user)
    if scope.role not in BOARD_ROLES:
        raise PermissionDenied(_("The team board is for managers, department heads and directors."))
    return scope


def board_key_activities(*, user: User) -> list[KeyActivity]:
    """The published key activities the user may see that someone in their scope owns."""
    scope = _board_scope(user)
    qs = published_key_activities(organization_id=scope.organization_id).filter(
        key_activity_visibility(scope)
    )
    if scope.owner_ids is not None:
        qs = qs.filter(owners__user_id__in=scope.owner_ids).distinct()
    return list(qs)


def _month_before(window: Window, months: int) -> Window:
    start = window[0]
    for _month in range(months):
        start = (start - dt.timedelta(days=1)).replace(day=1)
    return period_bounds("month", start)


def _cumulative_status_since(
    row: OwnerProgress,
    daily: dict[dt.date, int] | None,
    customers: dict[dt.date, set[int]] | None,
    shares: dict[dt.date, Fraction],
) -> dt.date | None:
    """The first day of the current off-track streak of one cell (``shares``: the elapsed
    share of each day of the window up to today)."""
    total = 0
    seen: set[int] = set()
    since: dt.date | None = None
    for day, share in shares.items():
        if customers is not None:
            seen |= customers.get(day, set())
            total = len(seen)
        else:
            total += (daily or {}).get(day, 0)
        status = status_of(row.target, total, (row.target or 0) * share)
        since = (since or day) if status == OFF_TRACK else None
    return since


def _off_track_since(
    progress: list[KeyActivityProgress], cal: OrgCalendar, window: Window, today: dt.date
) -> dict[tuple[int, int], dt.date]:
    """For each off-track (key activity, owner): the day their current streak began. One query
    over the off-track people's matching activities of the period, by day."""
    off = [(p.key_activity, o) for p in progress for o in p.owners if o.pace.status == OFF_TRACK]
    if not off:
        return {}
    owner_ids = sorted({o.user_id for _ka, o in off})
    annotations: dict[str, Count] = {}
    type_ids: set[int] = set()
    # Per owner, the off-track key activities (id, distinct customers?) the rows feed.
    off_by_owner: dict[int, list[tuple[int, bool]]] = defaultdict(list)
    any_distinct = False
    for ka, owner in off:
        distinct = ka.aggregate == Aggregate.DISTINCT_CUSTOMERS
        any_distinct = any_distinct or distinct
        off_by_owner[owner.user_id].append((ka.pk, distinct))
    for ka in {ka.pk: ka for ka, _o in off}.values():
        stages = list(ka.stages.all())
        types = [stages[0].activity_type_id] if stages else [t.pk for t in ka.activity_types.all()]
        type_ids.update(types)
        annotations[f"n_{ka.pk}"] = Count("pk", filter=Q(type_id__in=types))
    lo, hi = aware_bounds(window, cal.tz)
    daily: dict[tuple[int, int], dict[dt.date, int]] = defaultdict(lambda: defaultdict(int))
    customers: dict[tuple[int, int], dict[dt.date, set[int]]] = defaultdict(
        lambda: defaultdict(set)
    )
    # Grouped by customer only when a distinct-customers measure needs it (far fewer rows).
    grouping = ("owner_id", "day", "customer_id") if any_distinct else ("owner_id", "day")
    for found in (
        Activity.objects.filter(
            organization_id=off[0][0].organization_id,
            status=Activity.Status.DONE,
            owner_id__in=owner_ids,
            type_id__in=sorted(type_ids),
            occurred_at__gte=lo,
            occurred_at__lt=hi,
        )
        .annotate(day=TruncDate("occurred_at", tzinfo=cal.tz))
        .order_by()
        .values(*grouping)
        .annotate(**annotations)
    ):
        values: dict[str, Any] = dict(found)
        owner_id = int(values["owner_id"])
        for ka_id, distinct in off_by_owner[owner_id]:
            n = int(values.get(f"n_{ka_id}", 0))
            if n:
                key = (ka_id, owner_id)
                daily[key][values["day"]] += n
                if distinct and values.get("customer_id") is not None:
                    customers[key][values["day"]].add(int(values["customer_id"]))
    shares = elapsed_shares(cal.calendar, window[0], window[1], min(today, window[1]))
    result = {}
    for ka, owner in off:
        key = (ka.pk, owner.user_id)
        distinct = ka.aggregate == Aggregate.DISTINCT_CUSTOMERS
        since = _cumulative_status_since(
            owner, daily.get(key), customers.get(key, {}) if distinct else None, shares
        )
        if since is not None:
            result[key] = since
    return result


@dataclass(frozen=True)
class FreshMonth:
    """The current month when it has just begun: its window and its working days so far."""

    window: Window
    worked: int

    @property
    def previous(self) -> str:
        """The month before, as ``YYYY-MM``."""
        return (self.window[0] - dt.timedelta(days=1)).strftime("%Y-%m")


def fresh_month(*, organization_id: int, today: dt.date | None = None) -> FreshMonth | None:
    """The current month if at most ``FRESH_MONTH_WORKING_DAYS`` of its working days have
    begun (today included) on the organisation's calendar; None later in the month."""
    cal = calendar_get(organization_id=organization_id)
    today = today or cal.today()
    window = month_window(None, today)
    worked = cal.calendar.working_days(window[0], today)
    return FreshMonth(window, worked) if worked <= FRESH_MONTH_WORKING_DAYS else None


def team_board(*, user: User, period: str | None = None, today: dt.date | None = None) -> Board:
    """The team board of a manager, department head or director for a month (the current one
    by default): only the people inside their scope."""
    scope = _board_scope(user)
    cal = calendar_get(organization_id=scope.organization_id)
    today = today or cal.today()
    window = month_window(period, today)
    key_activities = board_key_activities(user=user)
    progress = progress_compute(
        key_activities=key_activities,
        owner_ids=scope.owner_ids,
        windows={ka.pk: window for ka in key_activities},
        calendar=cal.calendar,
        tz=cal.tz,
        today=today,
    )
    since = _off_track_since(progress, cal, window, today)
    people: dict[int, str] = {}
    cells: dict[tuple[int, int], OwnerProgress] = {}
    for p in progress:
        for o in p.owners:
            people[o.user_id] = o.name
            cells[(p.key_activity.pk, o.user_id)] = o
    rows = []
    for user_id, name in people.items():
        starts = [since[(ka.pk, user_id)] for ka in key_activities if (ka.pk, user_id) in since]
        rows.append(
            BoardRow(
                user_id=user_id,
                name=name,
                cells=tuple(cells.get((ka.pk, user_id)) for ka in key_activities),
                off_track_since=min(starts) if starts else None,
            )
        )
    rows.sort(key=lambda r: (-r.gap, STATUS_RANK[r.worst], r.name))
    columns = tuple(
        ColumnSummary(
            key_activity=p.key_activity,
            target=sum(o.target or 0 for o in p.owners),
            actual=sum(o.actual for o in p.owners),
            qualified=sum(o.qualified for o in p.owners),
            expected=sum(o.pace.expected_whole for o in p.owners),
            off_track=sum(1 for o in p.owners if o.pace.status == OFF_TRACK),
            owners=len(p.owners),
        )
        for p in progress
    )
    labels, trend = _trend(key_activities, scope.owner_ids, window, cal, today)
    return Board(
        window=window,
        today=today,
        key_activities=tuple(key_activities),
        rows=tuple(rows),
        columns=columns,
        trend_labels=labels,
        trend=trend,
    )


def _trend(
    key_activities: list[KeyActivity],
    owner_ids: frozenset[int] | None,
    window: Window,
    cal: OrgCalendar,
    today: dt.date,
) -> tuple[tuple[str, ...], tuple[tuple[KeyActivity, tuple[float | None, ...]], ...]]:
    """Share of the team's target reached per month, the last months up to this one: the
    engine's raw actual and target per month, all months in one grouped query."""
    months = [_month_before(window, n) for n in range(TREND_MONTHS - 1, -1, -1)]
    totals = monthly_actuals(
        key_activities=key_activities,
        owner_ids=owner_ids,
        months=months,
        calendar=cal.calendar,
        tz=cal.tz,
    )
    reached: dict[int, list[float | None]] = {ka.pk: [] for ka in key_activities}
    for ka in key_activities:
        for month in months:
            target, actual = totals[(ka.pk, month[0])]
            reached[ka.pk].append(round(actual / target, 3) if target else None)
    return (
        tuple(m[0].strftime("%Y-%m") for m in months),
        tuple((ka, tuple(reached[ka.pk])) for ka in key_activities),
    )


# --- drill-down: the activities behind one cell -------------------------------------------------


@dataclass(frozen=True)
class CellActivity:
    """One activity behind a board number, with its quality verdict."""

    activity: Activity
    verdict: Verdict


def cell_activities(
    *, user: User, key_activity_id: int, owner_id: int, period: str | None = None
) -> tuple[KeyActivity, User, Window, list[CellActivity]]:
    """The done activities that make one person's number on one key activity in a month, each
    with whether it qualifies and why not; only inside the caller's scope."""
    scope = scope_for(user)
    if not scope.covers_owner(owner_id):
        raise NotFound(_("No such person."))
    ka = (
        published_key_activities(organization_id=scope.organization_id)
        .filter(key_activity_visibility(scope), pk=key_activity_id)
        .first()
    )
    if ka is None:
        raise NotFound(_("No such key activity."))
    owner = User.objects.filter(
        pk=owner_id, membership__organization_id=scope.organization_id
    ).first()
    if owner is None:
        raise NotFound(_("No such person."))
    cal = calendar_get(organization_id=scope.organization_id)
    window = month_window(period, cal.today())
    lo, hi = aware_bounds(window, cal.tz)
    stages = list(ka.stages.all())
    types = {s.activity_type_id for s in stages} or {t.pk for t in ka.activity_types.all()}
    activities = list(
        activity_list(
            user=user, filters=ActivityFilters(owner_id=owner_id, status=Activity.Status.DONE)
        )
        .filter(type_id__in=types, occurred_at__gte=lo, occurred_at__lt=hi)
        .order_by("-occurred_at", "-id")[:500]
    )
    ids = [a.pk for a in activities]
    ticks: dict[int, set[int]] = defaultdict(set)
    for activity_id, step_id in ChecklistTick.objects.filter(activity_id__in=ids).values_list(
        "activity_id", "step_id"
    ):
        ticks[activity_id].add(step_id)
    scores: dict[int, list[Decimal]] = defaultdict(list)
    for activity_id, average in RubricScore.objects.filter(
        activity_id__in=ids, key_activity=ka
    ).values_list("activity_id", "average"):
        scores[activity_id].append(average)
    standard = standard_of(ka)
    rows = [
        CellActivity(
            activity=a,
            verdict=qualifies(
                standard,
                ActivityFacts.of(
                    a,
                    rubric_score=(sum(scores[a.pk], Decimal(0)) / len(scores[a.pk]))
                    if scores[a.pk]
                    else None,
                    completed_step_ids=frozenset(ticks[a.pk]),
                ),
            ),
        )
        for a in activities
    ]
    return ka, owner, window, rows
