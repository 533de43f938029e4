"""What the key-activity pages share: the designer check, the language, the history rows."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import BadRequest
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from keyact.core.errors import DomainError, PermissionDenied
from keyact.core.params import parse_id
from keyact.keyactivities.models import KeyActivity
from keyact.keyactivities.selectors import (
    can_design,
    training_status,
)
from keyact.keyactivities.views._history import history_rows
from keyact.orgs.selectors import scope_for
from keyact.users.models import User

STEPS = ("define", "output", "owners", "publish")


def _history_rows(ka: KeyActivity) -> list[dict[str, Any]]:
    """The version history as sentences in the reader's language (see views/_history.py)."""
    return history_rows(ka)


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
    """A hidden id or version from a form; malformed (a stale or edited page): reload."""
    try:
        return parse_id(post.get(name), name=name)
    except BadRequest as exc:
        raise DomainError(_("Reload the page and try again."), field=name) from exc
