"""The rules each imported row must obey, taken from the apps that own them.

Every check here calls the owning app's rule or, where the app has no separate rule function,
applies the model's own field constraints (lengths, choices) the way the services do, so an
imported row can hold nothing a form or the API would refuse.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Model
from django.utils.translation import gettext as _

from keyact.core.columns import columns_check
from keyact.core.errors import DomainError


def check_columns(model: type[Model], values: Mapping[str, Any]) -> None:
    """Refuse a value its column cannot hold (the services' rule, ``keyact.core.columns``)."""
    columns_check(model, values)


def check_not_blank(value: str, field: str) -> None:
    """A name is required."""
    if not value.strip():
        raise DomainError(_("The name cannot be empty."), field=field)


def check_not_negative(value: Any, field: str) -> None:
    """Counts and amounts cannot be negative."""
    if value is not None and value < 0:
        raise DomainError(_("The value cannot be negative."), field=field)


def check_email(value: str, field: str) -> None:
    """An e-mail address must be one."""
    if not value:
        return
    from django.core.validators import validate_email

    try:
        validate_email(value)
    except ValidationError as exc:
        raise DomainError(_("Enter a valid e-mail address."), field=field) from exc


def check_activity(values: Mapping[str, Any], *, counterpart: str, now: Any) -> None:
    """The activity rules the services apply to a new activity (``keyact.activities.rules``)."""
    from keyact.activities import rules

    rules.activity_values_check(values, counterpart=counterpart, now=now)


def check_transition(current: str, new: str) -> None:
    """A done activity is a fact and a cancelled one stays cancelled (the services' table)."""
    from keyact.activities import rules

    rules.transition_check(current, new)
