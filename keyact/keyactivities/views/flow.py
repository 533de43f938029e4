"""The key-activity list, the guided flow's steps, a key activity's page and its removal."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from keyact.core.errors import DomainError
from keyact.core.params import optional_id
from keyact.keyactivities.catalog import TEMPLATES
from keyact.keyactivities.forms import (
    DefineForm,
    GuideStepForm,
    OwnersForm,
    QualityForm,
    StagesForm,
    SupportersForm,
    TargetsForm,
    ToolForm,
    TrainingForm,
)
from keyact.keyactivities.models import Candidate, KeyActivity
from keyact.keyactivities.periods import period_bounds
from keyact.keyactivities.selectors import (
    budget_total,
    can_design,
    candidate_list,
    key_activity_get,
    key_activity_list,
    live_key_activities_by_candidate,
    target_list,
    targets_reconcile,
)
from keyact.keyactivities.services import (
    key_activity_create,
    key_activity_create_from_template,
    key_activity_remove,
    publish_problems,
)
from keyact.keyactivities.views._common import (
    STEPS,
    _history_rows,
    _int,
    _lang,
    _require_designer,
    _training_grid,
)
from keyact.orgs.access import acting_user, member_view
from keyact.orgs.selectors import scope_for
from keyact.users.models import User


@member_view
def index(request: HttpRequest) -> HttpResponse:
    """Key activities in the user's scope (designers) or owned (reps), with the next step."""
    user = acting_user(request)
    designer = can_design(scope_for(user))
    key_activities = list(key_activity_list(user=user))
    from_template = {
        ka.template_code: ka
        for ka in key_activities
        if ka.template_code and ka.status != KeyActivity.Status.RETIRED
    }
    return render(
        request,
        "keyactivities/index.html",
        {
            "designer": designer,
            "key_activities": key_activities,
            "proposed": candidate_list(user=user, status=Candidate.Status.PROPOSED).count()
            if designer
            else 0,
            "templates": [
                {
                    "code": t.code,
                    "name": t.name.pick(_lang()),
                    "defined_as": from_template.get(t.code),
                }
                for t in TEMPLATES.values()
            ],
        },
    )


def _defined_already(user: User, candidate_id: int | None, template: str) -> KeyActivity | None:
    """The live key activity the candidate (or, without one, the template) was defined as."""
    if candidate_id is not None:
        return live_key_activities_by_candidate(user=user, candidate_ids=[candidate_id]).get(
            candidate_id
        )
    if template:
        return (
            key_activity_list(user=user)
            .filter(template_code=template)
            .exclude(status=KeyActivity.Status.RETIRED)
            .first()
        )
    return None


@require_POST
@member_view
def start(request: HttpRequest) -> HttpResponse:
    """Start a draft from a template or from a selected candidate; then define it."""
    user = acting_user(request)
    candidate_id = optional_id(request.POST, "candidate_id")
    template = request.POST.get("template", "")
    today = timezone.localdate()
    existing = _defined_already(user, candidate_id, template)
    if existing is not None:  # a second click, or a stale page: open it instead of a twin
        messages.info(
            request, _("“%(name)s” is defined already: here it is.") % {"name": existing.name}
        )
        return redirect("keyactivities:detail", key_activity_id=existing.pk)
    try:
        if template:
            ka = key_activity_create_from_template(
                actor=user,
                valid_from=today,
                template_code=template,
                candidate_id=candidate_id,
            )
        elif candidate_id is not None:
            ka = key_activity_create(actor=user, valid_from=today, candidate_id=candidate_id)
        else:
            raise DomainError(_("Start from a template or a selected candidate."))
    except DomainError as exc:
        if exc.status_code in (403, 404):
            raise
        messages.error(request, exc.message)
        return redirect("keyactivities:index")
    messages.success(request, _("Draft created: now define it."))
    return redirect("keyactivities:step", key_activity_id=ka.pk, step="define")


def _budget_currency(ka: KeyActivity) -> str:
    """The currency of the budgeted tools (the organisation's, as tools are budgeted in it)."""
    return next((t.currency for t in ka.tools.all() if t.currency), "")


def _flow_context(
    user: User, ka: KeyActivity, step: str, bound: dict[str, Any] | None = None
) -> dict[str, Any]:
    """Everything a step shows. ``bound`` forms (a refused post, typed input and errors) take
    the place of the fresh ones read from the key activity."""
    version = {"version": ka.version}
    stage_initial: dict[str, Any] = dict(version)
    for index, stage in enumerate(ka.stages.all(), start=1):
        stage_initial.update(
            {
                f"type_{index}": stage.activity_type_id,
                f"quantity_{index}": stage.quantity,
                f"name{index}_en": stage.name_en,
                f"name{index}_zh": stage.name_zh,
            }
        )
    lead = next((o.user_id for o in ka.owners.all() if o.is_lead), None)
    today = timezone.localdate()
    this_period = period_bounds(ka.period, today)[0].isoformat()
    context = {
        "ka": ka,
        "step": step,
        "steps": [
            ("define", _("Define")),
            ("output", _("Output")),
            ("owners", _("Owners and targets")),
            ("publish", _("Publish")),
        ],
        "define_form": DefineForm(
            user=user,
            initial={
                **version,
                **{
                    f: getattr(ka, f)
                    for f in (
                        "name_en",
                        "name_zh",
                        "purpose_en",
                        "purpose_zh",
                        "aggregate",
                        "period",
                        "quantity",
                        "tracking_frequency",
                        "review_day",
                        "valid_from",
                        "valid_to",
                    )
                },
                "activity_type_ids": [t.pk for t in ka.activity_types.all()],
            },
            auto_id="define_%s",
        ),
        "stages_form": StagesForm(user=user, initial=stage_initial, auto_id="stages_%s"),
        "quality_form": QualityForm(
            key_activity=ka,
            initial={
                **version,
                "kind": ka.quality_kind,
                "min_outcome": ka.min_outcome,
                "evidence_checkin": ka.evidence_checkin,
                "evidence_max_distance_m": ka.evidence_max_distance_m,
                "evidence_photo": ka.evidence_photo,
                "evidence_confirmation": ka.evidence_confirmation,
                "rubric_criteria": "\n".join(ka.rubric_criteria),
                "rubric_threshold": ka.rubric_threshold,
                "checklist_step_ids": [s.pk for s in ka.guide_steps.all() if s.in_checklist],
            },
            auto_id="quality_%s",
        ),
        "guide_form": GuideStepForm(initial=version, auto_id="guide_%s"),
        "training_form": TrainingForm(initial=version, auto_id="training_%s"),
        "tool_form": ToolForm(initial=version, auto_id="tool_%s"),
        "owners_form": OwnersForm(
            user=user,
            initial={
                **version,
                "owner_ids": [o.user_id for o in ka.owners.all()],
                "lead_id": lead,
                "staffing_gap": ka.status == KeyActivity.Status.STAFFING_GAP,
                "staffing_note": ka.staffing_note,
            },
            auto_id="owners_%s",
        ),
        "supporters_form": SupportersForm(
            user=user,
            initial={**version, "supporter_ids": [u.pk for u in ka.supporters.all()]},
            auto_id="supporters_%s",
        ),
        # Three forms on one page: distinct ids keep every label tied to its own field.
        "targets_form": TargetsForm(
            user=user,
            key_activity=ka,
            initial={**version, "period_start": this_period},
            auto_id="generate_%s",
        ),
        "target_form": TargetsForm(
            user=user,
            key_activity=ka,
            initial={**version, "period_start": this_period},
            auto_id="target_%s",
        ),
        "team_form": TargetsForm(
            user=user,
            key_activity=ka,
            initial={**version, "period_start": this_period},
            auto_id="team_%s",
        ),
        "targets": target_list(key_activity=ka),
        "teams": targets_reconcile(key_activity=ka),
        "training_grid": _training_grid(ka),
        "budget": budget_total(key_activity=ka),
        "budget_currency": _budget_currency(ka),
        "problems": [m for _, m in publish_problems(ka)]
        if ka.status in (KeyActivity.Status.DRAFT, KeyActivity.Status.STAFFING_GAP)
        else [],
        "history": _history_rows(ka),
        "today": today,
    }
    context.update(bound or {})
    return context


def _render_step(
    request: HttpRequest,
    user: User,
    key_activity_id: int,
    step: str,
    *,
    error: str = "",
    error_field: str = "",
    status: int = 200,
    bound: dict[str, Any] | None = None,
) -> HttpResponse:
    ka = key_activity_get(user=user, key_activity_id=key_activity_id)
    context = _flow_context(user, ka, step, bound)
    context.update(error=error, error_field=error_field)
    return render(request, "keyactivities/flow.html", context, status=status)


@member_view
def step_view(request: HttpRequest, key_activity_id: int, step: str) -> HttpResponse:
    """One step of the guided flow (designers only)."""
    user = acting_user(request)
    key_activity_get(user=user, key_activity_id=key_activity_id)
    _require_designer(user)
    if step not in STEPS:
        return redirect("keyactivities:step", key_activity_id=key_activity_id, step="define")
    return _render_step(request, user, key_activity_id, step)


@member_view
def detail(request: HttpRequest, key_activity_id: int) -> HttpResponse:
    """A key activity's page: what to do, how much, how well, how often, by whom; its history."""
    user = acting_user(request)
    ka = key_activity_get(user=user, key_activity_id=key_activity_id)
    return render(
        request,
        "keyactivities/detail.html",
        {
            "ka": ka,
            "designer": can_design(scope_for(user)),
            "targets": target_list(key_activity=ka),
            "teams": targets_reconcile(key_activity=ka),
            "training_grid": _training_grid(ka),
            "budget": budget_total(key_activity=ka),
            "budget_currency": _budget_currency(ka),
            "history": _history_rows(ka),
        },
    )


@require_POST
@member_view
def remove(request: HttpRequest, key_activity_id: int) -> HttpResponse:
    """Remove a draft or a staffing gap."""
    user = acting_user(request)
    try:
        key_activity_remove(
            actor=user, key_activity_id=key_activity_id, version=_int(request.POST, "version")
        )
    except DomainError as exc:
        if exc.status_code in (403, 404):
            raise
        return _render_step(
            request, user, key_activity_id, "publish", error=exc.message, status=400
        )
    messages.success(request, _("Removed."))
    return redirect("keyactivities:index")
