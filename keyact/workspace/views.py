"""The home page and My day: today's plan, what is overdue, the key activities the user owns,
quick-log and planning. It composes activities with tracking, so it lives above both. The home
page of managers, department heads and directors is the team board; everyone has My day."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_htmx.http import trigger_client_event

from keyact.activities.forms import (
    PlanForm,
    QuickLogForm,
)
from keyact.activities.models import Activity, Outcome
from keyact.activities.selectors import (
    ActivityFilters,
    activity_list,
    my_day,
)
from keyact.activities.services import (
    activity_create,
)
from keyact.core.errors import DomainError
from keyact.core.forms import add_domain_error
from keyact.core.htmx import is_htmx, with_toast
from keyact.customers.selectors import customer_list
from keyact.deals.selectors import opportunity_list
from keyact.orgs.access import acting_scope, acting_user, member_view
from keyact.tracking.board import BOARD_ROLES
from keyact.tracking.selectors import MyTracking, my_tracking, progress_for_owner
from keyact.tracking.views import board_view
from keyact.users.models import User

# The event a quick log sends to the page: the key-activity card listens and fetches itself again.
LOGGED_EVENT = "keyact:logged"


def _planned_context(user: User) -> dict[str, Any]:
    today = timezone.localdate()
    day = my_day(user=user, today=today, tz=timezone.get_current_timezone())
    upcoming = list(
        activity_list(
            user=user,
            filters=ActivityFilters(
                owner_id=user.pk,
                status=Activity.Status.PLANNED,
                date_from=today + dt.timedelta(days=1),
            ),
        ).order_by("occurred_at", "id")[:10]
    )
    return {
        "today": day.today,
        "overdue": day.overdue,
        "upcoming": upcoming,
        "recent": day.recent,
        "outcomes": Outcome.choices,
    }


def _default_due() -> dt.datetime:
    """The next full hour, local time: a sensible default for planning."""
    now = timezone.localtime()
    return now.replace(minute=0, second=0, microsecond=0) + dt.timedelta(hours=1)


def _home_context(
    user: User, *, quick: QuickLogForm | None = None, plan: PlanForm | None = None
) -> dict[str, Any]:
    context = _planned_context(user)
    context["mine"] = my_tracking(user=user)
    context["quick"] = quick or QuickLogForm(user=user)
    context["plan"] = plan or PlanForm(user=user, initial={"occurred_at": _default_due()})
    return context


@member_view
def home(request: HttpRequest) -> HttpResponse:
    """The landing page: the team board for managers, department heads and directors (what
    they open every morning), My day for everyone else."""
    if acting_scope(request).role in BOARD_ROLES:
        return board_view(request)
    return my_day_view(request)


@member_view
def my_day_view(request: HttpRequest) -> HttpResponse:
    """My day: today's plan, what is overdue, quick-log, planning and recent activities."""
    return render(request, "workspace/home.html", _home_context(acting_user(request)))


@member_view
def my_key_activities(request: HttpRequest) -> HttpResponse:
    """The key-activity card of My day alone: the page fetches it again after a quick log."""
    mine = MyTracking(
        progress=progress_for_owner(user=acting_user(request)), coaching=[], follow_ups=[]
    )
    return render(request, "workspace/home.html#key_activities_card", {"mine": mine})


def _picked_label(user: User, customer_id: int | None, opportunity_id: int | None) -> str:
    """The label of what the picker holds, so a re-rendered form keeps showing it."""
    if opportunity_id is not None:
        opp = opportunity_list(user=user).filter(pk=opportunity_id).first()
        if opp is not None:
            return f"{opp.name} · {opp.customer}" if opp.customer else opp.name
    if customer_id is not None:
        customer = customer_list(user=user).filter(pk=customer_id).first()
        if customer is not None:
            return customer.name
    return ""


@require_POST
@member_view
def quick_log(request: HttpRequest) -> HttpResponse:
    """Record a done activity now, owned by the user; htmx swaps in the new recent list."""
    user = acting_user(request)
    form = QuickLogForm(request.POST, user=user)
    if form.is_valid():
        data = form.cleaned_data
        try:
            activity = activity_create(
                actor=user,
                type_id=data["type_id"],
                customer_id=data["customer_id"],
                opportunity_id=data["opportunity_id"],
                outcome=data["outcome"] or "",
                commitment_text=data["commitment_text"],
                notes=data["notes"],
                checkin_latitude=data["checkin_latitude"],
                checkin_longitude=data["checkin_longitude"],
                checkin_accuracy_m=data["checkin_accuracy_m"],
            )
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            message = _("Logged: %(type)s") % {"type": activity.type.name}
            if is_htmx(request):
                context = _planned_context(user)
                context["quick"] = QuickLogForm(user=user)
                response = render(request, "workspace/home.html#quick_log_done", context)
                trigger_client_event(response, LOGGED_EVENT, {})
                return with_toast(response, message)
            messages.success(request, message)
            return redirect("my_day")
    picked = _picked_label(
        user, form.cleaned_data.get("customer_id"), form.cleaned_data.get("opportunity_id")
    )
    if is_htmx(request):
        return render(
            request, "workspace/home.html#quick_log_form", {"quick": form, "picked": picked}
        )
    context = _home_context(user, quick=form)
    context["picked"] = picked
    return render(request, "workspace/home.html", context)


@require_POST
@member_view
def plan(request: HttpRequest) -> HttpResponse:
    """Plan an activity for the user at a due time."""
    user = acting_user(request)
    form = PlanForm(request.POST, user=user)
    if form.is_valid():
        data = form.cleaned_data
        try:
            activity = activity_create(
                actor=user,
                type_id=data["type_id"],
                status=Activity.Status.PLANNED,
                occurred_at=data["occurred_at"],
                customer_id=data["customer_id"],
                opportunity_id=data["opportunity_id"],
                subject=data["subject"],
            )
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            when = formats.date_format(
                timezone.localtime(activity.occurred_at), "SHORT_DATETIME_FORMAT"
            )
            message = _("Planned: %(type)s, %(when)s") % {"type": activity.type.name, "when": when}
            if is_htmx(request):
                context = _planned_context(user)
                context["plan"] = PlanForm(user=user, initial={"occurred_at": _default_due()})
                response = render(request, "workspace/home.html#plan_done", context)
                return with_toast(response, message)
            messages.success(request, message)
            return redirect("my_day")
    picked = _picked_label(
        user, form.cleaned_data.get("customer_id"), form.cleaned_data.get("opportunity_id")
    )
    if is_htmx(request):
        return render(
            request, "workspace/home.html#plan_form", {"plan": form, "plan_picked": picked}
        )
    context = _home_context(user, plan=form)
    context["plan_picked"] = picked
    return render(request, "workspace/home.html", context)
