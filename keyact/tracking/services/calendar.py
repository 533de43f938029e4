"""Writes of the working calendar, and the recount check of progress."""

from __future__ import annotations

import datetime as dt
import zoneinfo
from dataclasses import dataclass, field

from django.db import transaction
from django.utils.translation import gettext as _

from keyact.core.errors import DomainError, PermissionDenied
from keyact.keyactivities.periods import period_bounds
from keyact.orgs.models import Organization
from keyact.orgs.selectors import scope_for
from keyact.tracking.models import CalendarDay, CalendarSetting
from keyact.tracking.progress import progress_compute, recount
from keyact.tracking.selectors import (
    calendar_get,
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
