"""Scoped reads of activity types and activities."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from keyact.activities.models import Activity, ActivityChange, ActivityType
from keyact.core.errors import NotFound
from keyact.orgs.selectors import Scope, scope_for
from keyact.users.models import User


def activity_visibility(scope: Scope) -> Q:
    """The condition an activity meets when it lies inside ``scope``."""
    condition = Q(organization_id=scope.organization_id)
    if scope.owner_ids is None:
        return condition
    visible = Q(owner_id__in=scope.owner_ids)
    if scope.via_participation:
        visible |= Q(
            Exists(
                Activity.participants.through.objects.filter(
                    activity_id=OuterRef("pk"), user_id=scope.user_id
                )
            )
        )
    return condition & visible


def activity_type_list(*, user: User, include_inactive: bool = False) -> QuerySet[ActivityType]:
    """The organisation's activity types in display order."""
    qs = ActivityType.objects.filter(organization_id=scope_for(user).organization_id)
    if not include_inactive:
        qs = qs.filter(is_active=True)
    return qs.order_by("order", "id")


def activity_type_get(*, user: User, type_id: int) -> ActivityType:
    """One activity type of the user's organisation; NotFound otherwise."""
    try:
        return activity_type_list(user=user, include_inactive=True).get(pk=type_id)
    except ActivityType.DoesNotExist as exc:
        raise NotFound(_("No such activity type."), field="type_id") from exc


@dataclass(frozen=True)
class ActivityFilters:
    """Filters of the activity list; every field is optional."""

    owner_id: int | None = None
    type_id: int | None = None
    status: str = ""
    customer_id: int | None = None
    opportunity_id: int | None = None
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    search: str = ""


def activity_list(*, user: User, filters: ActivityFilters | None = None) -> QuerySet[Activity]:
    """Activities the user may see, newest first, with type, owner, customer and opportunity."""
    scope = scope_for(user)
    f = filters or ActivityFilters()
    qs = Activity.objects.filter(activity_visibility(scope))
    if f.owner_id is not None:
        qs = qs.filter(owner_id=f.owner_id)
    if f.type_id is not None:
        qs = qs.filter(type_id=f.type_id)
    if f.status:
        qs = qs.filter(status=f.status)
    if f.customer_id is not None:
        qs = qs.filter(customer_id=f.customer_id)
    if f.opportunity_id is not None:
        qs = qs.filter(opportunity_id=f.opportunity_id)
    tz = timezone.get_current_timezone()
    # Whole days in the user's time zone, as a range on the indexed column.
    if f.date_from is not None:
        qs = qs.filter(occurred_at__gte=dt.datetime.combine(f.date_from, dt.time.min, tzinfo=tz))
    if f.date_to is not None:
        end = dt.datetime.combine(f.date_to, dt.time.min, tzinfo=tz) + dt.timedelta(days=1)
        qs = qs.filter(occurred_at__lt=end)
    if f.search:
        qs = qs.filter(Q(subject__icontains=f.search) | Q(notes__icontains=f.search))
    return qs.select_related("type", "owner", "customer", "opportunity").order_by(
        "-occurred_at", "-id"
    )


def activity_get(*, user: User, activity_id: int) -> Activity:
    """One activity inside the user's scope; NotFound otherwise."""
    try:
        return activity_list(user=user).get(pk=activity_id)
    except Activity.DoesNotExist as exc:
        raise NotFound(_("No such activity."), field="activity_id") from exc


def activity_link_ids(
    *, activity_ids: list[int]
) -> tuple[dict[int, list[int]], dict[int, list[int]]]:
    """Contact ids and participant ids of already-scoped activities: two id-only queries."""
    contacts: dict[int, list[int]] = {pk: [] for pk in activity_ids}
    participants: dict[int, list[int]] = {pk: [] for pk in activity_ids}
    if not activity_ids:
        return contacts, participants
    for activity_id, contact_id in (
        Activity.contacts.through.objects.filter(activity_id__in=activity_ids)
        .order_by("contact_id")
        .values_list("activity_id", "contact_id")
    ):
        contacts[activity_id].append(contact_id)
    for activity_id, user_id in (
        Activity.participants.through.objects.filter(activity_id__in=activity_ids)
        .order_by("user_id")
        .values_list("activity_id", "user_id")
    ):
        participants[activity_id].append(user_id)
    return contacts, participants


def activity_history(*, activity: Activity) -> list[ActivityChange]:
    """The audit trail of an activity the caller has already scoped, oldest first.

    Its first entry, "created", comes from the activity row itself (created_by, created_at);
    every later change is an ActivityChange with the fields before and after.
    """
    created = ActivityChange(
        activity=activity,
        action=ActivityChange.Action.CREATED,
        changed_by=activity.created_by,
        changed_at=activity.created_at,
        changes={},
    )
    return [created, *activity.changes.select_related("changed_by").order_by("changed_at", "id")]


@dataclass(frozen=True)
class MyDay:
    """What a rep sees first: today's plan, what is overdue, and what was done recently."""

    today: list[Activity]
    overdue: list[Activity]
    recent: list[Activity]


def my_day(*, user: User, today: dt.date, tz: dt.tzinfo) -> MyDay:
    """The user's own planned activities for ``today``, overdue ones, and the latest done ones."""
    scope = scope_for(user)
    start = dt.datetime.combine(today, dt.time.min, tzinfo=tz)
    end = start + dt.timedelta(days=1)
    own = Activity.objects.filter(
        organization_id=scope.organization_id, owner_id=user.pk
    ).select_related("type", "customer", "opportunity")
    planned = own.filter(status=Activity.Status.PLANNED)
    return MyDay(
        today=list(
            planned.filter(occurred_at__gte=start, occurred_at__lt=end).order_by(
                "occurred_at", "id"
            )
        ),
        overdue=list(planned.filter(occurred_at__lt=start).order_by("occurred_at", "id")[:50]),
        recent=list(own.filter(status=Activity.Status.DONE).order_by("-occurred_at", "-id")[:10]),
    )


TIMELINE_PAGE_SIZE = 20
_EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)
_MICROSECOND = dt.timedelta(microseconds=1)


@dataclass(frozen=True)
class TimelinePage:
    """A slice of a customer's or an opportunity's timeline, newest first, and where the next
    slice starts (``None`` at the end)."""

    items: list[Activity]
    next_cursor: str | None


def _cursor(activity: Activity) -> str:
    return f"{(activity.occurred_at - _EPOCH) // _MICROSECOND}.{activity.pk}"


def _parse_cursor(cursor: str) -> tuple[dt.datetime, int] | None:
    try:
        micros, pk = (int(part) for part in cursor.split(".", 1))
        return _EPOCH + micros * _MICROSECOND, pk
    except (ValueError, OverflowError):
        return None


def activity_timeline_page(
    *,
    user: User,
    customer_id: int | None = None,
    opportunity_id: int | None = None,
    cursor: str = "",
    size: int = TIMELINE_PAGE_SIZE,
) -> TimelinePage:
    """The activities of a customer or an opportunity the user may see, ``size`` at a time.

    Keyset pagination on (occurred_at, id): each slice is one index range scan however deep
    the reader has scrolled (a customer may have thousands of activities).
    """
    qs = activity_list(
        user=user, filters=ActivityFilters(customer_id=customer_id, opportunity_id=opportunity_id)
    )
    position = _parse_cursor(cursor) if cursor else None
    if position is not None:
        when, pk = position
        qs = qs.filter(Q(occurred_at__lt=when) | Q(occurred_at=when, pk__lt=pk))
    rows = list(qs[: size + 1])
    items = rows[:size]
    return TimelinePage(
        items=items, next_cursor=_cursor(items[-1]) if len(rows) > size and items else None
    )


@dataclass(frozen=True)
class ActivitySummary:
    """The last done and the next planned activity of a customer (``None`` when there is none)."""

    last: Activity | None
    next: Activity | None

    @property
    def next_is_overdue(self) -> bool:
        """Whether the next planned activity's time has passed."""
        return self.next is not None and self.next.occurred_at < timezone.now()


def customer_activity_summary(*, user: User, customer_id: int) -> ActivitySummary:
    """The customer's latest done activity and earliest open planned one (overdue included)."""
    qs = activity_list(user=user, filters=ActivityFilters(customer_id=customer_id))
    last = qs.filter(status=Activity.Status.DONE).first()
    upcoming = qs.filter(status=Activity.Status.PLANNED).order_by("occurred_at", "id").first()
    return ActivitySummary(last=last, next=upcoming)


def activity_type_usage(*, user: User, days: int = 90) -> dict[int, int]:
    """How often the user logged each activity type over the last ``days`` days (one grouped
    query on the owner index), to offer the most used types first."""
    since = timezone.now() - dt.timedelta(days=days)
    rows = (
        Activity.objects.filter(owner_id=user.pk, occurred_at__gte=since)
        .exclude(status=Activity.Status.CANCELLED)
        .order_by()
        .values_list("type_id")
        .annotate(n=Count("id"))
    )
    return dict(rows)
