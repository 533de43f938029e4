"""Playbook pages: overview, diagnosis with charts, processes, visit plans and assessments."""

from __future__ import annotations

import contextlib
import datetime as dt
from typing import Any

from django.contrib import messages
from django.db import IntegrityError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from keyact.core.errors import DomainError, NotFound
from keyact.core.forms import add_domain_error
from keyact.orgs.selectors import organization_get, scope_for
from keyact.playbook.catalog import PROCESSES, processes_for_modes
from keyact.playbook.diagnosis import (
    MODES,
    Mix,
    QuestionnaireError,
    advice_for,
    questionnaire_mix,
)
from keyact.playbook.forms import (
    DecisionForm,
    InfluenceForm,
    MapActivityTypeForm,
    NamesForm,
    PeriodForm,
    QuestionnaireForm,
    RedFlagForm,
    StepActivityForm,
    StepForm,
    ThresholdsForm,
    VisitPlanForm,
    VisitResultForm,
)
from keyact.playbook.models import Process, SalesMode, VisitPlan
from keyact.playbook.selectors import (
    Diagnosis,
    assessment_get,
    diagnosis_for_user,
    large_open_opportunities,
    process_get,
    process_list,
    visit_plan_get,
    visit_plan_list,
)
from keyact.playbook.services import (
    assessment_decide,
    diagnosis_settings_update,
    influence_add,
    influence_remove,
    playbook_install,
    process_update,
    processes_set_in_use,
    red_flag_add,
    red_flag_remove,
    step_activity_create,
    step_activity_update,
    step_create,
    step_move,
    step_update,
    visit_plan_cancel,
    visit_plan_create,
    visit_plan_record,
)
from keyact.playbook.strategic_selling import InfluenceFacts, RedFlag, derive_red_flags
from keyact.users.access import acting_user, admin_view, member_view
from keyact.users.models import User

VISITS_LISTED = 100


def _chinese() -> bool:
    return (get_language() or "").startswith("zh")


def _mode_labels() -> dict[str, str]:
    return {mode: str(SalesMode(mode).label) for mode in MODES}


def _ensure_playbook(user: User) -> None:
    """The first visit of anyone in an organisation installs its playbook (idempotent)."""
    scope = scope_for(user)
    if not Process.objects.filter(organization_id=scope.organization_id).exists():
        # A concurrent first visit may install it meanwhile: the unique codes refuse the copy.
        with contextlib.suppress(IntegrityError):
            playbook_install(organization=organization_get(user=user))


def _advice_lines(mix: Mix) -> list[dict[str, Any]]:
    """Plain-language statements for the dominant modes (METHOD.md §4 table)."""
    labels = _mode_labels()
    zh = _chinese()
    lines = []
    for advice in advice_for(mix.dominant):
        share = mix.modes[advice.mode].revenue_share if mix.deals else 1.0
        lines.append(
            {
                "mode": advice.mode,
                "label": labels[advice.mode],
                "share": share,
                "percent": round(share * 100),
                "processes": "、".join(advice.processes_zh)
                if zh
                else ", ".join(advice.processes_en),
                "focus": advice.focus_zh if zh else advice.focus_en,
            }
        )
    return lines


def _mix_rows(mix: Mix) -> list[dict[str, Any]]:
    labels = _mode_labels()
    return [
        {
            "mode": mode,
            "label": labels[mode],
            "deals": share.deals,
            "revenue": share.revenue,
            "revenue_share": share.revenue_share,
            "count_share": share.count_share,
        }
        for mode, share in mix.modes.items()
    ]


def _chart_data(diagnosis: Diagnosis) -> dict[str, Any]:
    labels = _mode_labels()
    return {
        "modes": [labels[m] for m in MODES],
        "revenue": [float(diagnosis.mix.modes[m].revenue) for m in MODES],
        "count": [diagnosis.mix.modes[m].deals for m in MODES],
        "quarters": [s.label for s in diagnosis.by_quarter],
        "trend": [
            [round(s.mix.modes[m].revenue_share * 100, 1) for s in diagnosis.by_quarter]
            for m in MODES
        ],
        "titles": {
            "revenue": _("Won revenue by sales mode"),
            "count": _("Won deals by sales mode"),
            "trend": _("Share of won revenue by quarter (%)"),
        },
    }


def _diagnosis_context(
    request: HttpRequest,
    user: User,
    period: PeriodForm,
    thresholds_form: ThresholdsForm | None = None,
    questionnaire: QuestionnaireForm | None = None,
    questionnaire_result: Mix | None = None,
) -> dict[str, Any]:
    scope = scope_for(user)
    dates: dict[str, Any] = {}
    if period.is_bound and period.is_valid():
        dates = {
            "date_from": period.cleaned_data["date_from"],
            "date_to": period.cleaned_data["date_to"],
        }
    diagnosis = diagnosis_for_user(user=user, **dates)
    t = diagnosis.thresholds
    return {
        "diagnosis": diagnosis,
        "period": period,
        "rows": _mix_rows(diagnosis.mix),
        "open_rows": _mix_rows(diagnosis.open_mix),
        "advice": _advice_lines(diagnosis.mix),
        "chart": _chart_data(diagnosis),
        "modes": MODES,
        "mode_labels": _mode_labels(),
        "is_admin": scope.is_admin,
        "thresholds_form": thresholds_form
        or ThresholdsForm(
            initial={
                "large_order_amount": t.large_order_amount,
                "large_customer_employees": t.large_customer_employees,
                "large_customer_revenue": t.large_customer_revenue,
                "dominant_share": t.dominant_share,
            }
        ),
        "questionnaire": questionnaire or QuestionnaireForm(),
        "questionnaire_result": questionnaire_result,
        "questionnaire_advice": (
            _advice_lines(questionnaire_result) if questionnaire_result is not None else []
        ),
        "reason_labels": {
            "missing_amount": _("no amount"),
            "missing_customer": _("no customer"),
            "missing_closed_date": _("no closed date"),
            "other_currency": _("another currency"),
        },
    }


@member_view
def overview(request: HttpRequest) -> HttpResponse:
    """The playbook's front page: where the organisation stands and the processes that fit."""
    user = acting_user(request)
    _ensure_playbook(user)
    diagnosis = diagnosis_for_user(user=user)
    processes = list(process_list(user=user))
    suggested = set(processes_for_modes(diagnosis.mix.dominant))
    return render(
        request,
        "playbook/overview.html",
        {
            "diagnosis": diagnosis,
            "advice": _advice_lines(diagnosis.mix),
            "processes": processes,
            "suggested": suggested,
            "any_in_use": any(p.in_use for p in processes),
            "is_admin": scope_for(user).is_admin,
            "visits": list(visit_plan_list(user=user, status=VisitPlan.Status.PLANNED)[:5]),
        },
    )


@member_view
def diagnosis_view(request: HttpRequest) -> HttpResponse:
    """The sales-mode diagnosis of the user's scope: charts, tables, thresholds, questionnaire."""
    user = acting_user(request)
    period = PeriodForm(request.GET or None)
    return render(request, "playbook/diagnosis.html", _diagnosis_context(request, user, period))


@require_POST
@admin_view
def thresholds_update(request: HttpRequest) -> HttpResponse:
    """Save the organisation's thresholds (admins); errors are shown on the form."""
    user = acting_user(request)
    form = ThresholdsForm(request.POST)
    if form.is_valid():
        try:
            diagnosis_settings_update(actor=user, **form.cleaned_data)
        except NotFound:
            raise  # outside the scope: the page answers 404
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            messages.success(request, _("Thresholds saved."))
            return redirect("playbook:diagnosis")
    context = _diagnosis_context(request, user, PeriodForm(), thresholds_form=form)
    return render(request, "playbook/diagnosis.html", context, status=400)


@require_POST
@member_view
def questionnaire_view(request: HttpRequest) -> HttpResponse:
    """The sales mode from the three questions (for organisations without history)."""
    user = acting_user(request)
    form = QuestionnaireForm(request.POST)
    result = None
    status = 200
    if form.is_valid():
        try:
            result = questionnaire_mix(form.cleaned_data)
        except QuestionnaireError as exc:
            for field in exc.fields:
                form.add_error(field, _("Please answer this question."))
            status = 400
    context = _diagnosis_context(
        request, user, PeriodForm(), questionnaire=form, questionnaire_result=result
    )
    return render(request, "playbook/diagnosis.html", context, status=status)


@member_view
def process_detail(request: HttpRequest, process_id: int) -> HttpResponse:
    """One process: its steps, what each is for, the activities and the methodology."""
    user = acting_user(request)
    _ensure_playbook(user)
    process = process_get(user=user, process_id=process_id)
    catalog = next((p for p in PROCESSES if p.code == process.code), None)
    labels = _mode_labels()
    return render(
        request,
        "playbook/process.html",
        {
            "process": process,
            "steps": list(process.steps.all()),
            "fits": [labels[m] for m in catalog.modes] if catalog else [],
            "is_admin": scope_for(user).is_admin,
            "names_form": NamesForm(
                initial={
                    "name_en": process.name_en,
                    "name_zh": process.name_zh,
                    "description_en": process.description_en,
                    "description_zh": process.description_zh,
                }
            ),
            "step_form": StepForm(),
            "activity_form": StepActivityForm(user=user),
            "map_form": MapActivityTypeForm(user=user),
            "large_deals": (
                large_open_opportunities(user=user) if process.code == "strategic_selling" else []
            ),
        },
    )


def _back_to_process(process_id: int) -> HttpResponse:
    return redirect("playbook:process", process_id=process_id)


@require_POST
@admin_view
def process_edit(request: HttpRequest, process_id: int) -> HttpResponse:
    """Rename or describe a process (admins)."""
    user = acting_user(request)
    form = NamesForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Both names are required."))
        return _back_to_process(process_id)
    try:
        process_update(actor=user, process_id=process_id, **form.cleaned_data)
        messages.success(request, _("Process saved."))
    except NotFound:
        raise  # outside the scope: the page answers 404
    except DomainError as exc:
        messages.error(request, exc.message)
    return _back_to_process(process_id)


@require_POST
@admin_view
def processes_in_use(request: HttpRequest) -> HttpResponse:
    """Mark the processes the organisation uses (admins)."""
    user = acting_user(request)
    try:
        ids = [int(v) for v in request.POST.getlist("process")]
        processes_set_in_use(actor=user, process_ids=ids)
        messages.success(request, _("Processes in use saved."))
    except ValueError:
        messages.error(request, _("Choose processes from the list."))
    except NotFound:
        raise  # outside the scope: the page answers 404
    except DomainError as exc:
        messages.error(request, exc.message)
    return redirect("playbook:overview")


@require_POST
@admin_view
def step_add(request: HttpRequest, process_id: int) -> HttpResponse:
    """Add an industry-specific step to a process (admins)."""
    user = acting_user(request)
    form = StepForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Both names are required."))
        return _back_to_process(process_id)
    try:
        step_create(actor=user, process_id=process_id, **form.cleaned_data)
        messages.success(request, _("Step added."))
    except NotFound:
        raise  # outside the scope: the page answers 404
    except DomainError as exc:
        messages.error(request, exc.message)
    return _back_to_process(process_id)


@require_POST
@admin_view
def step_edit(request: HttpRequest, process_id: int, step_id: int) -> HttpResponse:
    """Rename or describe a step, or mark it critical (admins)."""
    user = acting_user(request)
    form = StepForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Both names are required."))
        return _back_to_process(process_id)
    try:
        step_update(actor=user, step_id=step_id, process_id=process_id, **form.cleaned_data)
        messages.success(request, _("Step saved."))
    except NotFound:
        raise  # outside the scope: the page answers 404
    except DomainError as exc:
        messages.error(request, exc.message)
    return _back_to_process(process_id)


@require_POST
@admin_view
def step_reorder(request: HttpRequest, process_id: int, step_id: int) -> HttpResponse:
    """Move a step up or down inside its process (admins)."""
    user = acting_user(request)
    try:
        step_move(actor=user, step_id=step_id, direction=request.POST.get("direction", ""))
    except NotFound:
        raise  # outside the scope: the page answers 404
    except DomainError as exc:
        messages.error(request, exc.message)
    return _back_to_process(process_id)


@require_POST
@admin_view
def step_activity_add(request: HttpRequest, process_id: int, step_id: int) -> HttpResponse:
    """Add an activity to a step, optionally mapped to an activity type (admins)."""
    user = acting_user(request)
    form = StepActivityForm(request.POST, user=user)
    if not form.is_valid():
        messages.error(request, _("Both names are required."))
        return _back_to_process(process_id)
    data = form.cleaned_data
    try:
        step_activity_create(
            actor=user,
            step_id=step_id,
            name_en=data["name_en"],
            name_zh=data["name_zh"],
            activity_type_id=data["activity_type"],
        )
        messages.success(request, _("Activity added."))
    except NotFound:
        raise  # outside the scope: the page answers 404
    except DomainError as exc:
        messages.error(request, exc.message)
    return _back_to_process(process_id)


@require_POST
@admin_view
def step_activity_map(request: HttpRequest, process_id: int, item_id: int) -> HttpResponse:
    """Rename a step activity and map it to one of the organisation's activity types (admins).

    Names left empty keep their current value."""
    user = acting_user(request)
    form = MapActivityTypeForm(request.POST, user=user)
    if not form.is_valid():
        messages.error(request, _("Choose an activity type from the list."))
        return _back_to_process(process_id)
    type_id = form.cleaned_data["activity_type"]
    try:
        step_activity_update(
            actor=user,
            step_activity_id=item_id,
            name_en=form.cleaned_data["name_en"] or None,
            name_zh=form.cleaned_data["name_zh"] or None,
            activity_type_id=type_id,
            clear_activity_type=type_id is None,
        )
        messages.success(request, _("Mapping saved."))
    except NotFound:
        raise  # outside the scope: the page answers 404
    except DomainError as exc:
        messages.error(request, exc.message)
    return _back_to_process(process_id)


# --- visit plans -------------------------------------------------------------------------------


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
    if request.GET.get("customer", "").isdigit():
        initial["customer"] = int(request.GET["customer"])
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


# --- opportunity assessment --------------------------------------------------------------------


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
                target = int(request.POST.get("id", "0") or 0)
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
