"""Key-activity pages: candidates through four lenses, the guided flow (define → output →
owners and targets → publish), a key activity's page with its history, and the owner's view."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import FieldDoesNotExist
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from keyact.core.errors import DomainError, PermissionDenied
from keyact.core.htmx import is_htmx, with_toast
from keyact.keyactivities.catalog import INSPIRATIONS, LENS_EXPLANATIONS, TEMPLATES
from keyact.keyactivities.forms import (
    CandidateForm,
    DecisionForm,
    DefineForm,
    GuideStepForm,
    OwnersForm,
    QualityForm,
    StaffingGapForm,
    StagesForm,
    SupportersForm,
    TargetsForm,
    ToolForm,
    TrainingForm,
)
from keyact.keyactivities.models import Candidate, KeyActivity, Lens
from keyact.keyactivities.selectors import (
    budget_total,
    can_design,
    candidate_comparison,
    candidate_get,
    candidate_list,
    key_activities_for_owner,
    key_activity_get,
    key_activity_history,
    key_activity_list,
    target_list,
    targets_reconcile,
    training_status,
)
from keyact.keyactivities.services import (
    OwnerSpec,
    StageSpec,
    candidate_create,
    candidate_decide,
    candidate_from_inspiration,
    candidates_suggest_key_steps,
    guide_step_add,
    guide_step_move,
    guide_step_remove,
    key_activity_create,
    key_activity_create_from_template,
    key_activity_mark_staffing_gap,
    key_activity_publish,
    key_activity_remove,
    key_activity_retire,
    key_activity_set_quality,
    key_activity_set_stages,
    key_activity_update,
    owners_set,
    publish_problems,
    target_set,
    targets_generate,
    team_target_set,
    tool_add,
    tool_remove,
    training_complete,
    training_item_add,
)
from keyact.orgs.selectors import scope_for
from keyact.users.access import acting_user, member_view
from keyact.users.models import User

STEPS = ("define", "output", "owners", "publish")

ACTION_LABELS = {
    "created": gettext_lazy("Created"),
    "updated": gettext_lazy("Definition changed"),
    "template": gettext_lazy("Filled from the template"),
    "stages": gettext_lazy("Staged standard changed"),
    "quality": gettext_lazy("Quality standard changed"),
    "guide": gettext_lazy("Operating guide changed"),
    "training": gettext_lazy("Training changed"),
    "tools": gettext_lazy("Tools changed"),
    "owners": gettext_lazy("Owners changed"),
    "staffing_gap": gettext_lazy("Marked as a staffing gap"),
    "targets": gettext_lazy("Targets changed"),
    "published": gettext_lazy("Published"),
    "retired": gettext_lazy("Retired"),
}
EXTRA_FIELD_LABELS = {
    "activity_type_ids": gettext_lazy("activity types that count"),
    "supporter_ids": gettext_lazy("supporters"),
    "checklist_step_ids": gettext_lazy("guide steps the checklist requires"),
    "stages": gettext_lazy("stages"),
    "owners": gettext_lazy("owners"),
    "guide_steps": gettext_lazy("guide steps"),
    "template_code": gettext_lazy("template"),
}


def _names(user_ids: set[int]) -> dict[int, str]:
    return {u.pk: u.label for u in User.objects.filter(pk__in=user_ids)}


def _history_rows(ka: KeyActivity) -> list[dict[str, Any]]:
    """The version history with readable labels: people by name, targets by owner and period."""
    history = list(key_activity_history(key_activity=ka))
    people: set[int] = set()
    for change in history:
        for field, pair in change.changes.items():
            if field == "owners":
                people.update(pk for side in pair if side for pk, _lead in side)
            elif field.startswith(("target.", "training_completed.")):
                people.add(int(field.rsplit(".", 1)[1]))
    names = _names(people)

    def owners(side: Any) -> str:
        if not side:
            return "—"
        return ", ".join(names.get(pk, str(pk)) + (" ★" if lead else "") for pk, lead in side)

    rows = []
    for change in history:
        lines: list[tuple[str, Any, Any]] = []
        for field, (before, after) in change.changes.items():
            if field == "owners":
                lines.append((str(EXTRA_FIELD_LABELS["owners"]), owners(before), owners(after)))
                continue
            if field.startswith("target."):
                _t, period, owner = field.split(".")
                label = f"{_('target')} · {names.get(int(owner), owner)} · {period}"
            elif field.startswith("team_target."):
                label = f"{_('team target')} · {field.split('.')[1]}"
            elif field in EXTRA_FIELD_LABELS:
                label = str(EXTRA_FIELD_LABELS[field])
            else:
                try:
                    model_field = KeyActivity._meta.get_field(field)
                except FieldDoesNotExist:  # guide, tool and training entries
                    model_field = None
                verbose = getattr(model_field, "verbose_name", None)
                label = str(verbose) if verbose else field.replace("_", " ")
                choices = dict(getattr(model_field, "flatchoices", None) or [])
                if choices:
                    before = choices.get(before, before)
                    after = choices.get(after, after)
            lines.append((label, before, after))
        rows.append(
            {
                "version": change.version,
                "changed_at": change.changed_at,
                "changed_by": change.changed_by,
                "action": ACTION_LABELS.get(change.action, change.action),
                "lines": lines,
            }
        )
    return rows


def _require_designer(user: User) -> None:
    if not can_design(scope_for(user)):
        raise PermissionDenied(_("Only managers and administrators design key activities."))


@member_view
def index(request: HttpRequest) -> HttpResponse:
    """Key activities in the user's scope (designers) or owned (reps), with the next step."""
    user = acting_user(request)
    designer = can_design(scope_for(user))
    return render(
        request,
        "keyactivities/index.html",
        {
            "designer": designer,
            "key_activities": list(key_activity_list(user=user)),
            "mine": key_activities_for_owner(user=user),
            "proposed": candidate_list(user=user, status=Candidate.Status.PROPOSED).count()
            if designer
            else 0,
            "templates": [
                {"code": t.code, "name": t.name.pick(_lang())} for t in TEMPLATES.values()
            ],
        },
    )


def _lang() -> str:
    return get_language() or "en"


@member_view
def candidates(request: HttpRequest) -> HttpResponse:
    """The four lenses with their candidates, suggestions from key steps and inspirations."""
    user = acting_user(request)
    _require_designer(user)
    return _render_candidates(request, user)


def _render_candidates(
    request: HttpRequest,
    user: User,
    *,
    form: CandidateForm | None = None,
    error: str = "",
    status: int = 200,
) -> HttpResponse:
    rows = list(candidate_list(user=user))
    lens_open = request.GET.get("lens") or (form["lens"].value() if form else "") or "key_steps"
    lenses = [
        {
            "code": code,
            "label": label,
            "explanation": LENS_EXPLANATIONS[code].pick(_lang()),
            "candidates": [c for c in rows if c.lens == code],
            "form": form
            if form is not None and form["lens"].value() == code
            else CandidateForm(user=user, initial={"lens": code}, auto_id=f"{code}_%s"),
        }
        for code, label in Lens.choices
    ]
    return render(
        request,
        "keyactivities/candidates.html",
        {
            "lenses": lenses,
            "lens_open": lens_open,
            "selected": [c for c in rows if c.status == Candidate.Status.SELECTED],
            "inspirations": [
                {
                    "code": i.code,
                    "title": i.title.pick(_lang()),
                    "rationale": i.rationale.pick(_lang()),
                }
                for i in INSPIRATIONS
            ],
            "error": error,
        },
        status=status,
    )


@require_POST
@member_view
def candidate_new(request: HttpRequest) -> HttpResponse:
    """Record a candidate under one lens."""
    user = acting_user(request)
    form = CandidateForm(request.POST, user=user)
    if form.is_valid():
        try:
            candidate = candidate_create(actor=user, **form.cleaned_data)
        except DomainError as exc:
            return _render_candidates(request, user, form=form, error=exc.message, status=400)
        messages.success(request, _("Candidate added: %(title)s") % {"title": candidate.title})
        return redirect(f"{reverse('keyactivities:candidates')}?lens={candidate.lens}")
    return _render_candidates(
        request, user, form=form, error=_("Check the highlighted fields."), status=400
    )


@require_POST
@member_view
def candidate_suggest(request: HttpRequest) -> HttpResponse:
    """Suggest candidates from the critical steps of the processes in use."""
    added = candidates_suggest_key_steps(actor=acting_user(request))
    if added:
        messages.success(
            request, _("%(n)d candidates suggested from key steps.") % {"n": len(added)}
        )
    else:
        messages.info(
            request,
            _(
                "Nothing new to suggest: every critical step of the processes you use is "
                "already a candidate (mark the processes you use in the playbook)."
            ),
        )
    return redirect(f"{reverse('keyactivities:candidates')}?lens=key_steps")


@require_POST
@member_view
def candidate_inspire(request: HttpRequest) -> HttpResponse:
    """Start an innovation candidate from an inspiration of the article."""
    user = acting_user(request)
    candidate_from_inspiration(actor=user, code=request.POST.get("code", ""), language=_lang())
    messages.success(request, _("Inspiration added as a candidate: adjust it to your customers."))
    return redirect(f"{reverse('keyactivities:candidates')}?lens=innovation")


@require_POST
@member_view
def candidate_decide_view(request: HttpRequest, candidate_id: int) -> HttpResponse:
    """Select a candidate or leave it unselected with the reason. With htmx only the card (and
    the list of selected candidates) is swapped; a refusal shows on the card."""
    user = acting_user(request)
    form = DecisionForm(request.POST)
    error = ""
    candidate: Candidate | None = None
    if not form.is_valid():
        error = _("Choose a decision.")
    else:
        try:
            candidate = candidate_decide(actor=user, candidate_id=candidate_id, **form.cleaned_data)
        except DomainError as exc:
            if exc.status_code in (403, 404):
                raise
            error = exc.message
    if is_htmx(request):
        context = {
            "c": candidate or candidate_get(user=user, candidate_id=candidate_id),
            "card_error": error,
            "selected": list(candidate_list(user=user, status=Candidate.Status.SELECTED)),
            "oob": True,
        }
        card = render_to_string("keyactivities/candidates.html#candidate_card", context, request)
        selected = render_to_string("keyactivities/candidates.html#selected_list", context, request)
        response = HttpResponse(card + selected)
        return with_toast(response, _decision_message(candidate)) if candidate else response
    if candidate is None:
        return _render_candidates(request, user, error=error, status=400)
    messages.success(request, _decision_message(candidate))
    return redirect(f"{reverse('keyactivities:candidates')}?lens={candidate.lens}")


def _decision_message(candidate: Candidate) -> str:
    if candidate.status == Candidate.Status.SELECTED:
        return _("Selected: %(title)s") % {"title": candidate.title}
    return _("Not selected, reason kept: %(title)s") % {"title": candidate.title}


@member_view
def candidate_compare(request: HttpRequest) -> HttpResponse:
    """Candidates side by side, largest estimated impact first."""
    user = acting_user(request)
    _require_designer(user)
    ids = [int(i) for i in request.GET.getlist("ids") if i.isdigit()][:50]
    return render(
        request,
        "keyactivities/compare.html",
        {"rows": candidate_comparison(user=user, candidate_ids=ids)},
    )


@require_POST
@member_view
def start(request: HttpRequest) -> HttpResponse:
    """Start a draft from a template or from a selected candidate; then define it."""
    user = acting_user(request)
    candidate_id = request.POST.get("candidate_id", "")
    template = request.POST.get("template", "")
    today = timezone.localdate()
    try:
        if template:
            ka = key_activity_create_from_template(
                actor=user,
                valid_from=today,
                template_code=template,
                candidate_id=int(candidate_id) if candidate_id.isdigit() else None,
            )
        elif candidate_id.isdigit():
            ka = key_activity_create(actor=user, valid_from=today, candidate_id=int(candidate_id))
        else:
            raise DomainError(_("Start from a template or a selected candidate."))
    except DomainError as exc:
        if exc.status_code in (403, 404):
            raise
        messages.error(request, exc.message)
        return redirect("keyactivities:index")
    messages.success(request, _("Draft created: now define it."))
    return redirect("keyactivities:step", key_activity_id=ka.pk, step="define")


def _training_grid(ka: KeyActivity) -> list[dict[str, Any]]:
    """Owners by training items with the completion date (or None)."""
    done = training_status(key_activity=ka)
    items = list(ka.training_items.all())
    return [
        {
            "owner": o.user,
            "cells": [{"item": i, "date": done.get(i.pk, {}).get(o.user_id)} for i in items],
        }
        for o in ka.owners.all()
    ]


def _flow_context(user: User, ka: KeyActivity, step: str) -> dict[str, Any]:
    version = {"version": ka.version}
    stage_initial: dict[str, Any] = dict(version)
    for index, stage in enumerate(ka.stages.all(), start=1):
        stage_initial.update(
            {
                f"type_{index}": stage.activity_type_id,
                f"quantity_{index}": stage.quantity,
                f"name_en_{index}": stage.name_en,
                f"name_zh_{index}": stage.name_zh,
            }
        )
    lead = next((o.user_id for o in ka.owners.all() if o.is_lead), None)
    today = timezone.localdate()
    return {
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
            },
            auto_id="owners_%s",
        ),
        "gap_form": StaffingGapForm(initial=version, auto_id="gap_%s"),
        "supporters_form": SupportersForm(
            user=user,
            initial={**version, "supporter_ids": [u.pk for u in ka.supporters.all()]},
            auto_id="supporters_%s",
        ),
        # Three forms on one page: distinct ids keep every label tied to its own field.
        "targets_form": TargetsForm(
            user=user,
            key_activity=ka,
            initial={**version, "period_start": today},
            auto_id="generate_%s",
        ),
        "target_form": TargetsForm(
            user=user,
            key_activity=ka,
            initial={**version, "period_start": today},
            auto_id="target_%s",
        ),
        "team_form": TargetsForm(
            user=user,
            key_activity=ka,
            initial={**version, "period_start": today},
            auto_id="team_%s",
        ),
        "targets": target_list(key_activity=ka),
        "teams": targets_reconcile(key_activity=ka),
        "training_grid": _training_grid(ka),
        "budget": budget_total(key_activity=ka),
        "problems": [m for _, m in publish_problems(ka)]
        if ka.status in (KeyActivity.Status.DRAFT, KeyActivity.Status.STAFFING_GAP)
        else [],
        "history": _history_rows(ka),
        "today": today,
    }


def _render_step(
    request: HttpRequest,
    user: User,
    key_activity_id: int,
    step: str,
    *,
    error: str = "",
    error_field: str = "",
    status: int = 200,
) -> HttpResponse:
    ka = key_activity_get(user=user, key_activity_id=key_activity_id)
    context = _flow_context(user, ka, step)
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
    mine = next(
        (row for row in key_activities_for_owner(user=user) if row.key_activity.pk == ka.pk), None
    )
    return render(
        request,
        "keyactivities/detail.html",
        {
            "ka": ka,
            "designer": can_design(scope_for(user)),
            "mine": mine,
            "targets": target_list(key_activity=ka),
            "teams": targets_reconcile(key_activity=ka),
            "training_grid": _training_grid(ka),
            "budget": budget_total(key_activity=ka),
            "history": _history_rows(ka),
        },
    )


# --- actions -----------------------------------------------------------------------------

Handler = Callable[[User, KeyActivity, HttpRequest], tuple[str, str]]


def _valid(form: forms.Form) -> dict[str, Any]:
    if not form.is_valid():
        field, errors = next(iter(form.errors.items()))
        label = form.fields[field].label if field in form.fields else ""
        raise DomainError(f"{label}: {errors[0]}" if label else str(errors[0]), field=field)
    return dict(form.cleaned_data)


def _define(user: User, ka: KeyActivity, request: HttpRequest) -> tuple[str, str]:
    post = request.POST
    data = _valid(DefineForm(post, user=user))
    version = data.pop("version")
    type_ids = data.pop("activity_type_ids")
    key_activity_update(
        actor=user, key_activity_id=ka.pk, version=version, activity_type_ids=type_ids, **data
    )
    return "define", _("Definition saved.")


def _stages(user: User, ka: KeyActivity, request: HttpRequest) -> tuple[str, str]:
    post = request.POST
    form = StagesForm(post, user=user)
    data = _valid(form)
    specs = [
        StageSpec(
            activity_type_id=data[f"type_{row}"],
            quantity=data[f"quantity_{row}"] or 0,
            name_en=data[f"name_en_{row}"],
            name_zh=data[f"name_zh_{row}"],
        )
        for row in range(1, StagesForm.ROWS + 1)
        if data[f"type_{row}"] is not None
    ]
    key_activity_set_stages(
        actor=user, key_activity_id=ka.pk, version=data["version"], stages=specs
    )
    return "define", _("Staged standard saved.")


def _quality(user: User, ka: KeyActivity, request: HttpRequest) -> tuple[str, str]:
    post = request.POST
    data = _valid(QualityForm(post, key_activity=ka))
    key_activity_set_quality(
        actor=user,
        key_activity_id=ka.pk,
        version=data["version"],
        kind=data["kind"],
        min_outcome=data["min_outcome"],
        evidence_checkin=data["evidence_checkin"],
        evidence_max_distance_m=data["evidence_max_distance_m"],
        evidence_photo=data["evidence_photo"],
        evidence_confirmation=data["evidence_confirmation"],
        rubric_criteria=str(data["rubric_criteria"] or "").splitlines(),
        rubric_threshold=data["rubric_threshold"],
        checklist_step_ids=data["checklist_step_ids"],
    )
    return "define", _("Quality standard saved.")


def _guide_add(user: User, ka: KeyActivity, request: HttpRequest) -> tuple[str, str]:
    post = request.POST
    guide_step_add(
        actor=user,
        key_activity_id=ka.pk,
        attachment=request.FILES.get("attachment"),
        **_valid(GuideStepForm(post)),
    )
    return "output", _("Guide step added.")


def _int(post: Any, name: str) -> int:
    value = str(post.get(name, ""))
    if not value.isdigit():
        raise DomainError(_("Reload the page and try again."), field=name)
    return int(value)


def _guide_remove(user: User, ka: KeyActivity, request: HttpRequest) -> tuple[str, str]:
    post = request.POST
    guide_step_remove(
        actor=user,
        key_activity_id=ka.pk,
        version=_int(post, "version"),
        step_id=_int(post, "step_id"),
    )
    return "output", _("Guide step removed.")


def _guide_move(user: User, ka: KeyActivity, request: HttpRequest) -> tuple[str, str]:
    post = request.POST
    guide_step_move(
        actor=user,
        key_activity_id=ka.pk,
        version=_int(post, "version"),
        step_id=_int(post, "step_id"),
        direction=str(post.get("direction", "")),
    )
    return "output", _("Guide order saved.")


def _training_add(user: User, ka: KeyActivity, request: HttpRequest) -> tuple[str, str]:
    post = request.POST
    training_item_add(actor=user, key_activity_id=ka.pk, **_valid(TrainingForm(post)))
    return "output", _("Training item added.")


def _training_done(user: User, ka: KeyActivity, request: HttpRequest) -> tuple[str, str]:
    post = request.POST
    training_complete(
        actor=user,
        key_activity_id=ka.pk,
        version=_int(post, "version"),
        item_id=_int(post, "item_id"),
        owner_id=_int(post, "owner_id"),
        completed_on=timezone.localdate(),
    )
    return "owners", _("Training completion confirmed.")


def _tool_add(user: User, ka: KeyActivity, request: HttpRequest) -> tuple[str, str]:
    post = request.POST
    data = _valid(ToolForm(post))
    tool_add(actor=user, key_activity_id=ka.pk, file=request.FILES.get("file"), **data)
    return "output", _("Tool added.")


def _tool_remove(user: User, ka: KeyActivity, request: HttpRequest) -> tuple[str, str]:
    post = request.POST
    tool_remove(
        actor=user,
        key_activity_id=ka.pk,
        version=_int(post, "version"),
        tool_id=_int(post, "tool_id"),
    )
    return "output", _("Tool removed.")


def _owners(user: User, ka: KeyActivity, request: HttpRequest) -> tuple[str, str]:
    post = request.POST
    data = _valid(OwnersForm(post, user=user))
    lead = data["lead_id"]
    ids = list(data["owner_ids"])
    if lead is not None and lead not in ids:
        ids.append(lead)
    owners_set(
        actor=user,
        key_activity_id=ka.pk,
        version=data["version"],
        owners=[OwnerSpec(pk, pk == lead) for pk in ids],
    )
    return "owners", _("Owners saved.")


def _supporters(user: User, ka: KeyActivity, request: HttpRequest) -> tuple[str, str]:
    data = _valid(SupportersForm(request.POST, user=user))
    key_activity_update(
        actor=user,
        key_activity_id=ka.pk,
        version=data["version"],
        supporter_ids=data["supporter_ids"],
    )
    return "owners", _("Supporters saved.")


def _gap(user: User, ka: KeyActivity, request: HttpRequest) -> tuple[str, str]:
    post = request.POST
    key_activity_mark_staffing_gap(
        actor=user, key_activity_id=ka.pk, **_valid(StaffingGapForm(post))
    )
    return "owners", _("Marked as a staffing gap.")


def _targets_form(user: User, ka: KeyActivity, post: Any) -> dict[str, Any]:
    return _valid(TargetsForm(post, user=user, key_activity=ka))


def _targets_generate(user: User, ka: KeyActivity, request: HttpRequest) -> tuple[str, str]:
    post = request.POST
    data = _targets_form(user, ka, post)
    added = targets_generate(
        actor=user,
        key_activity_id=ka.pk,
        version=data["version"],
        period_start=data["period_start"],
    )
    return "owners", _("%(n)d targets generated from the standard.") % {"n": len(added)}


def _target_set(user: User, ka: KeyActivity, request: HttpRequest) -> tuple[str, str]:
    post = request.POST
    data = _targets_form(user, ka, post)
    if data["owner_id"] is None:
        raise DomainError(_("Choose the owner."), field="owner_id")
    if data["quantity"] is None:
        raise DomainError(_("Enter the target."), field="quantity")
    target_set(
        actor=user,
        key_activity_id=ka.pk,
        version=data["version"],
        owner_id=data["owner_id"],
        period_start=data["period_start"],
        quantity=data["quantity"],
        stage_quantities=data["stage_quantities"],
    )
    return "owners", _("Target adjusted.")


def _team_target(user: User, ka: KeyActivity, request: HttpRequest) -> tuple[str, str]:
    post = request.POST
    data = _targets_form(user, ka, post)
    if data["department_id"] is None:
        raise DomainError(_("Choose the team."), field="department_id")
    if data["quantity"] is None:
        raise DomainError(_("Enter the target."), field="quantity")
    team_target_set(
        actor=user,
        key_activity_id=ka.pk,
        version=data["version"],
        department_id=data["department_id"],
        period_start=data["period_start"],
        quantity=data["quantity"],
    )
    return "owners", _("Team target set and cascaded to its owners.")


def _publish(user: User, ka: KeyActivity, request: HttpRequest) -> tuple[str, str]:
    post = request.POST
    key_activity_publish(actor=user, key_activity_id=ka.pk, version=_int(post, "version"))
    return "detail", _("Published: the owners see it on My day.")


def _retire(user: User, ka: KeyActivity, request: HttpRequest) -> tuple[str, str]:
    post = request.POST
    key_activity_retire(actor=user, key_activity_id=ka.pk, version=_int(post, "version"))
    return "detail", _("Retired. It stays on record with its history.")


ACTIONS: dict[str, tuple[str, Handler]] = {
    "define": ("define", _define),
    "stages": ("define", _stages),
    "quality": ("define", _quality),
    "guide-add": ("output", _guide_add),
    "guide-remove": ("output", _guide_remove),
    "guide-move": ("output", _guide_move),
    "training-add": ("output", _training_add),
    "training-done": ("owners", _training_done),
    "tool-add": ("output", _tool_add),
    "tool-remove": ("output", _tool_remove),
    "owners": ("owners", _owners),
    "staffing-gap": ("owners", _gap),
    "supporters": ("owners", _supporters),
    "targets-generate": ("owners", _targets_generate),
    "target-set": ("owners", _target_set),
    "team-target": ("owners", _team_target),
    "publish": ("publish", _publish),
    "retire": ("publish", _retire),
}


@require_POST
@member_view
def action(request: HttpRequest, key_activity_id: int, name: str) -> HttpResponse:
    """Run one write of the flow; a refusal re-renders the step with the message (400)."""
    user = acting_user(request)
    ka = key_activity_get(user=user, key_activity_id=key_activity_id)
    _require_designer(user)
    if name not in ACTIONS:
        return redirect("keyactivities:detail", key_activity_id=ka.pk)
    step, handler = ACTIONS[name]
    try:
        target, message = handler(user, ka, request)
    except DomainError as exc:
        if exc.status_code in (403, 404):
            raise
        return _render_step(
            request, user, ka.pk, step, error=exc.message, error_field=exc.field or "", status=400
        )
    messages.success(request, message)
    if target == "detail":
        return redirect("keyactivities:detail", key_activity_id=ka.pk)
    return redirect("keyactivities:step", key_activity_id=ka.pk, step=target)


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
