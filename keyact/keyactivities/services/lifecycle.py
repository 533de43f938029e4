"""A key activity's lifecycle: publish (with its problems), retire, remove."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from keyact.core.errors import DomainError
from keyact.keyactivities.models import (
    Aggregate,
    KeyActivity,
    QualityKind,
)
from keyact.keyactivities.services._common import Status, _lock, _record
from keyact.users.models import User


def publish_problems(ka: KeyActivity) -> list[tuple[str, str]]:
    """What still keeps a key activity from being published, as (field, message) pairs."""
    problems: list[tuple[str, str]] = []
    if ka.status == Status.STAFFING_GAP:
        problems.append(("owners", _("Staffing gap: assign an owner, or remove the key activity.")))
    owners = list(ka.owners.all())
    if not owners:
        problems.append(("owners", _("Name at least one owner.")))
    elif sum(1 for o in owners if o.is_lead) != 1:
        problems.append(("owners", _("Name exactly one lead among the owners.")))
    if not ka.activity_types.exists():
        problems.append(("activity_type_ids", _("Choose the activity types that count.")))
    if ka.quantity is None:
        problems.append(("quantity", _("Set the quantity standard per period.")))
    stages = list(ka.stages.all())
    if ka.aggregate == Aggregate.CONVERSION and len(stages) < 2:
        problems.append(("stages", _("A conversion needs a staged standard of two stages.")))
    if not ka.guide_steps.exists():
        problems.append(("guide", _("Write the operating guide.")))
    if (
        ka.quality_kind == QualityKind.CHECKLIST
        and not ka.guide_steps.filter(in_checklist=True).exists()
    ):
        problems.append(("checklist_step_ids", _("The checklist requires no guide step.")))
    return problems


@transaction.atomic
def key_activity_publish(*, actor: User, key_activity_id: int, version: int) -> KeyActivity:
    """Publish a draft that has its measure, quantity, guide, owners and exactly one lead."""
    ka = _lock(actor, key_activity_id, version)
    if ka.status == Status.PUBLISHED:
        raise DomainError(_("It is already published."), field="status")
    problems = publish_problems(ka)
    if problems:
        field, message = problems[0]
        raise DomainError(message, field=field)
    now = timezone.now()
    diff = {"status": (ka.status, Status.PUBLISHED)}
    ka.status = Status.PUBLISHED
    ka.published_at = now
    return _record(ka, actor, "published", diff)


@transaction.atomic
def key_activity_retire(*, actor: User, key_activity_id: int, version: int) -> KeyActivity:
    """Retire a published key activity: it stays on record with its targets and history."""
    ka = _lock(actor, key_activity_id, version)
    if ka.status != Status.PUBLISHED:
        raise DomainError(_("Only a published key activity can be retired."), field="status")
    diff = {"status": (ka.status, Status.RETIRED)}
    ka.status = Status.RETIRED
    ka.retired_at = timezone.now()
    return _record(ka, actor, "retired", diff)


@transaction.atomic
def key_activity_remove(*, actor: User, key_activity_id: int, version: int) -> None:
    """Delete a draft or a staffing gap (a published key activity is retired instead)."""
    ka = _lock(actor, key_activity_id, version)
    if ka.status not in (Status.DRAFT, Status.STAFFING_GAP):
        raise DomainError(_("A published key activity is retired, not removed."), field="status")
    ka.delete()
