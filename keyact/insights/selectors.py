"""Scoped reads that feed the analyses: grouped SQL, a few rows per deal, type or stage.

Scope: the deals of the acting scope (``opportunity_visibility``) closed in the period. Every
activity logged on those deals counts toward them (a presales consultant's demo is part of the
deal), only ever as aggregates; the benchmark counts the activities the ranked people own.
"Before the close" means on an earlier local date than the deal's close date: the closing
call, the signing visit and whatever follows the close say nothing about what won the deal.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import zoneinfo
from collections.abc import Iterator, Sequence
from typing import Any

import numpy as np
from django.conf import settings
from django.db import connection, transaction
from django.db.models import (
    BooleanField,
    Case,
    Count,
    Exists,
    F,
    FloatField,
    Max,
    Min,
    OuterRef,
    Q,
    QuerySet,
    Sum,
    Value,
    When,
    Window,
)
from django.db.models.functions import Cast, Lag, Lead, TruncDate
from django.utils import timezone

from keyact.activities.models import Activity, ActivityType, Counterpart
from keyact.activities.selectors import activity_visibility
from keyact.deals.models import Opportunity, Stage, StageChange
from keyact.deals.selectors import opportunity_visibility
from keyact.insights.benchmark import PeopleFrame
from keyact.insights.effectiveness import Cell, EffectivenessInput
from keyact.insights.impact import MODES, DealFrame
from keyact.insights.obstacles import StageCounts, StallCounts
from keyact.keyactivities.selectors import owners_meeting_targets
from keyact.orgs.selectors import Scope
from keyact.playbook.selectors import thresholds_get

WON, LOST = Opportunity.Status.WON, Opportunity.Status.LOST
DONE = Activity.Status.DONE
MASK_BITS = 62
# Part of every cache key: bump it when the analyses change, so no stale result is served.
METHOD_VERSION = "3"


@contextlib.contextmanager
def _cursor() -> Iterator[Any]:
    """A cursor; on PostgreSQL inside a transaction with room to sort and hash in memory."""
    postgres = connection.vendor == "postgresql"
    with (
        transaction.atomic() if postgres else contextlib.nullcontext(),
        connection.cursor() as cursor,
    ):
        if postgres:
            cursor.execute("SET LOCAL work_mem = '128MB'")
        yield cursor


def _sql(qs: QuerySet[Any]) -> tuple[str, tuple[Any, ...]]:
    sql, params = qs.order_by().query.sql_with_params()
    return sql, tuple(params)


def _day_difference(later: str, earlier: str) -> str:
    """SQL for whole days between two date expressions."""
    if connection.vendor == "postgresql":
        return f"({later} - {earlier})"
    return f"CAST(julianday({later}) - julianday({earlier}) AS INTEGER)"


def _days_between(later: str, earlier: str) -> str:
    """SQL for the (fractional) days between two timestamp expressions."""
    if connection.vendor == "postgresql":
        return f"(EXTRACT(EPOCH FROM ({later} - {earlier})) / 86400.0)"
    return f"(julianday({later}) - julianday({earlier}))"


def local_midnight(day: dt.date) -> dt.datetime:
    """The start of ``day`` in the organisation's working time zone."""
    return dt.datetime.combine(day, dt.time(), tzinfo=zoneinfo.ZoneInfo(settings.TIME_ZONE))


def closed_deals(scope: Scope, date_from: dt.date, date_to: dt.date) -> QuerySet[Opportunity]:
    """The won and lost deals of the scope closed in the period."""
    return Opportunity.objects.filter(
        opportunity_visibility(scope),
        status__in=(WON, LOST),
        closed_date__gte=date_from,
        closed_date__lte=date_to,
    )


def _activities_before_close(deals: QuerySet[Opportunity]) -> QuerySet[Activity]:
    return (
        # Not null spelled out: the planner then skips the (many) activities on no deal in the
        # opportunity index instead of reading them and dropping them at the join.
        Activity.objects.filter(
            opportunity__isnull=False, opportunity__in=deals.values("pk"), status=DONE
        )
        .annotate(day=TruncDate("occurred_at"))
        .filter(day__lt=F("opportunity__closed_date"))
    )


def deal_frame(*, scope: Scope, date_from: dt.date, date_to: dt.date) -> DealFrame:
    """One row per closed deal with its controls and the types it had before its close."""
    thresholds, currency, _ = thresholds_get(organization_id=scope.organization_id)
    deals = closed_deals(scope, date_from, date_to)
    earlier_win = Opportunity.objects.filter(
        organization_id=scope.organization_id,
        customer_id=OuterRef("customer_id"),
        status=WON,
        closed_date__lt=OuterRef("created_day"),
    )
    per_deal = deals.annotate(
        created_day=TruncDate("created_at"),
        amount_float=Case(
            When(currency=currency, then=Cast("amount", FloatField())),
            default=Value(None),
            output_field=FloatField(),
        ),
        existing=Exists(earlier_win),
    ).values_list("id", "status", "amount_float", "owner_id", "existing")
    with _cursor() as cursor:
        cursor.execute(*_sql(per_deal))
        rows = cursor.fetchall()
    rows.sort(key=lambda row: row[0])
    n = len(rows)
    ids = np.fromiter((r[0] for r in rows), dtype=np.int64, count=n)
    won = np.fromiter((r[1] == WON for r in rows), dtype=bool, count=n)
    amount = np.fromiter(
        (np.nan if r[2] is None else r[2] for r in rows), dtype=np.float64, count=n
    )
    owners = np.fromiter((r[3] for r in rows), dtype=np.int64, count=n)
    existing = np.fromiter((bool(r[4]) for r in rows), dtype=bool, count=n)
    # The playbook's rule (keyact.playbook.diagnosis.classify): order size x customer novelty.
    large = amount >= float(thresholds.large_order_amount)
    mode = np.where(large, np.where(existing, 3, 2), np.where(existing, 1, 0))
    mode = np.where(np.isnan(amount), MODES.index("unclassified"), mode).astype(np.int64)

    type_ids = list(
        ActivityType.objects.filter(organization_id=scope.organization_id)
        .order_by("id")
        .values_list("id", flat=True)
    )
    has = np.zeros((n, len(type_ids)), dtype=bool)
    before = _activities_before_close(deals)
    for start in range(0, len(type_ids), MASK_BITS):
        chunk = type_ids[start : start + MASK_BITS]
        inner_sql, inner_params = _sql(
            before.filter(type_id__in=chunk).values("opportunity_id", "type_id")
        )
        cases = " ".join("WHEN %s THEN %s" for _ in chunk)
        # BIT_OR where the database has it (no sort per deal); the sum of the distinct powers
        # of two is the same mask.
        combine = "BIT_OR(" if connection.vendor == "postgresql" else "SUM(DISTINCT "
        sql = (
            f"SELECT a.opportunity_id, {combine}CASE a.type_id {cases} END) "
            f"FROM ({inner_sql}) a GROUP BY a.opportunity_id"
        )
        params: list[Any] = []
        for bit, type_id in enumerate(chunk):
            params += [type_id, 1 << bit]
        with _cursor() as cursor:
            cursor.execute(sql, (*params, *inner_params))
            mask_rows = cursor.fetchall()
        if not mask_rows:
            continue
        deal_of = np.fromiter((r[0] for r in mask_rows), dtype=np.int64, count=len(mask_rows))
        masks = np.fromiter((int(r[1]) for r in mask_rows), dtype=np.int64, count=len(mask_rows))
        position = np.searchsorted(ids, deal_of)
        bits = (masks[:, None] >> np.arange(len(chunk), dtype=np.int64)) & 1
        has[position, start : start + len(chunk)] = bits.astype(bool)
    present = has.any(axis=0)
    return DealFrame(
        deal_ids=ids,
        won=won,
        amount=amount,
        owner_ids=owners,
        existing=existing,
        mode=mode,
        type_ids=tuple(type_ids[i] for i in np.flatnonzero(present)),
        has_type=has[:, present],
    )


def stall_counts(
    *, scope: Scope, date_from: dt.date, date_to: dt.date, stall_days: int
) -> list[StallCounts]:
    """Per type: closed deals that had it before closing, how many stalled after it (no
    customer activity on the deal for more than ``stall_days`` days, the close included), and
    how the stalled and the other deals ended."""
    deals = closed_deals(scope, date_from, date_to)
    sequence = (
        _activities_before_close(deals)
        .filter(type__counterpart=Counterpart.CUSTOMER)
        .annotate(
            # The next activity's day, read backwards: the deal-and-time index
            # (opportunity, -occurred_at) then delivers the rows in window order, unsorted.
            next_day=Window(
                Lag("day"),
                partition_by=[F("opportunity_id")],
                order_by=[F("occurred_at").desc(), F("id").desc()],
            ),
            closed=F("opportunity__closed_date"),
            deal_status=F("opportunity__status"),
        )
        .values("opportunity_id", "type_id", "day", "next_day", "closed", "deal_status")
    )
    inner_sql, inner_params = _sql(sequence)
    gap = _day_difference("COALESCE(s.next_day, s.closed)", "s.day")
    sql = f"""
        SELECT t.type_id, t.deal_status, COUNT(*), SUM(t.stalled)
        FROM (
            SELECT s.opportunity_id, s.type_id, MAX(s.deal_status) AS deal_status,
                   MAX(CASE WHEN {gap} > %s THEN 1 ELSE 0 END) AS stalled
            FROM ({inner_sql}) s
            GROUP BY s.opportunity_id, s.type_id
        ) t
        GROUP BY t.type_id, t.deal_status
    """
    with _cursor() as cursor:
        cursor.execute(sql, (stall_days, *inner_params))
        rows = cursor.fetchall()
    by_type: dict[int, dict[str, int]] = {}
    for type_id, status, deals_n, stalled in rows:
        entry = by_type.setdefault(type_id, {"deals": 0, "stalled": 0, "sl": 0, "nsl": 0})
        entry["deals"] += deals_n
        entry["stalled"] += int(stalled or 0)
        if status == LOST:
            entry["sl"] += int(stalled or 0)
            entry["nsl"] += deals_n - int(stalled or 0)
    return [StallCounts(t, e["deals"], e["stalled"], e["sl"], e["nsl"]) for t, e in by_type.items()]


def stage_counts(*, scope: Scope, date_from: dt.date, date_to: dt.date) -> list[StageCounts]:
    """Per open stage: closed deals that reached it, went beyond it, were lost at it, and a
    histogram of whole days spent in it."""
    stages = list(Stage.objects.filter(organization_id=scope.organization_id).order_by("order"))
    open_stages = [s for s in stages if not s.is_won and not s.is_lost]
    if not open_stages:
        return []
    deals = closed_deals(scope, date_from, date_to)
    changes = StageChange.objects.filter(opportunity__in=deals.values("pk"))
    timed = changes.annotate(
        next_at=Window(
            Lead("changed_at"),
            partition_by=[F("opportunity_id")],
            order_by=[F("changed_at").asc(), F("id").asc()],
        )
    ).values("to_stage_id", "changed_at", "next_at")
    inner_sql, inner_params = _sql(timed)
    days = _days_between("c.next_at", "c.changed_at")
    open_ids = [s.pk for s in open_stages]
    placeholders = ", ".join(["%s"] * len(open_ids))
    histogram_sql = f"""
        SELECT c.to_stage_id, CAST({days} AS INTEGER), COUNT(*)
        FROM ({inner_sql}) c
        WHERE c.next_at IS NOT NULL AND c.to_stage_id IN ({placeholders})
        GROUP BY c.to_stage_id, CAST({days} AS INTEGER)
    """
    furthest = (
        changes.filter(to_stage_id__in=open_ids)
        .values("opportunity_id")
        .annotate(furthest=Max("to_stage__order"), deal_status=Max("opportunity__status"))
        .values("furthest", "deal_status")
    )
    furthest_sql, furthest_params = _sql(furthest)
    reach_sql = (
        f"SELECT f.furthest, f.deal_status, COUNT(*) FROM ({furthest_sql}) f "
        "GROUP BY f.furthest, f.deal_status"
    )
    with _cursor() as cursor:
        cursor.execute(histogram_sql, (*inner_params, *open_ids))
        histogram_rows = cursor.fetchall()
        cursor.execute(reach_sql, furthest_params)
        reach_rows = cursor.fetchall()
    won_total = deals.filter(status=WON).count()
    result = []
    for stage in open_stages:
        reached = passed = lost_here = 0
        for furthest_order, status, count in reach_rows:
            if status == WON:
                continue
            if furthest_order >= stage.order:
                reached += count
            if furthest_order > stage.order:
                passed += count
            if furthest_order == stage.order:
                lost_here += count
        days_rows = [(max(0, int(d)), c) for s, d, c in histogram_rows if s == stage.pk]
        histogram = np.zeros(max([d for d, _ in days_rows], default=0) + 1, dtype=np.int64)
        for d, c in days_rows:
            histogram[d] += c
        result.append(
            StageCounts(
                stage_id=stage.pk,
                order=stage.order,
                reached=reached + won_total,
                passed=passed + won_total,
                lost_here=lost_here,
                days_in_stage=histogram,
            )
        )
    return result


def people_frame(*, scope: Scope, date_from: dt.date, date_to: dt.date) -> PeopleFrame:
    """Per person in the scope: closed deals, wins and won revenue in the period, and their
    done activities per type with the weeks they were active."""
    _, currency, _ = thresholds_get(organization_id=scope.organization_id)
    results = (
        closed_deals(scope, date_from, date_to)
        .values("owner_id")
        .annotate(
            closed=Count("id"),
            wins=Count("id", filter=Q(status=WON)),
            revenue=Sum(Cast("amount", FloatField()), filter=Q(status=WON, currency=currency)),
        )
        .values_list("owner_id", "closed", "wins", "revenue")
    )
    activities = (
        Activity.objects.filter(
            activity_visibility(scope),
            status=DONE,
            occurred_at__gte=local_midnight(date_from),
            occurred_at__lt=local_midnight(date_to + dt.timedelta(days=1)),
        )
        .values("owner_id", "type_id")
        .annotate(n=Count("id"), first=Min("occurred_at"), last=Max("occurred_at"))
        .values_list("owner_id", "type_id", "n", "first", "last")
    )
    result_rows = list(results)
    activity_rows = list(activities)
    owner_ids = sorted({r[0] for r in result_rows})
    type_ids = sorted({r[1] for r in activity_rows})
    owner_pos = {o: i for i, o in enumerate(owner_ids)}
    type_pos = {t: i for i, t in enumerate(type_ids)}
    closed = np.zeros(len(owner_ids), dtype=np.int64)
    wins = np.zeros(len(owner_ids), dtype=np.int64)
    revenue = np.zeros(len(owner_ids), dtype=np.float64)
    for owner, n_closed, n_wins, won_revenue in result_rows:
        i = owner_pos[owner]
        closed[i], wins[i], revenue[i] = n_closed, n_wins, won_revenue or 0.0
    counts = np.zeros((len(owner_ids), len(type_ids)), dtype=np.float64)
    first: dict[int, dt.datetime] = {}
    last: dict[int, dt.datetime] = {}
    for owner, type_id, n, first_at, last_at in activity_rows:
        if owner not in owner_pos:
            continue
        counts[owner_pos[owner], type_pos[type_id]] = n
        first[owner] = min(first.get(owner, first_at), first_at)
        last[owner] = max(last.get(owner, last_at), last_at)
    weeks = np.array(
        [
            max(1.0, ((last[o] - first[o]).total_seconds() / 86400 + 1) / 7) if o in first else 1.0
            for o in owner_ids
        ]
    )
    return PeopleFrame(
        owner_ids=np.array(owner_ids, dtype=np.int64),
        closed=closed,
        wins=wins,
        won_revenue=revenue,
        weeks=weeks,
        type_ids=tuple(type_ids),
        counts=counts,
    )


def data_version(*, organization_id: int) -> str:
    """Changes whenever an activity, deal or stage change of the organisation is added or
    edited (counts catch deletions): the cache key of every analysis includes it."""
    activity = Activity.objects.filter(organization_id=organization_id).aggregate(
        n=Count("id"), last=Max("updated_at"), top=Max("id")
    )
    deals = Opportunity.objects.filter(organization_id=organization_id).aggregate(
        n=Count("id"), last=Max("updated_at")
    )
    changes = StageChange.objects.filter(opportunity__organization_id=organization_id).aggregate(
        top=Max("id")
    )
    parts: Sequence[object] = (
        METHOD_VERSION,
        activity["n"],
        activity["top"],
        activity["last"],
        deals["n"],
        deals["last"],
        changes["top"],
    )
    return "|".join(str(p) for p in parts)


def effectiveness_inputs(
    *, scope: Scope, date_to: dt.date, today: dt.date
) -> list[tuple[Any, EffectivenessInput]]:
    """For each published key activity: whether each owner in the scope met the targets of
    their finished periods (quantity of done activities of its types), and the deals those
    owners closed in equal windows before and after publication."""
    from keyact.keyactivities.models import KeyActivity

    result: list[tuple[Any, EffectivenessInput]] = []
    key_activities = (
        KeyActivity.objects.filter(
            organization_id=scope.organization_id, published_at__isnull=False
        )
        .prefetch_related("activity_types")
        .order_by("published_at", "id")
    )
    for ka in key_activities:
        met, not_met = owners_meeting_targets(
            key_activity=ka, owner_ids=scope.owner_ids, today=today
        )
        met_periods = met | not_met
        published = timezone.localtime(ka.published_at).date()
        end = min(today, date_to)
        length = max(0, (end - published).days)
        cells = {key: Cell(0, 0) for key in ("mb", "ma", "nb", "na")}
        if length > 0 and met_periods:
            before_start = published - dt.timedelta(days=length)
            rows = (
                Opportunity.objects.filter(
                    organization_id=scope.organization_id,
                    owner_id__in=list(met_periods),
                    status__in=(WON, LOST),
                    closed_date__gte=before_start,
                    closed_date__lte=end,
                )
                .annotate(
                    after=Case(
                        When(closed_date__gte=published, then=Value(True)),
                        default=Value(False),
                        output_field=BooleanField(),
                    )
                )
                .values("owner_id", "after")
                .annotate(n=Count("id"), wins=Count("id", filter=Q(status=WON)))
                .values_list("owner_id", "after", "n", "wins")
            )
            counts = {key: [0, 0] for key in cells}
            for owner_id, after, n, wins in rows:
                key = ("m" if owner_id in met else "n") + ("a" if after else "b")
                counts[key][0] += n
                counts[key][1] += wins
            cells = {key: Cell(n, w) for key, (n, w) in counts.items()}
        result.append(
            (
                ka,
                EffectivenessInput(
                    key_activity_id=ka.pk,
                    owners_met=len(met),
                    owners_not_met=len(not_met),
                    met_before=cells["mb"],
                    met_after=cells["ma"],
                    not_met_before=cells["nb"],
                    not_met_after=cells["na"],
                ),
            )
        )
    return result
