"""The playbook overview and the sales-mode diagnosis with its charts and questionnaire."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from keyact.core.errors import DomainError, NotFound
from keyact.core.forms import add_domain_error
from keyact.orgs.access import acting_user, admin_view, member_view
from keyact.orgs.selectors import scope_for
from keyact.playbook.catalog import processes_for_modes
from keyact.playbook.diagnosis import (
    MODES,
    Mix,
    QuestionnaireError,
    process_gaps,
    questionnaire_mix,
)
from keyact.playbook.forms import (
    PeriodForm,
    QuestionnaireForm,
    ThresholdsForm,
)
from keyact.playbook.models import VisitPlan
from keyact.playbook.selectors import (
    Diagnosis,
    diagnosis_for_user,
    process_list,
    visit_plan_list,
)
from keyact.playbook.services import (
    diagnosis_settings_update,
)
from keyact.playbook.views._common import (
    _advice_lines,
    _chinese,
    _ensure_playbook,
    _mode_labels,
)
from keyact.users.models import User


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
            "distribution": _("Won deals by amount (log scale)"),
        },
        "distribution": _distribution_chart(diagnosis),
    }


def _distribution_chart(diagnosis: Diagnosis) -> dict[str, Any] | None:
    """The amount distribution with the thresholds drawn on it (administrators only)."""
    if not diagnosis.distribution:
        return None
    return {
        "bins": [[b.low, b.high, b.deals, round(b.revenue, 2)] for b in diagnosis.distribution],
        "threshold": float(diagnosis.thresholds.large_order_amount),
        "suggested": (
            None if diagnosis.suggested_threshold is None else float(diagnosis.suggested_threshold)
        ),
        "currency": diagnosis.currency,
        "labels": {
            "deals": _("Won deals"),
            "revenue": _("Won revenue"),
            "threshold": _("Current threshold"),
            "suggested": _("Suggested threshold"),
            "amount": _("Amount"),
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
    names = {p.code: p.name for p in processes}
    labels = _mode_labels()
    gaps = [
        {
            "mode": labels[gap.mode],
            "percent": round(gap.revenue_share * 100),
            "processes": ("、" if _chinese() else ", ").join(names.get(c, c) for c in gap.missing),
        }
        for gap in process_gaps(diagnosis.mix, {p.code for p in processes if p.in_use})
    ]
    return render(
        request,
        "playbook/overview.html",
        {
            "diagnosis": diagnosis,
            "advice": _advice_lines(diagnosis.mix),
            "processes": processes,
            "suggested": suggested,
            "gaps": gaps,
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
