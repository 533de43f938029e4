"""Template filters of tracking: pacing status labels and colours; the progress of the
person looking, for pages of the apps below tracking (the key-activity pages), which cannot
import the engine themselves."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.translation import gettext as _

from keyact.orgs.access import acting_user
from keyact.tracking.progress import KeyActivityProgress
from keyact.tracking.selectors import progress_for_owner

register = template.Library()

_CLASSES = {
    "achieved": "text-bg-success",
    "on_track": "text-bg-primary",
    "at_risk": "text-bg-warning",
    "off_track": "text-bg-danger",
}


@register.filter
def status_label(status: str | None) -> str:
    """The pacing status in words."""
    labels = {
        "achieved": _("Achieved"),
        "on_track": _("On track"),
        "at_risk": _("At risk"),
        "off_track": _("Off track"),
    }
    return labels.get(status or "", _("No target"))


@register.filter
def status_class(status: str | None) -> str:
    """The badge colour of a pacing status."""
    return _CLASSES.get(status or "", "text-bg-light border")


@register.filter
def percent(value: float | None) -> str:
    """A share as a whole percentage, or a dash."""
    return "—" if value is None else f"{round(value * 100)}%"


@register.simple_tag(takes_context=True)
def my_progress(context: Any, key_activity_id: int | None = None) -> list[KeyActivityProgress]:
    """The progress of the person looking on the key activities they own (or on the one named),
    from the tracking engine: the same figures as My day and the team board."""
    request = context.get("request")
    if request is None or not request.user.is_authenticated:
        return []
    return progress_for_owner(user=acting_user(request), key_activity_id=key_activity_id)
