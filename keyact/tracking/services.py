"""Writes of tracking: the working calendar, the recount check of progress, and the quality
records of activities (checklist ticks, rubric scores, the customer's location)."""

from __future__ import annotations

import datetime as dt
import zoneinfo
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from keyact.activities.models import Activity
from keyact.activities.selectors import activity_get
from keyact.core.errors import DomainError, NotFound, PermissionDenied
from keyact.customers.models import Customer
from keyact.customers.services import customer_update
from keyact.keyactivities.models import KeyActivity, QualityKind
from keyact.keyactivities.periods import period_bounds
from keyact.orgs.models import Organization, Role
from keyact.orgs.selectors import scope_for
from keyact.tracking.models import CalendarDay, CalendarSetting, ChecklistTick, RubricScore
from keyact.tracking.progress import counts_toward, progress_compute, recount
from keyact.tracking.selectors import (
    calendar_get,
    may_score,
    month_window,
    published_key_activities,
)
from keyact.users.models import User


def _require_admin(actor: User) -> int:
    scope = scope_for(actor)
    if not scope.is_admin:
        raise PermissionDenied(_("Only an administrator changes the working calendar."))
    return scope.organization_id


@transaction.atomic
def calendar_set(*, actor: User, base: str, time_zone: str) -> CalendarSetting:
    """Choose the organisation's base working calendar and time zone (administrators)."""
    organization_id = _require_admin(actor)
    if base not in CalendarSetting.Base.values:
        raise DomainError(_("Choose a working calendar."), field="base")
    try:
        zoneinfo.ZoneInfo(time_zone)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError) as exc:
        raise DomainError(_("Unknown time zone."), field="time_zone") from exc
    setting, _created = CalendarSetting.objects.update_or_create(
        organization_id=organization_id, defaults={"base": base, "time_zone": time_zone}
    )
    return setting


@transaction.atomic
def calendar_day_set(
    *, actor: User, date: dt.date, is_working: bool, note: str = ""
) -> CalendarDay:
    """Mark a company day off (``is_working=False``) or an extra working day."""
    organization_id = _require_admin(actor)
    day, _created = CalendarDay.objects.update_or_create(
        organization_id=organization_id,
        date=date,
        defaults={"is_working": is_working, "note": note.strip()[:200]},
    )
    return day


@transaction.atomic
def calendar_day_remove(*, actor: User, date: dt.date) -> None:
    """Give a day back to the base calendar."""
    organization_id = _require_admin(actor)
    CalendarDay.objects.filter(organization_id=organization_id, date=date).delete()


@dataclass
class RebuildReport:
    """How many figures were recounted and where the recount disagreed."""

    checked: int = 0
    differences: list[str] = field(default_factory=list)


def progress_rebuild(*, organization: Organization, period: str | None = None) -> RebuildReport:
    """Recount the progress of every published key activity, owner by owner, one activity at a
    time through the pure quality rules, over the month and each key activity's own current
    period, and compare with the engine the pages use. Importers call this after a committed
    import to confirm the new records are counted."""
    cal = calendar_get(organization_id=organization.pk)
    today = cal.today()
    month = month_window(period, today)
    key_activities = list(published_key_activities(organization_id=organization.pk))
    report = RebuildReport()
    for windows in (
        {ka.pk: month for ka in key_activities},
        {ka.pk: period_bounds(ka.period, month[1] if period else today) for ka in key_activities},
    ):
        computed = progress_compute(
            key_activities=key_activities,
            owner_ids=None,
            windows=windows,
            calendar=cal.calendar,
            tz=cal.tz,
            today=today,
        )
        for row in computed:
            for owner in row.owners:
                raw, qualified, stages = recount(
                    key_activity=row.key_activity,
                    owner_id=owner.user_id,
                    window=(row.start, row.end),
                    tz=cal.tz,
                )
                report.checked += 1
                shown = (owner.actual, owner.qualified, [s.actual for s in owner.stages])
                if shown != (raw, qualified, stages):
                    report.differences.append(
                        f"key activity {row.key_activity.pk}, {owner.username}, "
                        f"{row.start}..{row.end}: shown {shown}, recounted "
                        f"{(raw, qualified, stages)}"
                    )
    return report


# --- quality records: checklist ticks, rubric scores, the customer's location -------------------


def _matching_key_activity(actor: User, activity: Activity, key_activity_id: int) -> KeyActivity:
    """A published key activity of the actor's organisation that the activity counts toward."""
    ka = (
        published_key_activities(organization_id=activity.organization_id)
        .filter(pk=key_activity_id)
        .first()
    )
    if ka is None or not counts_toward(ka, activity):
        raise NotFound(_("This activity does not count toward that key activity."))
    return ka


def _may_act_for(actor: User, owner_id: int) -> None:
    scope = scope_for(actor)
    if scope.role == Role.SUPPORTER or not scope.covers_owner(owner_id):
        raise PermissionDenied(_("Only the owner of the activity or their manager can do this."))


@transaction.atomic
def checklist_ticks_set(
    *, actor: User, activity_id: int, key_activity_id: int, step_ids: Sequence[int]
) -> list[int]:
    """Record which guide steps of a key activity's checklist were done for an activity (the
    ticks given replace the earlier ones of that key activity). Returns the ticked step ids."""
    activity = activity_get(user=actor, activity_id=activity_id)
    _may_act_for(actor, activity.owner_id)
    ka = _matching_key_activity(actor, activity, key_activity_id)
    steps = {s.pk for s in ka.guide_steps.all()}
    unknown = set(step_ids) - steps
    if unknown:
        raise DomainError(
            _("That step is not part of this key activity's guide."), field="step_ids"
        )
    ChecklistTick.objects.filter(activity=activity, step_id__in=steps - set(step_ids)).delete()
    have = set(
        ChecklistTick.objects.filter(activity=activity, step_id__in=steps).values_list(
            "step_id", flat=True
        )
    )
    ChecklistTick.objects.bulk_create(
        [ChecklistTick(activity=activity, step_id=s, ticked_by=actor) for s in set(step_ids) - have]
    )
    return sorted(set(step_ids))


def _activity_for_scorer(actor: User, activity_id: int, key_activity_id: int) -> Activity:
    try:
        return activity_get(user=actor, activity_id=activity_id)
    except NotFound:
        scope = scope_for(actor)
        activity = Activity.objects.filter(
            pk=activity_id, organization_id=scope.organization_id
        ).first()
        if activity is not None:
            ka = (
                published_key_activities(organization_id=scope.organization_id)
                .filter(pk=key_activity_id, owners__user=actor)
                .first()
            )
            if ka is not None and counts_toward(ka, activity):
                return activity
        raise


@transaction.atomic
def rubric_score_set(
    *,
    actor: User,
    activity_id: int,
    key_activity_id: int,
    scores: Sequence[int],
    comment: str = "",
) -> RubricScore:
    """Score an activity against a key activity's rubric, one 1-5 score per criterion; a
    scorer's new scores replace their earlier ones. The scorer and the time are kept. A peer
    reaches a co-owner's activity through the key activity they share."""
    activity = _activity_for_scorer(actor, activity_id, key_activity_id)
    ka = _matching_key_activity(actor, activity, key_activity_id)
    if ka.quality_kind != QualityKind.RUBRIC or not ka.rubric_criteria:
        raise DomainError(_("This key activity has no rubric."), field="key_activity_id")
    if not may_score(actor, activity, ka):
        raise PermissionDenied(
            _("A manager or a peer on the same key activity scores it, not its owner.")
        )
    if len(scores) != len(ka.rubric_criteria):
        raise DomainError(_("Give one score per criterion."), field="scores")
    if any(not 1 <= s <= 5 for s in scores):
        raise DomainError(_("Each score lies between 1 and 5."), field="scores")
    average = (Decimal(sum(scores)) / len(scores)).quantize(Decimal("0.01"))
    score, _created = RubricScore.objects.update_or_create(
        activity=activity,
        key_activity=ka,
        scorer=actor,
        defaults={
            "scores": list(scores),
            "average": average,
            "comment": comment.strip()[:2000],
            "scored_at": timezone.now(),
        },
    )
    return score


@transaction.atomic
def customer_location_from_checkin(*, actor: User, activity_id: int) -> Customer:
    """Take the customer's location from the check-in of an activity at that customer (so that
    later check-ins can be compared with it)."""
    activity = activity_get(user=actor, activity_id=activity_id)
    _may_act_for(actor, activity.owner_id)
    if activity.customer_id is None:
        raise DomainError(_("The activity has no customer."), field="customer_id")
    if activity.checkin_latitude is None or activity.checkin_longitude is None:
        raise DomainError(_("The activity has no check-in."), field="checkin")
    return customer_update(
        actor=actor,
        customer_id=activity.customer_id,
        latitude=activity.checkin_latitude,
        longitude=activity.checkin_longitude,
    )
