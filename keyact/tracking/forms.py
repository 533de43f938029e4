"""Forms of the tracking settings pages (administrators): the working calendar and robots."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from keyact.orgs.models import Department
from keyact.tracking.models import CalendarSetting, TeamChannel

# Offered in the time-zone field; any IANA name is accepted (the service checks it).
COMMON_TIME_ZONES = (
    "Asia/Shanghai",
    "Asia/Hong_Kong",
    "Asia/Taipei",
    "Asia/Singapore",
    "Asia/Tokyo",
    "Asia/Kolkata",
    "Europe/London",
    "Europe/Berlin",
    "America/New_York",
    "America/Los_Angeles",
    "UTC",
)


class CalendarSettingForm(forms.Form):
    """The base working calendar and the time zone."""

    base = forms.ChoiceField(label=_("Working calendar"), choices=CalendarSetting.Base.choices)
    time_zone = forms.CharField(
        label=_("Time zone"),
        max_length=64,
        widget=forms.TextInput(attrs={"list": "time-zones", "autocomplete": "off"}),
        help_text=_("An IANA name such as Asia/Shanghai: the day of an activity is counted there."),
    )


class CalendarDayForm(forms.Form):
    """A company day off or an extra working day."""

    DAY_OFF = "off"
    WORKING = "working"

    date = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}))
    kind = forms.ChoiceField(
        label=_("This day is"),
        choices=[(DAY_OFF, _("a company day off")), (WORKING, _("an extra working day"))],
    )
    note = forms.CharField(label=_("Note"), max_length=200, required=False)


class TeamChannelForm(forms.Form):
    """A group robot for a team."""

    department_id = forms.TypedChoiceField(label=_("Team"), coerce=int)
    kind = forms.ChoiceField(label=_("Robot"), choices=TeamChannel.Kind.choices)
    url = forms.CharField(
        label=_("Webhook address"),
        max_length=500,
        help_text=_("Copied from the robot's settings in the group chat."),
    )
    secret = forms.CharField(
        label=_("Signing secret"),
        max_length=200,
        required=False,
        help_text=_(
            "DingTalk (加签) and Feishu (签名校验) robots with signing on; WeCom needs none."
        ),
    )
    language = forms.ChoiceField(
        label=_("Language of the messages"), choices=[("zh-hans", "简体中文"), ("en", "English")]
    )

    def __init__(self, *args: Any, departments: Iterable[Department] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["department_id"]
        assert isinstance(field, forms.TypedChoiceField)
        field.choices = [(d.pk, d.name) for d in departments]
