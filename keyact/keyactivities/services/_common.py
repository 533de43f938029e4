"""What every key-activity write shares: the designer check, locking, history, text rules."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from keyact.activities.models import ActivityType
from keyact.core.bilingual import bilingual_text
from keyact.core.errors import Conflict, DomainError, PermissionDenied
from keyact.keyactivities.models import (
    Change,
    KeyActivity,
)
from keyact.keyactivities.selectors import (
    can_design,
    key_activity_get,
)
from keyact.orgs.selectors import scope_for
from keyact.users.models import User

Status = KeyActivity.Status


def _require_designer(actor: User) -> int:
    scope = scope_for(actor)
    if not can_design(scope):
        raise PermissionDenied(_("Only managers and administrators design key activities."))
    return scope.organization_id


def _jsonable(value: Any) -> Any:
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, list | tuple):
        return [_jsonable(v) for v in value]
    return value


def _text(value: str, field: str, max_length: int) -> str:
    value = value.strip()
    if len(value) > max_length:
        raise DomainError(_("At most %(n)d characters.") % {"n": max_length}, field=field)
    return value


def _bilingual(en: str, zh: str, field: str, max_length: int) -> tuple[str, str]:
    """A text asked in two languages: the one rule of ``keyact.core.bilingual``."""
    return bilingual_text(en, zh, field=field, max_length=max_length)


def _activity_types(
    organization_id: int, type_ids: Sequence[int], field: str
) -> list[ActivityType]:
    types = list(ActivityType.objects.filter(organization_id=organization_id, pk__in=type_ids))
    if len(types) != len(set(type_ids)):
        raise DomainError(_("Unknown activity type."), field=field)
    return types


def _lock(actor: User, key_activity_id: int, version: int) -> KeyActivity:
    """The key activity for a write: visible (else 404), designer (else 403), locked, and at
    the version the caller read (else 409)."""
    key_activity_get(user=actor, key_activity_id=key_activity_id)
    _require_designer(actor)
    ka = KeyActivity.objects.select_for_update().get(pk=key_activity_id)
    if ka.version != version:
        raise Conflict(
            _("Someone else changed this key activity meanwhile. Reload it and try again."),
            field="version",
        )
    if ka.status == Status.RETIRED:
        raise DomainError(_("A retired key activity cannot be changed."), field="status")
    return ka


def _record(ka: KeyActivity, actor: User, action: str, changes: dict[str, Any]) -> KeyActivity:
    now = timezone.now()
    ka.version += 1
    ka.updated_at = now
    ka.save()
    Change.objects.create(
        key_activity=ka,
        version=ka.version,
        action=action,
        changed_by=actor,
        changed_at=now,
        changes={k: [_jsonable(b), _jsonable(a)] for k, (b, a) in changes.items()},
    )
    return ka


def _check_non_increasing(quantities: Sequence[int], field: str) -> None:
    for index in range(1, len(quantities)):
        if quantities[index] > quantities[index - 1]:
            raise DomainError(
                _(
                    "Stage %(later)d cannot exceed stage %(earlier)d: of %(a)d, at most %(a)d "
                    "can reach the next stage."
                )
                % {"later": index + 1, "earlier": index, "a": quantities[index - 1]},
                field=f"{field}.{index}",
            )
