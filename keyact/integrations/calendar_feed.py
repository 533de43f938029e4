"""A person's planned activities as an iCalendar feed: an activity with a time of day (or a
span) is a VEVENT; one that is only due on a day is a VTODO with that due date."""

from __future__ import annotations

import datetime as dt

from django.db.models import QuerySet
from django.utils import timezone
from icalendar import Calendar, Event, Todo

from keyact.activities.models import Activity
from keyact.users.models import User

PAST_DAYS = 30
MAX_ITEMS = 2_000
DEFAULT_MINUTES = 30


def planned_activities(*, user: User, now: dt.datetime) -> QuerySet[Activity]:
    """The person's own planned activities from a month ago on (the feed's window)."""
    return (
        Activity.objects.filter(
            owner=user,
            status=Activity.Status.PLANNED,
            occurred_at__gte=now - dt.timedelta(days=PAST_DAYS),
        )
        .select_related("type", "customer", "opportunity")
        .order_by("occurred_at", "id")[:MAX_ITEMS]
    )


def _is_day_only(activity: Activity, tz: dt.tzinfo) -> bool:
    local = activity.occurred_at.astimezone(tz)
    return (
        local.time() == dt.time(0, 0)
        and activity.ended_at is None
        and activity.duration_minutes is None
    )


def _summary(activity: Activity) -> str:
    parts = [activity.type.name]
    if activity.subject:
        parts.append(activity.subject)
    if activity.customer is not None:
        parts.append(activity.customer.name)
    return " · ".join(parts)


def calendar_ics(*, user: User, host: str, now: dt.datetime | None = None) -> bytes:
    """The feed for one person, as ICS bytes."""
    moment = now or timezone.now()
    tz = timezone.get_default_timezone()
    calendar = Calendar()
    calendar.add("prodid", "-//keyact//activities//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", f"keyact · {user}")
    for activity in planned_activities(user=user, now=moment):
        uid = f"activity-{activity.pk}@{host}"
        description = activity.notes
        if activity.opportunity is not None:
            description = f"{activity.opportunity.name}\n{description}".strip()
        if _is_day_only(activity, tz):
            item: Event | Todo = Todo()
            item.add("due", activity.occurred_at.astimezone(tz).date())
            item.add("status", "NEEDS-ACTION")
        else:
            item = Event()
            end = activity.ended_at or activity.occurred_at + dt.timedelta(
                minutes=activity.duration_minutes or DEFAULT_MINUTES
            )
            item.add("dtstart", activity.occurred_at)
            item.add("dtend", end)
        item.add("uid", uid)
        item.add("dtstamp", moment)
        item.add("last-modified", activity.updated_at)
        item.add("summary", _summary(activity))
        if description:
            item.add("description", description)
        calendar.add_component(item)
    return bytes(calendar.to_ical())
