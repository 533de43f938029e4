"""A key activity's outputs: the guide, the training and the tools."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.core.files import File
from django.db import transaction
from django.db.models.fields.files import FieldFile
from django.utils import timezone
from django.utils.translation import gettext as _

from keyact.core.errors import DomainError, NotFound
from keyact.core.files import CheckedFile, file_check, stored_file_name
from keyact.core.uploads import stored_file_admit, stored_file_record, stored_file_release
from keyact.keyactivities.models import (
    GuideStep,
    KeyActivity,
    Tool,
    TrainingCompletion,
    TrainingItem,
)
from keyact.keyactivities.services._common import _bilingual, _lock, _record, _text
from keyact.users.models import User

MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024


def _check_file(actor: User, file: File[Any] | None, field: str) -> CheckedFile | None:
    """Recognise an attachment by its content, within the uploader's limits (or None)."""
    if file is None:
        return None
    checked = file_check(file, field=field, max_bytes=MAX_ATTACHMENT_BYTES)
    stored_file_admit(user_id=actor.pk, size=checked.size, field=field)
    return checked


def _store(actor: User, target: FieldFile, file: File[Any], checked: CheckedFile) -> None:
    """Save an accepted upload under a safe name with the extension its content implies."""
    target.save(stored_file_name(file.name, checked, "file"), file, save=False)
    stored_file_record(user_id=actor.pk, name=target.name or "", size=checked.size)


@transaction.atomic
def guide_step_add(
    *,
    actor: User,
    key_activity_id: int,
    version: int,
    text_en: str = "",
    text_zh: str = "",
    attachment: File[Any] | None = None,
) -> GuideStep:
    """Append a step to the operating guide, optionally with an attachment (at most 10 MB)."""
    ka = _lock(actor, key_activity_id, version)
    text_en, text_zh = _bilingual(text_en, text_zh, "text", 500)
    checked = _check_file(actor, attachment, "attachment")
    order = max((s.order for s in ka.guide_steps.all()), default=0) + 1
    step = GuideStep(key_activity=ka, order=order, text_en=text_en, text_zh=text_zh)
    if attachment is not None and checked is not None:
        _store(actor, step.attachment, attachment, checked)
    step.save()
    _record(
        ka,
        actor,
        "guide",
        {"guide_step_added": (None, [text_en, text_zh, step.attachment.name or None])},
    )
    return step


def _guide_step(ka: KeyActivity, step_id: int) -> GuideStep:
    step = GuideStep.objects.filter(key_activity=ka, pk=step_id).first()
    if step is None:
        raise NotFound(_("No such guide step."), field="step_id")
    return step


@transaction.atomic
def guide_step_remove(*, actor: User, key_activity_id: int, version: int, step_id: int) -> None:
    """Remove a guide step; one the checklist requires must leave the checklist first."""
    ka = _lock(actor, key_activity_id, version)
    step = _guide_step(ka, step_id)
    if step.in_checklist:
        raise DomainError(
            _("The checklist requires this step: change the quality standard first."),
            field="step_id",
        )
    before = [step.text_en, step.text_zh]
    stored_file_release(name=step.attachment.name)
    step.delete()
    _record(ka, actor, "guide", {"guide_step_removed": (before, None)})


@transaction.atomic
def guide_step_move(
    *, actor: User, key_activity_id: int, version: int, step_id: int, direction: str
) -> KeyActivity:
    """Move a guide step one place up or down."""
    ka = _lock(actor, key_activity_id, version)
    step = _guide_step(ka, step_id)
    steps = list(ka.guide_steps.order_by("order", "id"))
    index = steps.index(step)
    other = index - 1 if direction == "up" else index + 1
    if direction not in ("up", "down"):
        raise DomainError(_("Move up or down."), field="direction")
    if not 0 <= other < len(steps):
        return ka
    before = [s.pk for s in steps]
    steps[index], steps[other] = steps[other], steps[index]
    for position, s in enumerate(steps, start=1):
        s.order = position
    GuideStep.objects.bulk_update(steps, ["order"])
    return _record(ka, actor, "guide", {"guide_order": (before, [s.pk for s in steps])})


@transaction.atomic
def training_item_add(
    *,
    actor: User,
    key_activity_id: int,
    version: int,
    title_en: str = "",
    title_zh: str = "",
    material_en: str = "",
    material_zh: str = "",
    link: str = "",
) -> TrainingItem:
    """Add a skill-training item with its material."""
    ka = _lock(actor, key_activity_id, version)
    title_en, title_zh = _bilingual(title_en, title_zh, "title", 200)
    link = _text(link, "link", 500)
    if link and not link.startswith(("http://", "https://")):
        raise DomainError(_("Enter a web address starting with http:// or https://."), field="link")
    order = max((t.order for t in ka.training_items.all()), default=0) + 1
    item = TrainingItem.objects.create(
        key_activity=ka,
        order=order,
        title_en=title_en,
        title_zh=title_zh,
        material_en=_text(material_en, "material_en", 5000),
        material_zh=_text(material_zh, "material_zh", 5000),
        link=link,
    )
    _record(ka, actor, "training", {"training_added": (None, [title_en, title_zh])})
    return item


@transaction.atomic
def training_item_remove(*, actor: User, key_activity_id: int, version: int, item_id: int) -> None:
    """Remove a training item (and its completions)."""
    ka = _lock(actor, key_activity_id, version)
    item = TrainingItem.objects.filter(key_activity=ka, pk=item_id).first()
    if item is None:
        raise NotFound(_("No such training item."), field="item_id")
    before = [item.title_en, item.title_zh]
    item.delete()
    _record(ka, actor, "training", {"training_removed": (before, None)})


@transaction.atomic
def training_complete(
    *,
    actor: User,
    key_activity_id: int,
    version: int,
    item_id: int,
    owner_id: int,
    completed_on: dt.date,
) -> TrainingCompletion:
    """Confirm that an owner completed a training item on a date (the actor confirms)."""
    ka = _lock(actor, key_activity_id, version)
    item = TrainingItem.objects.filter(key_activity=ka, pk=item_id).first()
    if item is None:
        raise NotFound(_("No such training item."), field="item_id")
    if not ka.owners.filter(user_id=owner_id).exists():
        raise DomainError(
            _("Only owners of the key activity are trained for it."), field="owner_id"
        )
    if completed_on > timezone.localdate():
        raise DomainError(_("The completion date cannot be in the future."), field="completed_on")
    completion, _created = TrainingCompletion.objects.update_or_create(
        item=item,
        owner_id=owner_id,
        defaults={"completed_on": completed_on, "confirmed_by": actor},
    )
    _record(
        ka, actor, "training", {f"training_completed.{item.pk}.{owner_id}": (None, completed_on)}
    )
    return completion


@transaction.atomic
def tool_add(
    *,
    actor: User,
    key_activity_id: int,
    version: int,
    kind: str,
    name_en: str = "",
    name_zh: str = "",
    url: str = "",
    amount: Decimal | None = None,
    currency: str = "",
    provided_by: str = "",
    file: File[Any] | None = None,
) -> Tool:
    """Add a tool or resource: a template, file, link, budgeted item or support, and who
    provides it (a template or file may carry the file itself, at most 10 MB)."""
    ka = _lock(actor, key_activity_id, version)
    checked = _check_file(actor, file, "file")
    if kind not in Tool.Kind.values:
        raise DomainError(_("Unknown kind of tool."), field="kind")
    name_en, name_zh = _bilingual(name_en, name_zh, "name", 200)
    url = _text(url, "url", 500)
    if url and not url.startswith(("http://", "https://")):
        raise DomainError(_("Enter a web address starting with http:// or https://."), field="url")
    if kind == Tool.Kind.LINK and not url:
        raise DomainError(_("A link needs its web address."), field="url")
    if amount is not None and (not amount.is_finite() or not 0 <= amount < Decimal("1e10")):
        raise DomainError(_("The amount cannot be negative."), field="amount")
    if kind == Tool.Kind.BUDGET and amount is None:
        raise DomainError(_("A budgeted item needs its amount."), field="amount")
    order = max((t.order for t in ka.tools.all()), default=0) + 1
    tool = Tool(
        key_activity=ka,
        order=order,
        kind=kind,
        name_en=name_en,
        name_zh=name_zh,
        url=url,
        amount=amount,
        currency=(
            currency or (ka.organization.default_currency if amount is not None else "")
        ).upper()[:3],
        provided_by=_text(provided_by, "provided_by", 200),
    )
    if file is not None and checked is not None:
        _store(actor, tool.file, file, checked)
    tool.save()
    _record(ka, actor, "tools", {"tool_added": (None, [kind, name_en, name_zh, amount])})
    return tool


@transaction.atomic
def tool_remove(*, actor: User, key_activity_id: int, version: int, tool_id: int) -> None:
    """Remove a tool or resource."""
    ka = _lock(actor, key_activity_id, version)
    tool = Tool.objects.filter(key_activity=ka, pk=tool_id).first()
    if tool is None:
        raise NotFound(_("No such tool."), field="tool_id")
    before = [tool.kind, tool.name_en, tool.name_zh]
    stored_file_release(name=tool.file.name)
    tool.delete()
    _record(ka, actor, "tools", {"tool_removed": (before, None)})
