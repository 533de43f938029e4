"""An opportunity's assessment page."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from keyact.core.errors import DomainError, NotFound
from keyact.core.forms import add_domain_error
from keyact.core.params import parse_id
from keyact.deals.models import Opportunity
from keyact.orgs.access import acting_user, member_view
from keyact.playbook.forms import (
    DecisionForm,
    InfluenceForm,
    RedFlagForm,
)
from keyact.playbook.selectors import (
    assessment_get,
)
from keyact.playbook.services import (
    assessment_decide,
    influence_add,
    influence_remove,
    red_flag_add,
    red_flag_remove,
    red_flag_resolve,
)
from keyact.playbook.strategic_selling import InfluenceFacts, RedFlag, derive_red_flags
from keyact.users.models import User

# The page's forms by action name (bound after a POST of that action).
Forms = dict[str, Any]


def _red_flag_text(flag: RedFlag) -> str:
    if flag.code == "no_economic_buyer":
        return _("No economic buyer identified.")
    if flag.code == "no_coach":
        return _("No coach: nobody guides us through this sale.")
    if flag.code == "not_receptive":
        return _("%(name)s is in even-keel or overconfident mode: sees no reason to change.") % {
            "name": flag.contact
        }
    return _("%(name)s is not covered: nobody of ours has met them.") % {"name": flag.contact}


def _post_influence(
    request: HttpRequest, user: User, opportunity: Opportunity, forms: Forms
) -> bool:
    form = InfluenceForm(request.POST, user=user, customer_id=opportunity.customer_id)
    forms["influence"] = form
    if not form.is_valid():
        return False
    d = form.cleaned_data
    influence_add(
        actor=user,
        opportunity_id=opportunity.pk,
        contact_id=d["contact"],
        role=d["role"],
        response_mode=d["response_mode"],
        rating=d["rating"],
        is_covered=d["is_covered"],
    )
    return True


def _post_red_flag(
    request: HttpRequest, user: User, opportunity: Opportunity, forms: Forms
) -> bool:
    form = RedFlagForm(request.POST)
    forms["red_flag"] = form
    if not form.is_valid():
        return False
    red_flag_add(actor=user, opportunity_id=opportunity.pk, text=form.cleaned_data["text"])
    return True


def _post_decision(
    request: HttpRequest, user: User, opportunity: Opportunity, forms: Forms
) -> bool:
    form = DecisionForm(request.POST)
    forms["decision"] = form
    if not form.is_valid():
        return False
    assessment_decide(actor=user, opportunity_id=opportunity.pk, **form.cleaned_data)
    messages.success(request, _("Assessment saved."))
    return True


def _post_remove_influence(
    request: HttpRequest, user: User, opportunity: Opportunity, forms: Forms
) -> bool:
    target = parse_id(request.POST.get("id"), name="id")
    influence_remove(actor=user, opportunity_id=opportunity.pk, influence_id=target)
    return True


def _post_remove_red_flag(
    request: HttpRequest, user: User, opportunity: Opportunity, forms: Forms
) -> bool:
    target = parse_id(request.POST.get("id"), name="id")
    red_flag_remove(actor=user, opportunity_id=opportunity.pk, red_flag_id=target)
    return True


def _post_resolve_red_flag(
    request: HttpRequest, user: User, opportunity: Opportunity, forms: Forms
) -> bool:
    target = parse_id(request.POST.get("id"), name="id")
    red_flag_resolve(
        actor=user,
        opportunity_id=opportunity.pk,
        red_flag_id=target,
        resolved=request.POST.get("resolved") == "1",
    )
    return True


# The page's actions: each returns True when it succeeded (then the page reloads).
_ACTIONS: dict[str, Callable[[HttpRequest, User, Opportunity, Forms], bool]] = {
    "influence": _post_influence,
    "red_flag": _post_red_flag,
    "decision": _post_decision,
    "remove_influence": _post_remove_influence,
    "remove_red_flag": _post_remove_red_flag,
    "resolve_red_flag": _post_resolve_red_flag,
}


@member_view
def assessment_view(request: HttpRequest, opportunity_id: int) -> HttpResponse:
    """The strategic-selling assessment of an opportunity: influences, red flags, decision."""
    user = acting_user(request)
    opportunity, assessment = assessment_get(user=user, opportunity_id=opportunity_id)
    influences = list(assessment.influences.all()) if assessment else []
    derived = derive_red_flags(
        InfluenceFacts(i.contact.name, i.role, i.response_mode, i.is_covered) for i in influences
    )
    forms_by_action: Forms = {
        "influence": InfluenceForm(user=user, customer_id=opportunity.customer_id),
        "red_flag": RedFlagForm(),
        "decision": DecisionForm(
            initial={
                "decision": assessment.decision if assessment else "undecided",
                "reasons": assessment.reasons if assessment else "",
                "strengths": assessment.strengths if assessment else "",
            }
        ),
    }
    status = 200
    if request.method == "POST":
        action = request.POST.get("action", "")
        handler = _ACTIONS.get(action)
        try:
            if handler is not None and handler(request, user, opportunity, forms_by_action):
                return redirect("playbook:assessment", opportunity_id=opportunity.pk)
        except NotFound:
            raise  # outside the scope: the page answers 404
        except DomainError as exc:
            form_with_error = forms_by_action.get(action)
            if form_with_error is not None:
                add_domain_error(form_with_error, exc, aliases={"contact_id": "contact"})
            else:
                messages.error(request, exc.message)
        status = 400
    return render(
        request,
        "playbook/assessment.html",
        {
            "opportunity": opportunity,
            "assessment": assessment,
            "influences": influences,
            "derived_flags": [_red_flag_text(f) for f in derived],
            "manual_flags": list(assessment.red_flags.all()) if assessment else [],
            **{f"{name}_form": form for name, form in forms_by_action.items()},
        },
        status=status,
    )
