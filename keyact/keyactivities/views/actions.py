"""The guided flow's actions: each form posted on a step, handled by one named handler."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.datastructures import MultiValueDict
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from keyact.core.errors import Conflict, DomainError
from keyact.core.templatetags.keyact_forms import reader_is_chinese
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
from keyact.keyactivities.models import KeyActivity
from keyact.keyactivities.selectors import (
    key_activity_get,
)
from keyact.keyactivities.services import (
    OwnerSpec,
    QualitySpec,
    StageSpec,
    guide_step_add,
    guide_step_move,
    guide_step_remove,
    key_activity_define,
    key_activity_publish,
    key_activity_retire,
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


class Refused(Exception):
    """A posted form was refused: the bound forms (with the typed input and the messages at
    their fields) are shown again."""

    def __init__(self, forms_: dict[str, forms.Form], message: str = "") -> None:
        super().__init__(message)
        self.forms = forms_
        self.message = message


def _form_for(forms_: dict[str, forms.Form], field: str) -> tuple[forms.Form, str]:
    """The form holding ``field`` (a service's field name, maybe ``stages.0``) and the name of
    the field in it; the first form and no field when none holds it."""
    field = field or ""
    if field.startswith("stages"):
        index = field.split(".")[1] if "." in field else ""
        field = f"quantity_{int(index) + 1}" if index.isdigit() else "type_2"
    base = field.split(".")[0]
    base = {"owners": "owner_ids"}.get(base, base)
    if base.endswith("_en") and reader_is_chinese():
        # Asked in the reader's language first: "enter the name" lands on the field shown.
        chinese = base[: -len("_en")] + "_zh"
        for form in forms_.values():
            if chinese in form.fields and not form.data.get(form.add_prefix(base)):
                return form, chinese
    for form in forms_.values():
        if base in form.fields:
            return form, base
    return next(iter(forms_.values())), ""


def _checked(**forms_: forms.Form) -> dict[str, forms.Form]:
    """The forms, every one validated (so each shows its own errors); Refused if any fails."""
    valid = [form.is_valid() for form in forms_.values()]
    if not all(valid):
        raise Refused(forms_)
    return forms_


def _run(ka: KeyActivity, forms_: dict[str, forms.Form], call: Callable[[], Any]) -> Any:
    """Call a service; its refusal lands on the field it names, the typed input kept. A stale
    version arms the forms with the current one, so saving again is a deliberate choice."""
    try:
        return call()
    except DomainError as exc:
        if exc.status_code in (403, 404):
            raise
        if isinstance(exc, Conflict) and exc.field == "version":
            current = str(KeyActivity.objects.values_list("version", flat=True).get(pk=ka.pk))
            for form in forms_.values():
                data = dict(form.data.lists()) if hasattr(form.data, "lists") else {}
                data[form.add_prefix("version")] = [current]
                form.data = MultiValueDict(data)
            first = next(iter(forms_.values()))
            first.add_error(
                None,
                _(
                    "Someone else changed this key activity while you were editing it. What you "
                    "typed is kept: save again to put it in place of their change, or reload the "
                    "page to see it first."
                ),
            )
            raise Refused(forms_, exc.message) from exc
        form, field = _form_for(forms_, exc.field or "")
        form.add_error(field or None, exc.message)
        raise Refused(forms_, exc.message) from exc


def _define(user: User, ka: KeyActivity, request: HttpRequest) -> tuple[str, str]:
    """The define step in one save: definition, staged standard and quality standard."""
    post = request.POST
    bound = _checked(
        define_form=DefineForm(post, user=user, auto_id="define_%s"),
        stages_form=StagesForm(post, user=user, auto_id="stages_%s"),
        quality_form=QualityForm(post, key_activity=ka, auto_id="quality_%s"),
    )
    data = dict(bound["define_form"].cleaned_data)
    version = data.pop("version")
    type_ids = data.pop("activity_type_ids")
    stages = bound["stages_form"].cleaned_data
    quality = bound["quality_form"].cleaned_data
    _run(
        ka,
        bound,
        lambda: key_activity_define(
            actor=user,
            key_activity_id=ka.pk,
            version=version,
            activity_type_ids=type_ids,
            stages=[
                StageSpec(
                    activity_type_id=stages[f"type_{row}"],
                    quantity=stages[f"quantity_{row}"] or 0,
                    name_en=stages[f"name{row}_en"],
                    name_zh=stages[f"name{row}_zh"],
                )
                for row in range(1, StagesForm.ROWS + 1)
                if stages[f"type_{row}"] is not None
            ],
            quality=QualitySpec(
                kind=quality["kind"],
                min_outcome=quality["min_outcome"],
                evidence_checkin=quality["evidence_checkin"],
                evidence_max_distance_m=quality["evidence_max_distance_m"],
                evidence_photo=quality["evidence_photo"],
                evidence_confirmation=quality["evidence_confirmation"],
                rubric_criteria=str(quality["rubric_criteria"] or "").splitlines(),
                rubric_threshold=quality["rubric_threshold"],
                checklist_step_ids=quality["checklist_step_ids"],
            ),
            **data,
        ),
    )
    return "define", _("Definition saved.")


def _guide_add(user: User, ka: KeyActivity, request: HttpRequest) -> tuple[str, str]:
    bound = _checked(guide_form=GuideStepForm(request.POST, auto_id="guide_%s"))
    data = bound["guide_form"].cleaned_data
    attachment = request.FILES.get("attachment")
    _run(
        ka,
        bound,
        lambda: guide_step_add(actor=user, key_activity_id=ka.pk, attachment=attachment, **data),
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
    bound = _checked(training_form=TrainingForm(request.POST, auto_id="training_%s"))
    data = bound["training_form"].cleaned_data
    _run(ka, bound, lambda: training_item_add(actor=user, key_activity_id=ka.pk, **data))
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
    bound = _checked(tool_form=ToolForm(request.POST, auto_id="tool_%s"))
    data = bound["tool_form"].cleaned_data
    upload = request.FILES.get("file")
    _run(ka, bound, lambda: tool_add(actor=user, key_activity_id=ka.pk, file=upload, **data))
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
    form = OwnersForm(request.POST, user=user, auto_id="owners_%s")
    bound = _checked(owners_form=form)
    data = form.cleaned_data
    owners = [OwnerSpec(pk) for pk in data["owner_ids"]]
    _run(
        ka,
        bound,
        lambda: owners_set(
            actor=user,
            key_activity_id=ka.pk,
            version=data["version"],
            owners=owners,
            lead_id=data["lead_id"],
            staffing_gap=data["staffing_gap"],
            staffing_note=data["staffing_note"],
        ),
    )
    return "owners", _("Owners saved.")


def _supporters(user: User, ka: KeyActivity, request: HttpRequest) -> tuple[str, str]:
    bound = _checked(
        supporters_form=SupportersForm(request.POST, user=user, auto_id="supporters_%s")
    )
    data = bound["supporters_form"].cleaned_data
    _run(
        ka,
        bound,
        lambda: key_activity_update(
            actor=user,
            key_activity_id=ka.pk,
            version=data["version"],
            supporter_ids=data["supporter_ids"],
        ),
    )
    return "owners", _("Supporters saved.")


def _targets_generate(user: User, ka: KeyActivity, request: HttpRequest) -> tuple[str, str]:
    bound = _checked(
        targets_form=TargetsForm(request.POST, user=user, key_activity=ka, auto_id="generate_%s")
    )
    data = bound["targets_form"].cleaned_data
    added = _run(
        ka,
        bound,
        lambda: targets_generate(
            actor=user,
            key_activity_id=ka.pk,
            version=data["version"],
            period_start=data["period_start"],
        ),
    )
    return "owners", _("%(n)d targets generated from the standard.") % {"n": len(added)}


def _target_set(user: User, ka: KeyActivity, request: HttpRequest) -> tuple[str, str]:
    form = TargetsForm(request.POST, user=user, key_activity=ka, auto_id="target_%s")
    bound = _checked(target_form=form)
    data = form.cleaned_data
    if data["owner_id"] is None:
        form.add_error("owner_id", _("Choose the owner."))
    if data["quantity"] is None:
        form.add_error("quantity", _("Enter the target."))
    if form.errors:
        raise Refused(bound)
    _run(
        ka,
        bound,
        lambda: target_set(
            actor=user,
            key_activity_id=ka.pk,
            version=data["version"],
            owner_id=data["owner_id"],
            period_start=data["period_start"],
            quantity=data["quantity"],
            stage_quantities=data["stage_quantities"],
        ),
    )
    return "owners", _("Target adjusted.")


def _team_target(user: User, ka: KeyActivity, request: HttpRequest) -> tuple[str, str]:
    form = TargetsForm(request.POST, user=user, key_activity=ka, auto_id="team_%s")
    bound = _checked(team_form=form)
    data = form.cleaned_data
    if data["department_id"] is None:
        form.add_error("department_id", _("Choose the team."))
    if data["quantity"] is None:
        form.add_error("quantity", _("Enter the target."))
    if form.errors:
        raise Refused(bound)
    _run(
        ka,
        bound,
        lambda: team_target_set(
            actor=user,
            key_activity_id=ka.pk,
            version=data["version"],
            department_id=data["department_id"],
            period_start=data["period_start"],
            quantity=data["quantity"],
        ),
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
    "guide-add": ("output", _guide_add),
    "guide-remove": ("output", _guide_remove),
    "guide-move": ("output", _guide_move),
    "training-add": ("output", _training_add),
    "training-done": ("owners", _training_done),
    "tool-add": ("output", _tool_add),
    "tool-remove": ("output", _tool_remove),
    "owners": ("owners", _owners),
    "supporters": ("owners", _supporters),
    "targets-generate": ("owners", _targets_generate),
    "target-set": ("owners", _target_set),
    "team-target": ("owners", _team_target),
    "publish": ("publish", _publish),
    "retire": ("publish", _retire),
}


NEXT_STEP = {"define": "output", "output": "owners", "owners": "publish"}


@require_POST
@member_view
def action(request: HttpRequest, key_activity_id: int, name: str) -> HttpResponse:
    """Run one write of the flow. A refusal shows the step again with what was typed and the
    message at its field (400); "save and continue" moves to the next step once saved."""
    user = acting_user(request)
    ka = key_activity_get(user=user, key_activity_id=key_activity_id)
    _require_designer(user)
    if name not in ACTIONS:
        return redirect("keyactivities:detail", key_activity_id=ka.pk)
    step, handler = ACTIONS[name]
    try:
        target, message = handler(user, ka, request)
    except Refused as refusal:
        return _render_step(
            request,
            user,
            ka.pk,
            step,
            bound=refusal.forms,
            error=_("Check the highlighted fields.") if refusal.forms else refusal.message,
            status=400,
        )
    except DomainError as exc:
        if exc.status_code in (403, 404):
            raise
        return _render_step(
            request, user, ka.pk, step, error=exc.message, error_field=exc.field or "", status=400
        )
    messages.success(request, message)
    if target == "detail":
        return redirect("keyactivities:detail", key_activity_id=ka.pk)
    if request.POST.get("continue") and target in NEXT_STEP:
        target = NEXT_STEP[target]
    return redirect("keyactivities:step", key_activity_id=ka.pk, step=target)
