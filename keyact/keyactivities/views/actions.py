"""The guided flow's actions: each form posted on a step, handled by one named handler."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from keyact.core.errors import DomainError
from keyact.keyactivities.forms import (
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
from keyact.keyactivities.models import KeyActivity
from keyact.keyactivities.selectors import (
    key_activity_get,
)
from keyact.keyactivities.services import (
    OwnerSpec,
    StageSpec,
    guide_step_add,
    guide_step_move,
    guide_step_remove,
    key_activity_mark_staffing_gap,
    key_activity_publish,
    key_activity_retire,
    key_activity_set_quality,
    key_activity_set_stages,
    key_activity_update,
    owners_set,
    target_set,
    targets_generate,
    team_target_set,
    tool_add,
    tool_remove,
    training_complete,
    training_item_add,
)
from keyact.keyactivities.views._common import _int, _require_designer
from keyact.keyactivities.views.flow import _render_step
from keyact.orgs.access import acting_user, member_view
from keyact.users.models import User

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
