"""Opportunity pages: list, detail with stage history and timeline, create, edit, move stage."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from keyact.core.errors import DomainError
from keyact.core.forms import add_domain_error
from keyact.core.params import optional_id
from keyact.deals.forms import MoveStageForm, OpportunityFilterForm, OpportunityForm
from keyact.deals.models import Opportunity
from keyact.deals.selectors import opportunity_get, opportunity_list, stage_history
from keyact.deals.services import opportunity_create, opportunity_move_stage, opportunity_update
from keyact.orgs.access import acting_user, member_view
from keyact.users.models import User


@member_view
def opportunity_list_view(request: HttpRequest) -> HttpResponse:
    """Opportunities in the user's scope, filtered, 50 per page."""
    user = acting_user(request)
    form = OpportunityFilterForm(request.GET or None, user=user)
    filters: dict[str, Any] = {}
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        filters = {
            "search": data["q"].strip(),
            "status": data["status"],
            "stage_id": data["stage"],
            "owner_id": data["owner"],
        }
    page = Paginator(opportunity_list(user=user, **filters), settings.KEYACT_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    filtered = any(v not in (None, "") for v in filters.values())
    return render(
        request,
        "deals/opportunity_list.html",
        {"form": form, "page": page, "filtered": filtered},
    )


def _detail_context(
    user: User, opportunity: Opportunity, move_form: MoveStageForm | None = None
) -> dict[str, Any]:
    return {
        "opportunity": opportunity,
        "history": list(stage_history(opportunity=opportunity)),
        "move_form": move_form
        or MoveStageForm(
            user=user,
            initial={"stage_id": opportunity.stage_id, "expected_version": opportunity.version},
        ),
    }


@member_view
def opportunity_detail(request: HttpRequest, opportunity_id: int) -> HttpResponse:
    """One opportunity: its fields, stage history and the timeline of its activities."""
    user = acting_user(request)
    opportunity = opportunity_get(user=user, opportunity_id=opportunity_id)
    return render(request, "deals/opportunity_detail.html", _detail_context(user, opportunity))


@require_POST
@member_view
def opportunity_move(request: HttpRequest, opportunity_id: int) -> HttpResponse:
    """Move an opportunity to a stage (a won or lost stage closes it)."""
    user = acting_user(request)
    opportunity = opportunity_get(user=user, opportunity_id=opportunity_id)
    form = MoveStageForm(request.POST, user=user)
    if form.is_valid():
        try:
            moved = opportunity_move_stage(
                actor=user,
                opportunity_id=opportunity.pk,
                stage_id=form.cleaned_data["stage_id"],
                expected_version=form.cleaned_data["expected_version"],
            )
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            messages.success(request, _("Moved to “%(stage)s”.") % {"stage": moved.stage.name})
            return redirect("deals:detail", opportunity_id=opportunity.pk)
    return render(
        request,
        "deals/opportunity_detail.html",
        _detail_context(user, opportunity, form),
        status=400,
    )


@member_view
def opportunity_create_view(request: HttpRequest) -> HttpResponse:
    """Open an opportunity, owned by the user unless someone in their team is chosen."""
    user = acting_user(request)
    initial: dict[str, Any] = {}
    customer_id = optional_id(request.GET, "customer")
    if customer_id is not None:
        initial["customer_id"] = customer_id
    form = OpportunityForm(request.POST or None, user=user, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            opportunity = opportunity_create(
                actor=user,
                name=data["name"],
                customer_id=data["customer_id"],
                stage_id=data["stage_id"],
                amount=data["amount"],
                currency=data["currency"] or None,
                owner_id=data["owner_id"],
                expected_close_date=data["expected_close_date"],
                source=data["source"],
            )
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            messages.success(
                request, _("Opportunity “%(name)s” opened.") % {"name": opportunity.name}
            )
            return redirect("deals:detail", opportunity_id=opportunity.pk)
    return render(request, "deals/opportunity_form.html", {"form": form, "opportunity": None})


@member_view
def opportunity_edit_view(request: HttpRequest, opportunity_id: int) -> HttpResponse:
    """Edit an opportunity of the user's team."""
    user = acting_user(request)
    opportunity = opportunity_get(user=user, opportunity_id=opportunity_id)
    if request.method == "POST":
        form = OpportunityForm(request.POST, user=user, editing=True)
        if form.is_valid():
            data = form.cleaned_data
            try:
                opportunity_update(
                    actor=user,
                    opportunity_id=opportunity.pk,
                    name=data["name"],
                    customer_id=data["customer_id"],
                    amount=data["amount"],
                    currency=data["currency"] or None,
                    owner_id=data["owner_id"],
                    expected_close_date=data["expected_close_date"],
                    source=data["source"],
                    expected_version=data["expected_version"],
                )
            except DomainError as exc:
                add_domain_error(form, exc)
            else:
                messages.success(request, _("Opportunity saved."))
                return redirect("deals:detail", opportunity_id=opportunity.pk)
    else:
        form = OpportunityForm(
            initial=OpportunityForm.initial_for(opportunity), user=user, editing=True
        )
    return render(
        request, "deals/opportunity_form.html", {"form": form, "opportunity": opportunity}
    )
