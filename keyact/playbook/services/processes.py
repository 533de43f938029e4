"""An organisation's processes, their steps and the steps' standard activities."""

from __future__ import annotations

from collections.abc import Sequence

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from keyact.activities.models import ActivityType
from keyact.activities.selectors import activity_type_get
from keyact.core.errors import DomainError, NotFound
from keyact.playbook.models import (
    Process,
    Step,
    StepActivity,
)
from keyact.playbook.selectors import (
    process_get,
    step_activity_get,
    step_get,
)
from keyact.playbook.services._common import _names, _require_admin
from keyact.users.models import User


@transaction.atomic
def process_update(
    *,
    actor: User,
    process_id: int,
    name_en: str | None = None,
    name_zh: str | None = None,
    description_en: str | None = None,
    description_zh: str | None = None,
    in_use: bool | None = None,
) -> Process:
    """Rename or describe a process, or mark whether the organisation uses it (admins only)."""
    _require_admin(actor)
    process = process_get(user=actor, process_id=process_id)
    if name_en is not None or name_zh is not None:
        process.name_en, process.name_zh = _names(
            process.name_en if name_en is None else name_en,
            process.name_zh if name_zh is None else name_zh,
            max_length=120,
        )
    if description_en is not None:
        process.description_en = description_en.strip()
    if description_zh is not None:
        process.description_zh = description_zh.strip()
    if in_use is not None:
        process.in_use = in_use
    process.save()
    return process


@transaction.atomic
def processes_set_in_use(*, actor: User, process_ids: Sequence[int]) -> list[Process]:
    """Mark exactly the given processes as used by the organisation (admins only)."""
    organization_id = _require_admin(actor)
    processes = list(Process.objects.filter(organization_id=organization_id))
    known = {p.pk for p in processes}
    unknown = set(process_ids) - known
    if unknown:
        raise NotFound(_("No such process."), field="process_ids")
    for process in processes:
        process.in_use = process.pk in set(process_ids)
    Process.objects.bulk_update(processes, ["in_use"])
    return processes


@transaction.atomic
def step_create(
    *,
    actor: User,
    process_id: int,
    name_en: str,
    name_zh: str,
    description_en: str = "",
    description_zh: str = "",
    is_critical: bool = False,
) -> Step:
    """Add an industry-specific step at the end of a process (admins only)."""
    _require_admin(actor)
    process = process_get(user=actor, process_id=process_id)
    name_en, name_zh = _names(name_en, name_zh, max_length=120)
    last = process.steps.aggregate(m=Max("order"))["m"] or 0
    count = process.steps.count()
    return Step.objects.create(
        process=process,
        code=f"custom-{count + 1}-{timezone.now():%H%M%S%f}"[:50],
        name_en=name_en,
        name_zh=name_zh,
        description_en=description_en.strip(),
        description_zh=description_zh.strip(),
        order=last + 10,
        is_critical=is_critical,
        is_standard=False,
    )


@transaction.atomic
def step_update(
    *,
    actor: User,
    step_id: int,
    name_en: str | None = None,
    name_zh: str | None = None,
    description_en: str | None = None,
    description_zh: str | None = None,
    is_critical: bool | None = None,
    process_id: int | None = None,
) -> Step:
    """Rename, describe or mark a step critical (admins only).

    A step belongs to its process for good: passing another ``process_id`` is refused, because
    the activities, plans and later key activities attached to the step mean something only in
    that process.
    """
    _require_admin(actor)
    step = step_get(user=actor, step_id=step_id)
    if process_id is not None and process_id != step.process_id:
        raise DomainError(
            _("A step cannot move to another process. Add a new step to that process instead."),
            field="process_id",
        )
    if name_en is not None or name_zh is not None:
        step.name_en, step.name_zh = _names(
            step.name_en if name_en is None else name_en,
            step.name_zh if name_zh is None else name_zh,
            max_length=120,
        )
    if description_en is not None:
        step.description_en = description_en.strip()
    if description_zh is not None:
        step.description_zh = description_zh.strip()
    if is_critical is not None:
        step.is_critical = is_critical
    step.save()
    return step


@transaction.atomic
def steps_reorder(*, actor: User, process_id: int, step_ids: Sequence[int]) -> list[Step]:
    """Put a process's steps in the given order. The list must hold exactly its steps; a step
    of another process is refused (steps never move between processes)."""
    _require_admin(actor)
    process = process_get(user=actor, process_id=process_id)
    steps = {s.pk: s for s in Step.objects.filter(process=process)}
    if len(set(step_ids)) != len(step_ids):
        raise DomainError(_("A step appears twice in the new order."), field="step_ids")
    foreign = [i for i in step_ids if i not in steps]
    if foreign:
        raise DomainError(
            _("A step cannot move to another process. Reorder only this process's steps."),
            field="step_ids",
        )
    if set(step_ids) != set(steps):
        raise DomainError(_("The new order must list every step of the process."), field="step_ids")
    ordered = []
    for index, step_id in enumerate(step_ids, start=1):
        step = steps[step_id]
        step.order = index * 10
        ordered.append(step)
    Step.objects.bulk_update(ordered, ["order"])
    return ordered


@transaction.atomic
def step_move(*, actor: User, step_id: int, direction: str) -> list[Step]:
    """Move a step one place up or down inside its process (admins only)."""
    if direction not in ("up", "down"):
        raise DomainError(_("Move a step up or down."), field="direction")
    step = step_get(user=actor, step_id=step_id)
    ids = list(
        Step.objects.filter(process_id=step.process_id)
        .order_by("order", "id")
        .values_list("pk", flat=True)
    )
    index = ids.index(step.pk)
    other = index - 1 if direction == "up" else index + 1
    if 0 <= other < len(ids):
        ids[index], ids[other] = ids[other], ids[index]
    return steps_reorder(actor=actor, process_id=step.process_id, step_ids=ids)


def _activity_type_of_org(actor: User, activity_type_id: int | None) -> ActivityType | None:
    if activity_type_id is None:
        return None
    return activity_type_get(user=actor, type_id=activity_type_id)


@transaction.atomic
def step_activity_create(
    *,
    actor: User,
    step_id: int,
    name_en: str,
    name_zh: str,
    activity_type_id: int | None = None,
    description_en: str = "",
    description_zh: str = "",
) -> StepActivity:
    """Add an industry activity to a step, optionally mapped to an activity type (admins only)."""
    _require_admin(actor)
    step = step_get(user=actor, step_id=step_id)
    name_en, name_zh = _names(name_en, name_zh, max_length=150)
    last = step.activities.aggregate(m=Max("order"))["m"] or 0
    return StepActivity.objects.create(
        step=step,
        name_en=name_en,
        name_zh=name_zh,
        description_en=description_en.strip(),
        description_zh=description_zh.strip(),
        order=last + 10,
        is_standard=False,
        activity_type=_activity_type_of_org(actor, activity_type_id),
    )


@transaction.atomic
def step_activity_update(
    *,
    actor: User,
    step_activity_id: int,
    name_en: str | None = None,
    name_zh: str | None = None,
    activity_type_id: int | None = None,
    clear_activity_type: bool = False,
) -> StepActivity:
    """Rename a step activity or (re)map it to one of the organisation's activity types."""
    _require_admin(actor)
    item = step_activity_get(user=actor, step_activity_id=step_activity_id)
    if name_en is not None or name_zh is not None:
        item.name_en, item.name_zh = _names(
            item.name_en if name_en is None else name_en,
            item.name_zh if name_zh is None else name_zh,
            max_length=150,
        )
    if clear_activity_type:
        item.activity_type = None
    elif activity_type_id is not None:
        item.activity_type = _activity_type_of_org(actor, activity_type_id)
    item.save()
    return item
