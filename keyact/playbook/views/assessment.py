"""An opportunity's assessment page."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from keyact.core.errors import DomainError, NotFound
from keyact.core.forms import add_domain_error
from keyact.core.params import parse_id
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
)
from keyact.playbook.strategic_selling import InfluenceFacts, RedFlag, derive_red_flags


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


@member_view
def assessment_view(request: HttpRequest, opportunity_id: int) -> HttpResponse:
    """The strategic-selling assessment of an opportunity: influences, red flags, decision."""
    user = acting_user(request)
    opportunity, assessment = assessment_get(user=user, opportunity_id=opportunity_id)
    influences = list(assessment.influences.all()) if assessment else []
    derived = derive_red_flags(
        InfluenceFacts(i.contact.name, i.role, i.response_mode, i.is_covered) for i in influences
    )
    forms_by_action: dict[str, Any] = {
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
        try:
            if action == "influence":
                form = InfluenceForm(request.POST, user=user, customer_id=opportunity.customer_id)
                forms_by_action["influence"] = form
                if form.is_valid():
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
                    return redirect("playbook:assessment", opportunity_id=opportunity.pk)
            elif action == "red_flag":
                flag_form = RedFlagForm(request.POST)
                forms_by_action["red_flag"] = flag_form
                if flag_form.is_valid():
                    red_flag_add(
                        actor=user,
                        opportunity_id=opportunity.pk,
                        text=flag_form.cleaned_data["text"],
                    )
                    return redirect("playbook:assessment", opportunity_id=opportunity.pk)
            elif action == "decision":
                decision_form = DecisionForm(request.POST)
                forms_by_action["decision"] = decision_form
                if decision_form.is_valid():
                    assessment_decide(
                        actor=user, opportunity_id=opportunity.pk, **decision_form.cleaned_data
                    )
                    messages.success(request, _("Assessment saved."))
                    return redirect("playbook:assessment", opportunity_id=opportunity.pk)
            elif action in ("remove_influence", "remove_red_flag"):
                target = parse_id(request.POST.get("id"), name="id")
                if action == "remove_influence":
                    influence_remove(actor=user, opportunity_id=opportunity.pk, influence_id=target)
                else:
                    red_flag_remove(actor=user, opportunity_id=opportunity.pk, red_flag_id=target)
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
