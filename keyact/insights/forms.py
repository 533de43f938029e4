"""The period and stall threshold every insights page takes."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class AnalysisForm(forms.Form):
    """Which deals to analyse (closed in the period) and when a deal counts as stalled."""

    date_from = forms.DateField(label=_("Closed from"), required=False, widget=DATE)
    date_to = forms.DateField(label=_("Closed to"), required=False, widget=DATE)
    stall_days = forms.IntegerField(
        label=_("Stalled after (days without customer activity)"),
        min_value=3,
        max_value=180,
        required=False,
        initial=21,
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and start > end:
            self.add_error("date_to", _("The period ends before it starts."))
        return data
