"""What the key-activity pages share: the designer check, the language, the history rows."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import FieldDoesNotExist
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from keyact.core.errors import DomainError, PermissionDenied
from keyact.keyactivities.models import KeyActivity
from keyact.keyactivities.selectors import (
    can_design,
    key_activity_history,
    training_status,
)
from keyact.orgs.selectors import scope_for
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


def _lang() -> str:
    return get_language() or "en"


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


def _int(post: Any, name: str) -> int:
    value = str(post.get(name, ""))
    if not value.isdigit():
        raise DomainError(_("Reload the page and try again."), field=name)
    return int(value)
