"""Visit plan pages: list, create, detail, cancel."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from keyact.core.errors import DomainError, NotFound
from keyact.core.forms import add_domain_error
from keyact.core.params import optional_id
from keyact.orgs.access import acting_user, member_view
from keyact.playbook.forms import (
    VisitPlanForm,
    VisitResultForm,
)
from keyact.playbook.models import VisitPlan
from keyact.playbook.selectors import (
    visit_plan_get,
    visit_plan_list,
)
from keyact.playbook.services import (
    visit_plan_cancel,
    visit_plan_create,
    visit_plan_record,
)

VISITS_LISTED = 100


@member_view
def visit_list(request: HttpRequest) -> HttpResponse:
    """Visit plans in the user's scope: planned first, then the latest results."""
    user = acting_user(request)
    plans = list(visit_plan_list(user=user)[:VISITS_LISTED])
    done = [p for p in plans if p.status == VisitPlan.Status.DONE]
    successful = sum(1 for p in done if p.is_successful)
    return render(
        request,
        "playbook/visit_list.html",
        {
            "planned": [p for p in plans if p.status == VisitPlan.Status.PLANNED],
            "done": done,
            "successful": successful,
        },
    )


@member_view
def visit_create(request: HttpRequest) -> HttpResponse:
    """Plan a visit with its commitment objective."""
    user = acting_user(request)
    initial: dict[str, Any] = {
        "planned_for": (timezone.localtime() + dt.timedelta(days=1)).replace(
            minute=0, second=0, microsecond=0
        )
    }
    customer_id = optional_id(request.GET, "customer")
    if customer_id is not None:
        initial["customer"] = customer_id
    form = VisitPlanForm(request.POST or None, user=user, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            plan = visit_plan_create(
                actor=user,
                customer_id=data["customer"],
                opportunity_id=data["opportunity"],
                planned_for=data["planned_for"],
                purpose=data["purpose"],
                best_action=data["best_action"],
                minimum_action=data["minimum_action"],
            )
        except NotFound:
            raise  # outside the scope: the page answers 404
        except DomainError as exc:
            add_domain_error(
                form, exc, aliases={"customer_id": "customer", "opportunity_id": "opportunity"}
            )
        else:
            messages.success(request, _("Visit planned."))
            return redirect("playbook:visit", plan_id=plan.pk)
    status = 400 if request.method == "POST" else 200
    return render(request, "playbook/visit_form.html", {"form": form}, status=status)


@member_view
def visit_detail(request: HttpRequest, plan_id: int) -> HttpResponse:
    """A visit plan; while planned, the form to record its result."""
    user = acting_user(request)
    plan = visit_plan_get(user=user, plan_id=plan_id)
    form = VisitResultForm(request.POST or None)
    if request.method == "POST" and plan.status == VisitPlan.Status.PLANNED and form.is_valid():
        try:
            visit_plan_record(actor=user, plan_id=plan.pk, **form.cleaned_data)
        except NotFound:
            raise  # outside the scope: the page answers 404
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            messages.success(request, _("Visit result recorded."))
            return redirect("playbook:visit", plan_id=plan.pk)
    status = 400 if request.method == "POST" else 200
    return render(
        request, "playbook/visit_detail.html", {"plan": plan, "form": form}, status=status
    )


@require_POST
@member_view
def visit_cancel(request: HttpRequest, plan_id: int) -> HttpResponse:
    """Cancel a planned visit."""
    user = acting_user(request)
    try:
        visit_plan_cancel(actor=user, plan_id=plan_id)
        messages.success(request, _("Visit cancelled."))
    except NotFound:
        raise  # outside the scope: the page answers 404
    except DomainError as exc:
        messages.error(request, exc.message)
    return redirect("playbook:visit", plan_id=plan_id)
