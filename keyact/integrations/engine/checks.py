"""The rules each imported row must obey, taken from the apps that own them.

Every check here calls the owning app's rule or, where the app has no separate rule function,
applies the model's own field constraints (lengths, choices) the way the services do, so an
imported row can hold nothing a form or the API would refuse.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Field, Model
from django.utils.translation import gettext as _

from keyact.core.errors import DomainError


def check_columns(model: type[Model], values: Mapping[str, Any]) -> None:
    """Refuse a value its column cannot hold (too long, not a choice, a NUL character)."""
    for name, value in values.items():
        if value is None or value == "":
            continue
        if isinstance(value, str) and "\x00" in value:
            raise DomainError(_("The text contains a NUL character; remove it."), field=name)
        field = model._meta.get_field(name)
        if not isinstance(field, Field):
            continue
        max_length = getattr(field, "max_length", None)
        if isinstance(value, str) and max_length and len(value) > max_length:
            raise DomainError(
                _("At most %(limit)d characters (this has %(count)d).")
                % {"limit": max_length, "count": len(value)},
                field=name,
            )
        if field.choices and value not in {c[0] for c in field.flatchoices}:
            raise DomainError(_("Not one of the allowed values: %s") % value, field=name)


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
    """The activity rules the services apply to a new activity."""
    from keyact.activities.models import Activity, Counterpart, Outcome

    status = values["status"]
    if status not in Activity.Status.values:
        raise DomainError(_("Unknown status."), field="status")
    outcome = values.get("outcome")
    if outcome and outcome not in Outcome.values:
        raise DomainError(_("Unknown outcome."), field="outcome")
    ended_at = values.get("ended_at")
    if ended_at is not None and ended_at < values["occurred_at"]:
        raise DomainError(_("The end cannot be before the start."), field="ended_at")
    duration = values.get("duration_minutes")
    if duration is not None and not 0 <= duration <= 24 * 60:
        raise DomainError(
            _("The duration must lie between 0 and 1440 minutes."), field="duration_minutes"
        )
    if status == Activity.Status.DONE and values["occurred_at"] > now + CLOCK_SKEW:
        raise DomainError(
            _("A done activity cannot lie in the future; plan it instead, or correct the time."),
            field="occurred_at",
        )
    if counterpart == Counterpart.CUSTOMER and values.get("customer_id") is None:
        raise DomainError(
            _("This activity is done with a customer: choose the customer."), field="customer_id"
        )
    check_columns(Activity, {k: v for k, v in values.items() if k in _ACTIVITY_TEXT})


_ACTIVITY_TEXT = ("subject", "notes", "outcome", "commitment_text")
# Phones and servers disagree on the time by seconds to minutes (the services' tolerance).
CLOCK_SKEW = dt.timedelta(minutes=5)


def check_transition(current: str, new: str) -> None:
    """A done activity is a fact and a cancelled one stays cancelled (the services' rule)."""
    from keyact.activities.models import Activity

    if current == new or current == Activity.Status.PLANNED:
        return
    if current == Activity.Status.CANCELLED:
        raise DomainError(_("A cancelled activity cannot be reopened."), field="status")
    if new == Activity.Status.CANCELLED:
        raise DomainError(
            _("A done activity is a fact and cannot be cancelled; correct it instead."),
            field="status",
        )
    raise DomainError(_("A done activity is a fact; reopen it to plan it again."), field="status")
