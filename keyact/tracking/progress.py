"""The progress engine: how far each owner of each key activity got in a window of days.

One grouped SQL query counts, for every key activity at once, the done activities of the
measured types per owner — raw, qualified (the quality standard as a SQL condition), per stage —
so the number of queries does not grow with the number of key activities or owners. Nothing is
stored: progress is read from the activity records themselves, so it is consistent after any
create, edit, cancel, re-date, quality change, target or owner change by construction (ADR 0009).
``recount`` recomputes the same numbers activity by activity through the pure rules of
``keyactivities.quality``; ``keyact progress rebuild`` checks that both agree.
"""

from __future__ import annotations

import datetime as dt
import math
import zoneinfo
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import (
    Avg,
    Case,
    Count,
    DateField,
    Exists,
    F,
    FloatField,
    OuterRef,
    Q,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Cos, Power, Radians, Sin, TruncMonth

from keyact.activities.models import Activity
from keyact.keyactivities.models import Aggregate, KeyActivity, QualityKind, Target
from keyact.keyactivities.quality import (
    ACCEPTED_OUTCOMES,
    EARTH_RADIUS_M,
    ActivityFacts,
    QualityStandard,
    qualifies,
)
from keyact.tracking.calendars import WorkingCalendar
from keyact.tracking.models import ChecklistTick, RubricScore
from keyact.tracking.pacing import Pace, elapsed_share, pace

Window = tuple[dt.date, dt.date]


@dataclass(frozen=True)
class StageCount:
    """One stage of a staged standard for one owner: its target and what is done."""

    name: str
    target: int | None
    actual: int


@dataclass(frozen=True)
class OwnerProgress:
    """One owner's progress on one key activity in one window."""

    user_id: int
    username: str
    name: str
    is_lead: bool
    target: int | None
    actual: int
    qualified: int
    pace: Pace
    stages: tuple[StageCount, ...]

    @property
    def conversions(self) -> tuple[float | None, ...]:
        """Each stage after the first as a share of the one before (None when that is 0)."""
        return tuple(
            (later.actual / earlier.actual) if earlier.actual else None
            for earlier, later in zip(self.stages, self.stages[1:], strict=False)
        )

    @property
    def qualified_share(self) -> float | None:
        """Qualified as a share of raw (None when nothing is done)."""
        return self.qualified / self.actual if self.actual else None


@dataclass(frozen=True)
class KeyActivityProgress:
    """Every owner's progress on one key activity over ``start``..``end``."""

    key_activity: KeyActivity
    start: dt.date
    end: dt.date
    owners: tuple[OwnerProgress, ...]


# --- the quality standard as SQL ----------------------------------------------------------------


def standard_of(ka: KeyActivity) -> QualityStandard:
    """The key activity's quality standard as plain values (guide steps prefetched)."""
    return QualityStandard(
        kind=ka.quality_kind,
        min_outcome=ka.min_outcome,
        evidence_checkin=ka.evidence_checkin,
        evidence_max_distance_m=ka.evidence_max_distance_m,
        evidence_photo=ka.evidence_photo,
        evidence_confirmation=ka.evidence_confirmation,
        rubric_threshold=ka.rubric_threshold,
        checklist_step_ids=frozenset(s.pk for s in ka.guide_steps.all() if s.in_checklist),
    )


def _haversine_term() -> Any:
    """sin²(Δφ/2) + cos φ1 cos φ2 sin²(Δλ/2) between the check-in and the customer: the
    distance is at most d metres exactly when this is at most sin²(d / 2R)."""
    lat1, lon1 = Radians("checkin_latitude"), Radians("checkin_longitude")
    lat2, lon2 = Radians("customer__latitude"), Radians("customer__longitude")
    return Power(Sin((lat2 - lat1) / 2), 2) + Cos(lat1) * Cos(lat2) * Power(
        Sin((lon2 - lon1) / 2), 2
    )


def quality_condition(ka: KeyActivity, standard: QualityStandard) -> Q:
    """The condition a done activity meets when it qualifies under the key activity's standard
    (the same rules as ``keyactivities.quality.qualifies``)."""
    if standard.kind == QualityKind.OUTCOME:
        return Q(outcome__in=sorted(ACCEPTED_OUTCOMES.get(standard.min_outcome, frozenset())))
    if standard.kind == QualityKind.EVIDENCE:
        condition = Q()
        if standard.evidence_checkin:
            condition &= Q(checkin_latitude__isnull=False, checkin_longitude__isnull=False)
            limit = standard.evidence_max_distance_m
            if limit is not None:
                bound = math.sin(limit / (2 * EARTH_RADIUS_M)) ** 2
                condition &= Q(customer__latitude__isnull=False, customer__longitude__isnull=False)
                condition &= Q(
                    Exists(
                        Activity.objects.filter(pk=OuterRef("pk"))
                        .annotate(h=_haversine_term())
                        .filter(h__lte=Value(bound, output_field=FloatField()))
                    )
                )
                condition &= Q(checkin_accuracy_m__isnull=True) | Q(checkin_accuracy_m__lte=limit)
        if standard.evidence_photo:
            condition &= ~Q(photo="")
        if standard.evidence_confirmation:
            condition &= Q(customer_confirmed=True)
        return condition
    if standard.kind == QualityKind.RUBRIC:
        scored = RubricScore.objects.filter(activity_id=OuterRef("pk"), key_activity_id=ka.pk)
        if standard.rubric_threshold is None:
            return Q(Exists(scored))
        mean = (
            scored.order_by().values("activity_id").annotate(mean=Avg("average")).values("mean")[:1]
        )
        return Q(
            Exists(
                Activity.objects.filter(pk=OuterRef("pk"))
                .annotate(mean=Subquery(mean))
                .filter(mean__gte=standard.rubric_threshold)
            )
        )
    if standard.kind == QualityKind.CHECKLIST and standard.checklist_step_ids:
        required = sorted(standard.checklist_step_ids)
        ticked = (
            ChecklistTick.objects.filter(activity_id=OuterRef("pk"), step_id__in=required)
            .order_by()
            .values("activity_id")
            .annotate(n=Count("step_id", distinct=True))
            .values("n")[:1]
        )
        return Q(
            Exists(
                Activity.objects.filter(pk=OuterRef("pk"))
                .annotate(n=Subquery(ticked))
                .filter(n=len(required))
            )
        )
    return Q()


def counts_toward(ka: KeyActivity, activity: Activity) -> bool:
    """Whether the activity is of a type the key activity measures and its owner owns the key
    activity (types, stages and owners prefetched)."""
    types = {t.pk for t in ka.activity_types.all()} | {s.activity_type_id for s in ka.stages.all()}
    return activity.type_id in types and any(
        o.user_id == activity.owner_id for o in ka.owners.all()
    )


# --- windows and targets ------------------------------------------------------------------------


def aware_bounds(window: Window, tz: zoneinfo.ZoneInfo) -> tuple[dt.datetime, dt.datetime]:
    """The instants where the window's first day starts and the day after its last starts."""
    start, end = window
    return (
        dt.datetime.combine(start, dt.time.min, tzinfo=tz),
        dt.datetime.combine(end + dt.timedelta(days=1), dt.time.min, tzinfo=tz),
    )


def target_for(
    targets: Sequence[Target], window: Window, calendar: WorkingCalendar, stage_count: int
) -> tuple[int | None, list[int | None]]:
    """An owner's target (and per-stage targets) for the window: the target of exactly that
    period, else the targets overlapping it pro-rated by working days (a weekly key activity
    seen over a month). None without any target."""
    start, end = window
    exact = [t for t in targets if t.period_start == start and t.period_end == end]
    if exact:
        stages = list(exact[0].stage_quantities or [])
        return exact[0].quantity, [
            stages[i] if i < len(stages) else None for i in range(stage_count)
        ]
    if not targets:
        return None, [None] * stage_count
    total = Decimal(0)
    stage_totals = [Decimal(0)] * stage_count
    for t in targets:
        days = calendar.working_days(t.period_start, t.period_end)
        overlap = calendar.working_days(max(start, t.period_start), min(end, t.period_end))
        share = Decimal(overlap) / days if days else Decimal(0)
        total += t.quantity * share
        for i, q in enumerate(list(t.stage_quantities or [])[:stage_count]):
            stage_totals[i] += Decimal(q) * share
    return int(total.to_integral_value()), [int(s.to_integral_value()) for s in stage_totals]


# --- the engine ---------------------------------------------------------------------------------


def _measure(aggregate: str, condition: Q) -> Count:
    if aggregate == Aggregate.DISTINCT_CUSTOMERS:
        return Count(Case(When(condition, then=F("customer_id"))), distinct=True)
    return Count("pk", filter=condition)


def _pool_condition(ka: KeyActivity, window_q: Q) -> Q:
    stages = list(ka.stages.all())
    if stages:
        return window_q & Q(type_id=stages[0].activity_type_id)
    return window_q & Q(type_id__in=[t.pk for t in ka.activity_types.all()])


def progress_compute(
    *,
    key_activities: Sequence[KeyActivity],
    owner_ids: Iterable[int] | None,
    windows: dict[int, Window],
    calendar: WorkingCalendar,
    tz: zoneinfo.ZoneInfo,
    today: dt.date,
) -> list[KeyActivityProgress]:
    """Progress of each key activity over its window for its owners (only ``owner_ids`` when
    given). Key activities come with ``activity_types``, ``stages``, ``guide_steps`` and
    ``owners__user`` prefetched; targets are read in one query and activities in one more."""
    allowed = None if owner_ids is None else set(owner_ids)
    owners = {
        ka.pk: [o for o in ka.owners.all() if allowed is None or o.user_id in allowed]
        for ka in key_activities
    }
    user_ids = sorted({o.user_id for rows in owners.values() for o in rows})
    if not key_activities or not user_ids:
        return [KeyActivityProgress(ka, *windows[ka.pk], owners=()) for ka in key_activities]
    first = min(w[0] for w in windows.values())
    last = max(w[1] for w in windows.values())
    targets: dict[tuple[int, int], list[Target]] = defaultdict(list)
    for target_row in Target.objects.filter(
        key_activity_id__in=[ka.pk for ka in key_activities],
        owner_id__in=user_ids,
        period_start__lte=last,
        period_end__gte=first,
    ):
        window = windows[target_row.key_activity_id]
        if target_row.period_start <= window[1] and target_row.period_end >= window[0]:
            targets[(target_row.key_activity_id, target_row.owner_id)].append(target_row)

    annotations: dict[str, Count] = {}
    type_ids: set[int] = set()
    for ka in key_activities:
        lo, hi = aware_bounds(windows[ka.pk], tz)
        window_q = Q(occurred_at__gte=lo, occurred_at__lt=hi)
        pool = _pool_condition(ka, window_q)
        annotations[f"raw_{ka.pk}"] = _measure(ka.aggregate, pool)
        annotations[f"q_{ka.pk}"] = _measure(
            ka.aggregate, pool & quality_condition(ka, standard_of(ka))
        )
        for i, stage in enumerate(ka.stages.all()):
            annotations[f"s_{ka.pk}_{i}"] = _measure(
                ka.aggregate, window_q & Q(type_id=stage.activity_type_id)
            )
            type_ids.add(stage.activity_type_id)
        type_ids.update(t.pk for t in ka.activity_types.all())
    lo, _ = aware_bounds((first, first), tz)
    _, hi = aware_bounds((last, last), tz)
    rows: dict[int, dict[str, Any]] = {}
    if type_ids:
        for values in (
            Activity.objects.filter(
                organization_id=key_activities[0].organization_id,
                status=Activity.Status.DONE,
                owner_id__in=user_ids,
                type_id__in=sorted(type_ids),
                occurred_at__gte=lo,
                occurred_at__lt=hi,
            )
            .order_by()
            .values("owner_id")
            .annotate(**annotations)
        ):
            found: dict[str, Any] = dict(values)
            rows[int(found["owner_id"])] = found

    result = []
    for ka in key_activities:
        window = windows[ka.pk]
        share = elapsed_share(calendar, window[0], window[1], today)
        stages = list(ka.stages.all())
        people = []
        for owner in owners[ka.pk]:
            row = rows.get(owner.user_id, {})
            target, stage_targets = target_for(
                targets.get((ka.pk, owner.user_id), []), window, calendar, len(stages)
            )
            actual = int(row.get(f"raw_{ka.pk}", 0))
            people.append(
                OwnerProgress(
                    user_id=owner.user_id,
                    username=owner.user.username,
                    name=str(owner.user),
                    is_lead=owner.is_lead,
                    target=target,
                    actual=actual,
                    qualified=int(row.get(f"q_{ka.pk}", 0)),
                    pace=pace(target, actual, share),
                    stages=tuple(
                        StageCount(
                            name=stage.name,
                            target=stage_targets[i]
                            if stage_targets[i] is not None
                            else stage.quantity,
                            actual=int(row.get(f"s_{ka.pk}_{i}", 0)),
                        )
                        for i, stage in enumerate(stages)
                    ),
                )
            )
        result.append(KeyActivityProgress(ka, window[0], window[1], tuple(people)))
    return result


def monthly_actuals(
    *,
    key_activities: Sequence[KeyActivity],
    owner_ids: Iterable[int] | None,
    months: Sequence[Window],
    calendar: WorkingCalendar,
    tz: zoneinfo.ZoneInfo,
) -> dict[tuple[int, dt.date], tuple[int, int]]:
    """``(target, actual)`` of each key activity per month, summed over its owners (only
    ``owner_ids`` when given): the same raw actual and target as ``progress_compute`` over each
    month, in one grouped query over all the months (by owner and month of the organisation's
    time zone) plus one for the targets, instead of one progress query per month. Keys are
    ``(key activity id, first day of the month)``; months are calendar months."""
    allowed = None if owner_ids is None else set(owner_ids)
    owners = {
        ka.pk: [o.user_id for o in ka.owners.all() if allowed is None or o.user_id in allowed]
        for ka in key_activities
    }
    user_ids = sorted({u for rows in owners.values() for u in rows})
    result = {(ka.pk, m[0]): (0, 0) for ka in key_activities for m in months}
    if not key_activities or not user_ids or not months:
        return result
    first, last = months[0][0], months[-1][1]
    annotations: dict[str, Count] = {}
    type_ids: set[int] = set()
    for ka in key_activities:
        annotations[f"raw_{ka.pk}"] = _measure(ka.aggregate, _pool_condition(ka, Q()))
        type_ids.update(t.pk for t in ka.activity_types.all())
        type_ids.update(stage.activity_type_id for stage in ka.stages.all())
    lo, hi = aware_bounds((first, last), tz)
    counts: dict[tuple[int, dt.date], dict[str, Any]] = {}
    if type_ids:
        for values in (
            Activity.objects.filter(
                organization_id=key_activities[0].organization_id,
                status=Activity.Status.DONE,
                owner_id__in=user_ids,
                type_id__in=sorted(type_ids),
                occurred_at__gte=lo,
                occurred_at__lt=hi,
            )
            .annotate(month=TruncMonth("occurred_at", output_field=DateField(), tzinfo=tz))
            .order_by()
            .values("owner_id", "month")
            .annotate(**annotations)
        ):
            counts[(int(values["owner_id"]), values["month"])] = dict(values)
    targets: dict[tuple[int, int], list[Target]] = defaultdict(list)
    for target_row in Target.objects.filter(
        key_activity_id__in=[ka.pk for ka in key_activities],
        owner_id__in=user_ids,
        period_start__lte=last,
        period_end__gte=first,
    ):
        targets[(target_row.key_activity_id, target_row.owner_id)].append(target_row)
    for ka in key_activities:
        for month in months:
            target = actual = 0
            for user_id in owners[ka.pk]:
                overlapping = [
                    t
                    for t in targets.get((ka.pk, user_id), [])
                    if t.period_start <= month[1] and t.period_end >= month[0]
                ]
                target += target_for(overlapping, month, calendar, 0)[0] or 0
                actual += int(counts.get((user_id, month[0]), {}).get(f"raw_{ka.pk}", 0))
            result[(ka.pk, month[0])] = (target, actual)
    return result


# --- the recount: activity by activity, through the pure rules ----------------------------------


def recount(
    *,
    key_activity: KeyActivity,
    owner_id: int,
    window: Window,
    tz: zoneinfo.ZoneInfo,
) -> tuple[int, int, list[int]]:
    """Raw, qualified and per-stage counts of one owner, recomputed one activity at a time
    with ``keyactivities.quality.qualifies`` (slow; for ``keyact progress rebuild``)."""
    lo, hi = aware_bounds(window, tz)
    activities = list(
        Activity.objects.filter(
            organization_id=key_activity.organization_id,
            owner_id=owner_id,
            status=Activity.Status.DONE,
            occurred_at__gte=lo,
            occurred_at__lt=hi,
        ).select_related("customer")
    )
    standard = standard_of(key_activity)
    ids = [a.pk for a in activities]
    ticks: dict[int, set[int]] = defaultdict(set)
    for activity_id, step_id in ChecklistTick.objects.filter(activity_id__in=ids).values_list(
        "activity_id", "step_id"
    ):
        ticks[activity_id].add(step_id)
    scores: dict[int, list[Decimal]] = defaultdict(list)
    for activity_id, average in RubricScore.objects.filter(
        activity_id__in=ids, key_activity=key_activity
    ).values_list("activity_id", "average"):
        scores[activity_id].append(average)

    def measure(items: list[Activity]) -> int:
        if key_activity.aggregate == Aggregate.DISTINCT_CUSTOMERS:
            return len({a.customer_id for a in items if a.customer_id is not None})
        return len(items)

    stages = list(key_activity.stages.all())
    types = (
        {stages[0].activity_type_id}
        if stages
        else {t.pk for t in key_activity.activity_types.all()}
    )
    pool = [a for a in activities if a.type_id in types]
    qualified = [
        a
        for a in pool
        if qualifies(
            standard,
            ActivityFacts.of(
                a,
                rubric_score=(sum(scores[a.pk], Decimal(0)) / len(scores[a.pk]))
                if scores[a.pk]
                else None,
                completed_step_ids=frozenset(ticks[a.pk]),
            ),
        ).qualified
    ]
    per_stage = [
        measure([a for a in activities if a.type_id == s.activity_type_id]) for s in stages
    ]
    return measure(pool), measure(qualified), per_stage
