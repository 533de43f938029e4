"""Process pages: a process with its steps and activities, and their editing."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import BadRequest
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from keyact.core.errors import DomainError, NotFound
from keyact.core.params import id_list
from keyact.orgs.access import acting_user, admin_view, member_view
from keyact.orgs.selectors import scope_for
from keyact.playbook.catalog import PROCESSES
from keyact.playbook.forms import (
    MapActivityTypeForm,
    NamesForm,
    StepActivityForm,
    StepForm,
)
from keyact.playbook.selectors import (
    large_open_opportunities,
    process_get,
)
from keyact.playbook.services import (
    process_update,
    processes_set_in_use,
    step_activity_create,
    step_activity_update,
    step_create,
    step_move,
    step_update,
)
from keyact.playbook.views._common import _ensure_playbook, _mode_labels


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
        ids = id_list(request.POST.getlist("process"), name="process", limit=50)
        processes_set_in_use(actor=user, process_ids=ids)
        messages.success(request, _("Processes in use saved."))
    except BadRequest:
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
