"""A committed organisation for the worker test: one key activity whose owners are off track
today, whatever today is (every other day of the month is a company day off)."""

from __future__ import annotations

import datetime as dt
import zoneinfo

from django.utils import timezone

from keyact.activities.models import ActivityType
from keyact.activities.services import activity_types_install_standard
from keyact.keyactivities.models import KeyActivity, Owner, Target
from keyact.keyactivities.periods import period_bounds
from keyact.orgs.models import Organization, Role
from keyact.tracking.models import CalendarDay, CalendarSetting, TeamChannel
from tests.factories import DepartmentFactory, OrganizationFactory, member

TZ = zoneinfo.ZoneInfo("Asia/Shanghai")


def _today() -> dt.date:
    return timezone.now().astimezone(TZ).date()


def build_world_now(webhook_url: str) -> Organization:
    org = OrganizationFactory(name="Worker Co", slug="worker-co")
    team = DepartmentFactory(organization=org, name="Team W")
    manager = member(org, "w_manager", Role.MANAGER, department=team)
    rep = member(org, "w_rep", Role.REP, manager, team)
    member(org, "w_rep2", Role.REP, manager, team)
    activity_types_install_standard(organization=org)
    CalendarSetting.objects.create(organization=org, base="mon_fri", time_zone="Asia/Shanghai")
    today = _today()
    start, end = period_bounds("month", today)
    day = start
    while day <= end:
        CalendarDay.objects.create(organization=org, date=day, is_working=day == today)
        day += dt.timedelta(days=1)
    ka = KeyActivity.objects.create(
        organization=org,
        name_en="Visits",
        name_zh="拜访",
        valid_from=start,
        status=KeyActivity.Status.PUBLISHED,
        tracking_frequency="monthly",
        review_day=28,
    )
    ka.activity_types.add(ActivityType.objects.get(organization=org, code="visit"))
    Owner.objects.create(key_activity=ka, user=rep, is_lead=True)
    Target.objects.create(
        key_activity=ka, owner=rep, period_start=start, period_end=end, quantity=10
    )
    TeamChannel.objects.create(organization=org, department=team, kind="wecom", url=webhook_url)
    return org


def second_person_behind(org: Organization) -> None:
    ka = KeyActivity.objects.get(organization=org)
    rep2 = Owner.objects.model.user.field.related_model.objects.get(username="w_rep2")
    start, end = period_bounds("month", _today())
    Owner.objects.create(key_activity=ka, user=rep2)
    Target.objects.create(
        key_activity=ka, owner=rep2, period_start=start, period_end=end, quantity=10
    )
