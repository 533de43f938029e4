"""Settings pages of tracking for administrators: the organisation's working calendar (base
calendar, time zone, company days off, extra working days) and the teams' group robots."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from keyact.core.errors import DomainError
from keyact.core.forms import add_domain_error
from keyact.core.params import parse_id
from keyact.orgs.access import acting_scope, acting_user, admin_view
from keyact.orgs.selectors import department_list
from keyact.tracking.calendars import china_years_covered
from keyact.tracking.forms import (
    COMMON_TIME_ZONES,
    CalendarDayForm,
    CalendarSettingForm,
    TeamChannelForm,
)
from keyact.tracking.selectors import (
    calendar_get,
    calendar_overrides,
    deliveries_failed,
    team_channel_list,
)
from keyact.tracking.services import (
    calendar_day_remove,
    calendar_day_set,
    calendar_set,
    team_channel_create,
    team_channel_delete,
    team_channel_set_active,
)

MONTHS_SHOWN = 3


def _months_ahead(today: dt.date) -> list[tuple[dt.date, dt.date]]:
    months = []
    start = today.replace(day=1)
    for _n in range(MONTHS_SHOWN):
        following = (start + dt.timedelta(days=32)).replace(day=1)
        months.append((start, following - dt.timedelta(days=1)))
        start = following
    return months


@admin_view
def calendar_settings_view(request: HttpRequest) -> HttpResponse:
    """The working calendar pacing counts on: base, time zone and the company's own days."""
    user = acting_user(request)
    cal = calendar_get(organization_id=acting_scope(request).organization_id)
    setting_form = CalendarSettingForm(
        initial={"base": cal.calendar.base, "time_zone": str(cal.tz)}
    )
    day_form = CalendarDayForm()
    if request.method == "POST":
        action = request.POST.get("action", "")
        try:
            if action == "setting":
                setting_form = CalendarSettingForm(request.POST)
                if setting_form.is_valid():
                    calendar_set(actor=user, **setting_form.cleaned_data)
                    messages.success(request, _("Working calendar saved."))
                    return redirect("tracking:calendar")
            elif action == "day":
                day_form = CalendarDayForm(request.POST)
                if day_form.is_valid():
                    data = day_form.cleaned_data
                    calendar_day_set(
                        actor=user,
                        date=data["date"],
                        is_working=data["kind"] == CalendarDayForm.WORKING,
                        note=data["note"],
                    )
                    messages.success(request, _("Day saved."))
                    return redirect("tracking:calendar")
            elif action == "remove":
                day = dt.date.fromisoformat(request.POST.get("date", ""))
                calendar_day_remove(actor=user, date=day)
                messages.success(request, _("The day follows the base calendar again."))
                return redirect("tracking:calendar")
        except ValueError:
            messages.error(request, _("Give the date as YYYY-MM-DD."))
        except DomainError as exc:
            add_domain_error(setting_form if action == "setting" else day_form, exc)
    first, last = china_years_covered()
    return render(
        request,
        "tracking/settings_calendar.html",
        {
            "setting_form": setting_form,
            "day_form": day_form,
            "time_zones": COMMON_TIME_ZONES,
            "overrides": calendar_overrides(user=user),
            "months": [
                (start, cal.calendar.working_days(start, end))
                for start, end in _months_ahead(cal.today())
            ],
            "china_years": (first, last),
            "tab": "calendar",
            "nav_section": "orgs",
        },
    )


@admin_view
def channels_view(request: HttpRequest) -> HttpResponse:
    """The teams' group robots (WeCom, DingTalk, Feishu) reminders go to."""
    user = acting_user(request)
    departments = list(department_list(user=user))
    form = TeamChannelForm(departments=departments)
    if request.method == "POST":
        action = request.POST.get("action", "")
        try:
            if action == "add":
                form = TeamChannelForm(request.POST, departments=departments)
                if form.is_valid():
                    team_channel_create(actor=user, **form.cleaned_data)
                    messages.success(request, _("Group robot added."))
                    return redirect("tracking:channels")
            else:
                channel_id = parse_id(request.POST.get("channel_id"), name="channel_id")
                if action == "delete":
                    team_channel_delete(actor=user, channel_id=channel_id)
                    messages.success(request, _("Group robot removed."))
                elif action in ("pause", "resume"):
                    team_channel_set_active(
                        actor=user, channel_id=channel_id, is_active=action == "resume"
                    )
                    messages.success(request, _("Group robot saved."))
                return redirect("tracking:channels")
        except DomainError as exc:
            if action == "add":
                add_domain_error(form, exc)
            else:
                messages.error(request, exc.message)
                return redirect("tracking:channels")
    return render(
        request,
        "tracking/settings_channels.html",
        {
            "form": form,
            "channels": team_channel_list(user=user),
            "failed": deliveries_failed(user=user).count(),
            "tab": "channels",
            "nav_section": "orgs",
        },
    )
