"""Scoped reads of progress: one key activity, a whole organisation, an owner's own."""

from __future__ import annotations

import datetime as dt
import re
import zoneinfo
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from keyact.activities.models import Activity
from keyact.core.errors import DomainError, NotFound
from keyact.keyactivities.models import GuideStep, KeyActivity, Owner, QualityKind, StageStandard
from keyact.keyactivities.periods import period_bounds
from keyact.keyactivities.quality import ActivityFacts, Verdict, qualifies
from keyact.keyactivities.selectors import key_activity_get, key_activity_visibility
from keyact.orgs.models import Organization, Role
from keyact.orgs.selectors import scope_for
from keyact.tracking.calendars import WorkingCalendar
from keyact.tracking.models import (
    CalendarDay,
    CalendarSetting,
    ChecklistTick,
    CoachingNote,
    Delivery,
    FollowUp,
    Notification,
    Review,
    RubricScore,
    TeamChannel,
)
from keyact.tracking.progress import (
    KeyActivityProgress,
    Window,
    counts_toward,
    progress_compute,
    standard_of,
)
from keyact.tracking.schedule import last_due, next_due
from keyact.users.models import User

PERIOD_PATTERN = re.compile(r"^(\d{4})-(0[1-9]|1[0-2])$")


@dataclass(frozen=True)
class OrgCalendar:
    """An organisation's working calendar and time zone."""

    calendar: WorkingCalendar
    tz: zoneinfo.ZoneInfo

    def today(self) -> dt.date:
        """Today's date where the organisation works."""
        return timezone.now().astimezone(self.tz).date()


def calendar_get(*, organization_id: int) -> OrgCalendar:
    """The organisation's calendar (China with 调休 in the project's time zone by default)."""
    setting = CalendarSetting.objects.filter(organization_id=organization_id).first()
    base = setting.base if setting else CalendarSetting.Base.CHINA
    tz_name = setting.time_zone if setting else settings.TIME_ZONE
    overrides = dict(
        CalendarDay.objects.filter(organization_id=organization_id).values_list(
            "date", "is_working"
        )
    )
    return OrgCalendar(WorkingCalendar(base, overrides), zoneinfo.ZoneInfo(tz_name))


def calendar_overrides(*, user: User) -> list[CalendarDay]:
    """The organisation's company days off and extra working days (administrators)."""
    scope = scope_for(user)
    if not scope.is_admin:
        return []
    return list(CalendarDay.objects.filter(organization_id=scope.organization_id).order_by("date"))


def team_channel_list(*, user: User) -> list[TeamChannel]:
    """The organisation's group robots, by team (administrators)."""
    scope = scope_for(user)
    if not scope.is_admin:
        return []
    return list(
        TeamChannel.objects.filter(organization_id=scope.organization_id)
        .select_related("department")
        .order_by("department__name", "kind", "id")
    )


def month_window(period: str | None, today: dt.date) -> Window:
    """The month named ``YYYY-MM`` (the current one when empty); DomainError when malformed."""
    if not period:
        return period_bounds("month", today)
    match = PERIOD_PATTERN.match(period)
    if not match:
        raise DomainError(_("Give the period as YYYY-MM."), field="period")
    return period_bounds("month", dt.date(int(match[1]), int(match[2]), 1))


def _with_measures(qs: QuerySet[KeyActivity]) -> QuerySet[KeyActivity]:
    return qs.prefetch_related(
        "activity_types",
        "guide_steps",
        Prefetch("stages", queryset=StageStandard.objects.select_related("activity_type")),
        Prefetch(
            "owners", queryset=Owner.objects.select_related("user").order_by("-is_lead", "id")
        ),
    )


def published_key_activities(*, organization_id: int) -> QuerySet[KeyActivity]:
    """The organisation's published key activities with what measuring them needs."""
    return _with_measures(
        KeyActivity.objects.filter(
            organization_id=organization_id, status=KeyActivity.Status.PUBLISHED
        ).order_by("name_en", "id")
    )


def progress_of_key_activity(
    *,
    user: User,
    key_activity_id: int,
    period: str | None = None,
    today: dt.date | None = None,
) -> KeyActivityProgress:
    """One key activity the user may see, over a month, for the owners inside their scope."""
    scope = scope_for(user)
    key_activity_get(user=user, key_activity_id=key_activity_id)  # NotFound outside the scope
    ka = _with_measures(KeyActivity.objects.filter(pk=key_activity_id)).get()
    cal = calendar_get(organization_id=scope.organization_id)
    today = today or cal.today()
    window = month_window(period, today)
    [result] = progress_compute(
        key_activities=[ka],
        owner_ids=scope.owner_ids,
        windows={ka.pk: window},
        calendar=cal.calendar,
        tz=cal.tz,
        today=today,
    )
    return result


def progress_of_organization(
    *, organization: Organization, period: str | None = None, today: dt.date | None = None
) -> tuple[Window, list[KeyActivityProgress]]:
    """Every published key activity of an organisation over a month, all owners (the CLI)."""
    cal = calendar_get(organization_id=organization.pk)
    today = today or cal.today()
    window = month_window(period, today)
    key_activities = list(published_key_activities(organization_id=organization.pk))
    return window, progress_compute(
        key_activities=key_activities,
        owner_ids=None,
        windows={ka.pk: window for ka in key_activities},
        calendar=cal.calendar,
        tz=cal.tz,
        today=today,
    )


def progress_for_owner(
    *, user: User, today: dt.date | None = None, key_activity_id: int | None = None
) -> list[KeyActivityProgress]:
    """The published key activities the user owns (or the one named), each over its own
    current period, with only the user's own row: My day, the key-activity pages and
    ``/api/v1/key-activities/mine`` all read this. A fixed number of queries whatever their
    number."""
    scope = scope_for(user)
    owned = published_key_activities(organization_id=scope.organization_id).filter(
        owners__user=user
    )
    if key_activity_id is not None:
        owned = owned.filter(pk=key_activity_id)
    key_activities = list(owned)
    if not key_activities:
        return []
    cal = calendar_get(organization_id=scope.organization_id)
    today = today or cal.today()
    return progress_compute(
        key_activities=key_activities,
        owner_ids=[user.pk],
        windows={ka.pk: period_bounds(ka.period, today) for ka in key_activities},
        calendar=cal.calendar,
        tz=cal.tz,
        today=today,
    )


# --- quality of one activity --------------------------------------------------------------------


@dataclass(frozen=True)
class ChecklistStep:
    """A guide step as a tick-box on an activity."""

    step: GuideStep
    required: bool
    ticked: bool


@dataclass(frozen=True)
class ActivityQuality:
    """How an activity fares against one key activity it counts toward, and why."""

    key_activity: KeyActivity
    verdict: Verdict
    steps: tuple[ChecklistStep, ...]
    scores: tuple[RubricScore, ...]
    mean_score: Decimal | None
    can_tick: bool
    can_score: bool


def may_score(actor: User, activity: Activity, ka: KeyActivity) -> bool:
    """A rubric is scored by someone other than the owner: a manager whose scope covers the
    owner, or a peer owning the same key activity (owners prefetched)."""
    if actor.pk == activity.owner_id:
        return False
    scope = scope_for(actor)
    if scope.role not in (Role.REP, Role.SUPPORTER) and scope.covers_owner(activity.owner_id):
        return True
    return any(o.user_id == actor.pk for o in ka.owners.all())


def activity_quality(*, user: User, activity: Activity) -> list[ActivityQuality]:
    """For an activity the caller already holds (scoped): each published key activity it
    counts toward, whether it qualifies and the reasons when it does not, the checklist and the
    rubric scores. Four queries whatever the number of key activities."""
    scope = scope_for(user)
    matching = [
        ka
        for ka in published_key_activities(organization_id=activity.organization_id).filter(
            owners__user_id=activity.owner_id
        )
        if counts_toward(ka, activity)
    ]
    ticked = set(ChecklistTick.objects.filter(activity=activity).values_list("step_id", flat=True))
    all_scores = list(
        RubricScore.objects.filter(activity=activity).select_related("scorer").order_by("scored_at")
    )
    may_tick = scope.role != Role.SUPPORTER and scope.covers_owner(activity.owner_id)
    result = []
    for ka in matching:
        scores = tuple(s for s in all_scores if s.key_activity_id == ka.pk)
        mean = (sum((s.average for s in scores), Decimal(0)) / len(scores)) if scores else None
        verdict = qualifies(
            standard_of(ka),
            ActivityFacts.of(activity, rubric_score=mean, completed_step_ids=frozenset(ticked)),
        )
        result.append(
            ActivityQuality(
                key_activity=ka,
                verdict=verdict,
                steps=tuple(
                    ChecklistStep(step=s, required=s.in_checklist, ticked=s.pk in ticked)
                    for s in ka.guide_steps.all()
                ),
                scores=scores,
                mean_score=mean,
                can_tick=may_tick,
                can_score=ka.quality_kind == QualityKind.RUBRIC
                and bool(ka.rubric_criteria)
                and may_score(user, activity, ka),
            )
        )
    return result


# --- reviews and coaching -----------------------------------------------------------------------


def review_list(*, user: User, key_activity_id: int | None = None) -> QuerySet[Review]:
    """Reviews a supervisor may see: of key activities they may see, held by them or by people
    in their scope (all for admins); newest first. Reps and supporters see none."""
    scope = scope_for(user)
    qs = Review.objects.filter(organization_id=scope.organization_id)
    if scope.role not in (Role.MANAGER, Role.DEPARTMENT_HEAD, Role.ADMIN):
        return qs.none()
    if scope.owner_ids is not None:
        visible = KeyActivity.objects.filter(key_activity_visibility(scope)).values("pk")
        qs = qs.filter(
            Q(held_by_id=user.pk) | Q(held_by_id__in=scope.owner_ids), key_activity_id__in=visible
        )
    if key_activity_id is not None:
        qs = qs.filter(key_activity_id=key_activity_id)
    return (
        qs.select_related("key_activity", "held_by")
        .prefetch_related(
            Prefetch("follow_ups", queryset=FollowUp.objects.select_related("owner")),
            "activities__type",
        )
        .order_by("-due_on", "-id")
    )


def review_get(*, user: User, review_id: int) -> Review:
    """One review the user may see; NotFound otherwise."""
    review = review_list(user=user).filter(pk=review_id).first()
    if review is None:
        raise NotFound(_("No such review."), field="review_id")
    return review


def follow_ups_open(*, user: User, key_activity_id: int, before: dt.date) -> list[FollowUp]:
    """Open follow-ups of earlier reviews of a key activity the user may see: they carry into
    the next review until done."""
    reviews = review_list(user=user, key_activity_id=key_activity_id).filter(due_on__lt=before)
    return list(
        FollowUp.objects.filter(review__in=reviews.values("pk"), done_at__isnull=True)
        .select_related("owner", "review")
        .order_by("due_on", "id")
    )


def follow_ups_of(*, user: User) -> list[FollowUp]:
    """The open follow-ups the user owns, oldest due first (My day)."""
    return list(
        FollowUp.objects.filter(owner=user, done_at__isnull=True)
        .select_related("review__key_activity")
        .order_by("due_on", "id")
    )


@dataclass(frozen=True)
class ReviewDue:
    """A key activity's latest review date and whether the user already held it."""

    key_activity: KeyActivity
    due_on: dt.date | None
    held: bool
    next_on: dt.date


def reviews_due(*, user: User, today: dt.date | None = None) -> list[ReviewDue]:
    """For each published key activity a supervisor may see with owners in their scope: the
    latest review date up to today, whether they held it, and the next one."""
    scope = scope_for(user)
    if scope.role not in (Role.MANAGER, Role.DEPARTMENT_HEAD, Role.ADMIN):
        return []
    today = today or calendar_get(organization_id=scope.organization_id).today()
    qs = published_key_activities(organization_id=scope.organization_id).filter(
        key_activity_visibility(scope)
    )
    if scope.owner_ids is not None:
        qs = qs.filter(owners__user_id__in=scope.owner_ids).distinct()
    key_activities = list(qs)
    held = set(
        Review.objects.filter(
            key_activity__in=[ka.pk for ka in key_activities], held_by=user
        ).values_list("key_activity_id", "due_on")
    )
    result = []
    for ka in key_activities:
        due = last_due(ka.tracking_frequency, ka.review_day, ka.valid_from, today)
        result.append(
            ReviewDue(
                key_activity=ka,
                due_on=due,
                held=due is None or (ka.pk, due) in held,
                next_on=next_due(ka.tracking_frequency, ka.review_day, ka.valid_from, today),
            )
        )
    return result


def coaching_list(*, user: User, person_id: int | None = None) -> QuerySet[CoachingNote]:
    """Coaching notes the user may see: their own (as the person coached), those they wrote,
    and those about people in their scope when they supervise; newest first."""
    scope = scope_for(user)
    condition = Q(person_id=user.pk) | Q(author_id=user.pk)
    if scope.role in (Role.MANAGER, Role.DEPARTMENT_HEAD, Role.ADMIN):
        condition = Q() if scope.owner_ids is None else condition | Q(person_id__in=scope.owner_ids)
    qs = CoachingNote.objects.filter(condition, organization_id=scope.organization_id)
    if person_id is not None:
        qs = qs.filter(person_id=person_id)
    return qs.select_related("person", "author", "key_activity", "activity__type").order_by(
        "-created_at", "-id"
    )


def coaching_get(*, user: User, note_id: int) -> CoachingNote:
    """One coaching note the user may see; NotFound otherwise."""
    note = coaching_list(user=user).filter(pk=note_id).first()
    if note is None:
        raise NotFound(_("No such coaching note."), field="note_id")
    return note


def notification_list(*, user: User, unread: bool = False) -> QuerySet[Notification]:
    """The user's own notifications, newest first."""
    qs = Notification.objects.filter(recipient=user)
    if unread:
        qs = qs.filter(read_at__isnull=True)
    return qs.order_by("-created_at", "-id")


def notification_get(*, user: User, notification_id: int) -> Notification:
    """One of the user's notifications; NotFound otherwise."""
    notification = notification_list(user=user).filter(pk=notification_id).first()
    if notification is None:
        raise NotFound(_("No such notification."), field="notification_id")
    return notification


def unread_count(*, user: User) -> int:
    """How many of the user's notifications are unread (the bell)."""
    return Notification.objects.filter(recipient=user, read_at__isnull=True).count()


def deliveries_failed(*, user: User) -> QuerySet[Delivery]:
    """Failed deliveries of the organisation, for its administrators."""
    scope = scope_for(user)
    if not scope.is_admin:
        return Delivery.objects.none()
    return (
        Delivery.objects.filter(
            organization_id=scope.organization_id, status=Delivery.Status.FAILED
        )
        .select_related("team_channel__department", "recipient")
        .order_by("-created_at", "-id")
    )


@dataclass(frozen=True)
class MyTracking:
    """What a rep sees of tracking on My day: their key activities' progress, coaching to
    acknowledge, open follow-ups."""

    progress: list[KeyActivityProgress]
    coaching: list[CoachingNote]
    follow_ups: list[FollowUp]


def my_coaching(*, user: User) -> MyTracking:
    """Coaching the user has not acknowledged or acted on yet, and their open follow-ups (two
    queries; My day shows them beside the key activities)."""
    return MyTracking(
        progress=[],
        coaching=list(
            CoachingNote.objects.filter(person=user)
            .filter(Q(acknowledged_at__isnull=True) | Q(done_at__isnull=True))
            .select_related("author", "key_activity")
            .order_by("-created_at", "-id")[:10]
        ),
        follow_ups=follow_ups_of(user=user)[:10],
    )


def my_tracking(*, user: User, today: dt.date | None = None) -> MyTracking:
    """The user's own progress on every key activity they own (each over its own period),
    coaching not yet acknowledged or done, and their open follow-ups. A fixed number of
    queries whatever the number of key activities."""
    coaching = my_coaching(user=user)
    return MyTracking(
        progress=progress_for_owner(user=user, today=today),
        coaching=coaching.coaching,
        follow_ups=coaching.follow_ups,
    )
