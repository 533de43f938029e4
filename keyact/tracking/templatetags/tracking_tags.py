"""Template filters of tracking: pacing status labels and colours."""

from __future__ import annotations

from django import template
from django.utils.translation import gettext as _

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
