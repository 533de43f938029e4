"""Logging an activity from a customer's or an opportunity's page, and the "load more" slices
of their timelines."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from keyact.activities.forms import QuickLogForm
from keyact.activities.selectors import activity_timeline_page
from keyact.activities.services import activity_create
from keyact.core.errors import DomainError
from keyact.core.forms import add_domain_error
from keyact.core.params import optional_id
from keyact.core.redirects import next_url
from keyact.customers.selectors import customer_get
from keyact.deals.selectors import opportunity_get
from keyact.orgs.access import acting_user, member_view
from keyact.users.models import User

NAV_SECTION_OF_KIND = {"opportunity": "deals", "customer": "customers", "": "home"}


def _subject(
    user: User, customer_id: int | None, opportunity_id: int | None
) -> tuple[str, str, str, str]:
    """What the activity is about: the picker's label, the record's name, its page, and its
    kind (customer or opportunity)."""
    if opportunity_id is not None:
        opportunity = opportunity_get(user=user, opportunity_id=opportunity_id)
        label = (
            f"{opportunity.name} · {opportunity.customer}"
            if opportunity.customer
            else opportunity.name
        )
        page = reverse("deals:detail", args=[opportunity.pk])
        return label, opportunity.name, page, "opportunity"
    if customer_id is not None:
        customer = customer_get(user=user, customer_id=customer_id)
        page = reverse("customers:detail", args=[customer.pk])
        return customer.name, customer.name, page, "customer"
    return "", "", reverse("my_day"), ""


@member_view
def activity_log(request: HttpRequest) -> HttpResponse:
    """Log a done activity pre-filled with the customer or the opportunity it comes from
    (``?customer=`` / ``?opportunity=``), through the activities service; back to that page."""
    user = acting_user(request)
    if request.method == "POST":
        form = QuickLogForm(request.POST, user=user)
        valid = form.is_valid()
        data = form.cleaned_data
        customer_id, opportunity_id = data.get("customer_id"), data.get("opportunity_id")
    else:
        opportunity_id = optional_id(request.GET, "opportunity")
        customer_id = optional_id(request.GET, "customer")
        if opportunity_id is not None:
            customer_id = opportunity_get(user=user, opportunity_id=opportunity_id).customer_id
        form = QuickLogForm(
            user=user, initial={"customer_id": customer_id, "opportunity_id": opportunity_id}
        )
        valid = False
    try:
        picked, name, back, kind = _subject(user, customer_id, opportunity_id)
    except DomainError:
        if not form.is_bound:
            raise  # a link to a record outside the scope: 404
        # The service will refuse it at the field.
        picked, name, back, kind = "", "", reverse("my_day"), ""
    if valid:
        try:
            activity = activity_create(
                actor=user,
                type_id=data["type_id"],
                customer_id=customer_id,
                opportunity_id=opportunity_id,
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
            messages.success(request, _("Logged: %(type)s") % {"type": activity.type.name})
            return redirect(next_url(request, back))
    context: dict[str, Any] = {
        "quick": form,
        "picked": picked,
        "name": name,
        "back": next_url(request, back),
        "kind": kind,
        # Highlight the section the rep came from, not "Activities".
        "nav_section": NAV_SECTION_OF_KIND[kind],
    }
    return render(
        request,
        "activities/activity_log.html",
        context,
        status=400 if form.is_bound and form.errors else 200,
    )


@member_view
def activity_timeline_more(request: HttpRequest) -> HttpResponse:
    """The next slice of a customer's or an opportunity's timeline (htmx "load more")."""
    user = acting_user(request)
    customer_id = optional_id(request.GET, "customer")
    opportunity_id = optional_id(request.GET, "opportunity")
    if (customer_id is None) == (opportunity_id is None):
        raise Http404
    if customer_id is not None:
        customer_get(user=user, customer_id=customer_id)
    else:
        assert opportunity_id is not None
        opportunity_get(user=user, opportunity_id=opportunity_id)
    timeline = activity_timeline_page(
        user=user,
        customer_id=customer_id,
        opportunity_id=opportunity_id,
        cursor=request.GET.get("cursor", "")[:40],
    )
    return render(
        request,
        "activities/_timeline.html",
        {
            "timeline": timeline,
            "timeline_for": "customer" if customer_id is not None else "opportunity",
            "timeline_id": customer_id if customer_id is not None else opportunity_id,
        },
    )
