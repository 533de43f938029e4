"""The rules an activity record obeys, in one place (docs/adr/0013-activity-status-transitions.md).

The services apply them to every write (pages, API, admin) and the importers call them for
every row, so no entry point can store what another refuses. They are plain functions over
values: no query, no side effect; each raises a ``DomainError`` naming the field at fault.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from django.utils.translation import gettext as _

from keyact.activities.models import Activity, Counterpart, Outcome
from keyact.core.columns import columns_check
from keyact.core.errors import DomainError, InvalidValue
from keyact.core.numbers import format_number

Status = Activity.Status

# Phones and servers disagree on the time by seconds to minutes: a done activity may lie this
# far ahead of the server's clock.
CLOCK_SKEW = dt.timedelta(minutes=5)

# The statuses an ordinary change may move an activity to, by its current status. A done
# activity is a fact: it goes back to planned only through ``activity_reopen``, which needs a
# reason and is its own entry in the history; a cancelled activity stays cancelled.
TRANSITIONS: Mapping[str, frozenset[str]] = {
    Status.PLANNED: frozenset({Status.PLANNED, Status.DONE, Status.CANCELLED}),
    Status.DONE: frozenset({Status.DONE}),
    Status.CANCELLED: frozenset({Status.CANCELLED}),
}
# Statuses ``activity_reopen`` accepts, and the status it sets.
REOPENABLE = frozenset({Status.DONE})
REOPENED_STATUS = Status.PLANNED
REASON_MAX_LENGTH = 500

# (Sets built once: ``Choices.values`` builds a new list on every call, and importers check a
# million rows.)
_STATUSES = frozenset(Status.values)
_OUTCOMES = frozenset(Outcome.values)

# Text columns a caller writes; their lengths are checked before the database sees them.
TEXT_FIELDS = ("subject", "outcome", "commitment_text", "notes", "customer_confirmed_by")


def transition_check(current: str, new: str) -> None:
    """Refuse a status change the table does not allow."""
    if new not in _STATUSES:
        raise InvalidValue(_("Unknown status."), field="status")
    if new in TRANSITIONS[current]:
        return
    if current == Status.CANCELLED:
        raise DomainError(_("A cancelled activity cannot be reopened."), field="status")
    if new == Status.CANCELLED:
        raise DomainError(
            _("A done activity is a fact and cannot be cancelled; correct it instead."),
            field="status",
        )
    raise DomainError(_("A done activity is a fact; reopen it to plan it again."), field="status")


def location_check(latitude: Any, longitude: Any, accuracy: Any) -> None:
    """A check-in location is a pair of coordinates in range; its accuracy needs the pair."""
    if (latitude is None) != (longitude is None):
        raise InvalidValue(
            _("Give both latitude and longitude, or neither."),
            field="checkin_longitude" if longitude is None else "checkin_latitude",
        )
    if latitude is not None and not -90 <= latitude <= 90:
        raise InvalidValue(_("Latitude must lie between -90 and 90."), field="checkin_latitude")
    if longitude is not None and not -180 <= longitude <= 180:
        raise InvalidValue(_("Longitude must lie between -180 and 180."), field="checkin_longitude")
    if accuracy is not None:
        if latitude is None:
            raise InvalidValue(
                _("An accuracy needs a check-in location."), field="checkin_accuracy_m"
            )
        if accuracy < 0:
            raise InvalidValue(_("The accuracy cannot be negative."), field="checkin_accuracy_m")


def done_not_in_future_check(status: str, occurred_at: dt.datetime, now: dt.datetime) -> None:
    """A done activity happened: it cannot lie in the future (it would count as progress)."""
    if status == Status.DONE and occurred_at > now + CLOCK_SKEW:
        raise InvalidValue(
            _("A done activity cannot lie in the future; plan it instead, or correct the time."),
            field="occurred_at",
        )


def customer_check(counterpart: str, customer_id: int | None) -> None:
    """An activity done with a customer (a visit, a demo) names the customer."""
    if counterpart == Counterpart.CUSTOMER and customer_id is None:
        raise InvalidValue(
            _("This activity is done with a customer: choose the customer."), field="customer_id"
        )


def activity_values_check(
    values: Mapping[str, Any], *, counterpart: str | None, now: dt.datetime
) -> None:
    """Check the values of a whole activity (a new one, or one after a change).

    ``counterpart`` is the type's; None skips the customer rule (the type did not change and
    neither did the customer). Keys missing from ``values`` are not checked.
    """
    status = values.get("status", Status.DONE)
    if status not in _STATUSES:
        raise InvalidValue(_("Unknown status."), field="status")
    outcome = values.get("outcome")
    if outcome and outcome not in _OUTCOMES:
        raise InvalidValue(_("Unknown outcome."), field="outcome")
    if (
        outcome == Outcome.COMMITMENT
        and "commitment_text" in values
        and not str(values["commitment_text"] or "").strip()
    ):
        raise InvalidValue(_("Say what the customer committed to."), field="commitment_text")
    occurred_at = values.get("occurred_at")
    ended_at = values.get("ended_at")
    if ended_at is not None and occurred_at is not None and ended_at < occurred_at:
        raise InvalidValue(_("The end cannot be before the start."), field="ended_at")
    duration = values.get("duration_minutes")
    if duration is not None and not 0 <= duration <= 24 * 60:
        raise InvalidValue(
            _("The duration must lie between 0 and 1440 minutes."), field="duration_minutes"
        )
    location_check(
        values.get("checkin_latitude"),
        values.get("checkin_longitude"),
        values.get("checkin_accuracy_m"),
    )
    if occurred_at is not None:
        done_not_in_future_check(status, occurred_at, now)
    if counterpart is not None:
        customer_check(counterpart, values.get("customer_id"))
    columns_check(Activity, values, fields=TEXT_FIELDS)


def reason_check(reason: str) -> str:
    """A reopen says why, briefly; returns the reason trimmed."""
    reason = reason.strip()
    if not reason:
        raise InvalidValue(_("Say why the activity is reopened."), field="reason")
    if "\x00" in reason:
        raise InvalidValue(_("The text contains a NUL character; remove it."), field="reason")
    if len(reason) > REASON_MAX_LENGTH:
        raise InvalidValue(
            _("At most %(limit)s characters; this one has %(count)s.")
            % {"limit": format_number(REASON_MAX_LENGTH), "count": format_number(len(reason))},
            field="reason",
        )
    return reason
