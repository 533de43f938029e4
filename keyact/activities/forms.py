"""Forms of the activity pages. Choices always come from the acting user's scope."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from keyact.activities.catalog import ICON_PALETTE
from keyact.activities.models import Activity, ActivityType, Counterpart, Outcome
from keyact.activities.rules import REASON_MAX_LENGTH
from keyact.activities.selectors import activity_type_list, activity_type_usage
from keyact.core.forms import LimitedText, choice_field
from keyact.customers.forms import PICK_LIMIT, customer_choices
from keyact.deals.selectors import opportunity_list
from keyact.orgs.selectors import user_list
from keyact.users.models import User

DATETIME_LOCAL = "%Y-%m-%dT%H:%M"
OUTCOME_CHOICES = [("", _("Not recorded")), *Outcome.choices]


def _datetime_widget() -> forms.DateTimeInput:
    return forms.DateTimeInput(attrs={"type": "datetime-local"}, format=DATETIME_LOCAL)


def type_choices(user: User, *, include_inactive: bool = False) -> list[tuple[int, str]]:
    """Activity types of the user's organisation as (id, name in the active language)."""
    return [
        (t.pk, t.name) for t in activity_type_list(user=user, include_inactive=include_inactive)
    ]


def opportunity_choices(user: User) -> list[tuple[str, str]]:
    """Opportunities inside the user's scope, for a select."""
    rows = opportunity_list(user=user).values_list("pk", "name", "customer__name")[:PICK_LIMIT]
    return [("", "—")] + [
        (str(pk), f"{name} · {customer}" if customer else name) for pk, name, customer in rows
    ]


@dataclass(frozen=True)
class TypeGroup:
    """The activity types done with one counterpart (活动对象), most used first."""

    counterpart: str
    label: str
    types: list[ActivityType]


def type_groups(types: list[ActivityType], usage: dict[int, int]) -> list[TypeGroup]:
    """Types grouped by counterpart in the article's order (customer, manager, supporter, self);
    inside a group the types the user logs most come first, then the catalog order."""
    groups = []
    for counterpart, label in Counterpart.choices:
        members = [t for t in types if t.counterpart == counterpart]
        if members:
            members.sort(key=lambda t: (-usage.get(t.pk, 0), t.order, t.pk))
            groups.append(TypeGroup(counterpart=counterpart, label=str(label), types=members))
    return groups


class QuickLogForm(forms.Form):
    """Record a done activity in a few taps: type, customer or opportunity, outcome, note."""

    type_id = forms.TypedChoiceField(
        label=_("What did you do?"),
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose an activity type.")},
    )
    customer_id = forms.IntegerField(required=False, widget=forms.HiddenInput)
    opportunity_id = forms.IntegerField(required=False, widget=forms.HiddenInput)
    outcome = forms.ChoiceField(
        label=_("Outcome"), choices=Outcome.choices, required=False, widget=forms.RadioSelect
    )
    commitment_text = forms.CharField(
        label=_("What did the customer commit to?"),
        max_length=500,
        required=False,
        help_text=_("An action by a date, e.g. “CFO joins the demo on Friday”."),
    )
    notes = LimitedText(
        label=_("Note"),
        required=False,
        limit=10000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    # Filled by the browser's geolocation when the rep taps "Check in here".
    checkin_latitude = forms.FloatField(
        required=False, min_value=-90, max_value=90, widget=forms.HiddenInput
    )
    checkin_longitude = forms.FloatField(
        required=False, min_value=-180, max_value=180, widget=forms.HiddenInput
    )
    checkin_accuracy_m = forms.FloatField(required=False, min_value=0, widget=forms.HiddenInput)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        coordinates = (data.get("checkin_latitude"), data.get("checkin_longitude"))
        if (coordinates[0] is None) != (coordinates[1] is None):
            raise forms.ValidationError(_("The check-in location is incomplete; check in again."))
        return data

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.types = list(activity_type_list(user=user))
        choice_field(self, "type_id").choices = [(t.pk, t.name) for t in self.types]
        self.type_groups = type_groups(self.types, activity_type_usage(user=user))


class PlanForm(forms.Form):
    """Plan an activity: what, with whom and when it is due."""

    type_id = forms.TypedChoiceField(label=_("Activity type"), coerce=int)
    customer_id = forms.IntegerField(required=False, widget=forms.HiddenInput)
    opportunity_id = forms.IntegerField(required=False, widget=forms.HiddenInput)
    occurred_at = forms.DateTimeField(label=_("Due"), widget=_datetime_widget())
    subject = forms.CharField(label=_("Subject"), max_length=200, required=False)

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choice_field(self, "type_id").choices = type_choices(user)


class CompleteForm(forms.Form):
    """Mark a planned activity done and say how it ended."""

    outcome = forms.ChoiceField(label=_("Outcome"), choices=OUTCOME_CHOICES, required=False)
    commitment_text = forms.CharField(
        label=_("What did the customer commit to?"), max_length=500, required=False
    )
    notes = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class ReopenForm(forms.Form):
    """Set a done activity back to planned; the reason goes to its history."""

    expected_version = forms.IntegerField(widget=forms.HiddenInput)
    reason = forms.CharField(
        label=_("Why is it reopened?"),
        max_length=REASON_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("It no longer counts as done until it is marked done again."),
    )


class ActivityEditForm(forms.Form):
    """Correct an activity. ``expected_version`` detects an edit made meanwhile by someone else."""

    expected_version = forms.IntegerField(widget=forms.HiddenInput)
    type_id = forms.TypedChoiceField(label=_("Activity type"), coerce=int)
    occurred_at = forms.DateTimeField(label=_("When"), widget=_datetime_widget())
    duration_minutes = forms.IntegerField(
        label=_("Duration (minutes)"), required=False, min_value=0, max_value=1440
    )
    customer_id = forms.TypedChoiceField(
        label=_("Customer"), coerce=int, empty_value=None, required=False
    )
    opportunity_id = forms.TypedChoiceField(
        label=_("Opportunity"), coerce=int, empty_value=None, required=False
    )
    subject = forms.CharField(label=_("Subject"), max_length=200, required=False)
    outcome = forms.ChoiceField(label=_("Outcome"), choices=OUTCOME_CHOICES, required=False)
    commitment_text = forms.CharField(
        label=_("What did the customer commit to?"), max_length=500, required=False
    )
    notes = LimitedText(
        label=_("Notes"), required=False, limit=10000, widget=forms.Textarea(attrs={"rows": 4})
    )
    customer_confirmed = forms.BooleanField(label=_("Confirmed by the customer"), required=False)
    customer_confirmed_by = forms.CharField(label=_("Confirmed by"), max_length=150, required=False)

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choice_field(self, "type_id").choices = type_choices(user, include_inactive=True)
        choice_field(self, "customer_id").choices = customer_choices(user)
        choice_field(self, "opportunity_id").choices = opportunity_choices(user)

    @staticmethod
    def initial_for(activity: Activity) -> dict[str, Any]:
        """The form's initial values from an activity."""
        return {
            "expected_version": activity.version,
            "type_id": activity.type_id,
            "occurred_at": activity.occurred_at,
            "duration_minutes": activity.duration_minutes,
            "customer_id": activity.customer_id,
            "opportunity_id": activity.opportunity_id,
            "subject": activity.subject,
            "outcome": activity.outcome,
            "commitment_text": activity.commitment_text,
            "notes": activity.notes,
            "customer_confirmed": activity.customer_confirmed,
            "customer_confirmed_by": activity.customer_confirmed_by,
        }


class ActivityFilterForm(forms.Form):
    """Filters of the activity list (all optional)."""

    q = forms.CharField(label=_("Text"), required=False)
    owner = forms.TypedChoiceField(label=_("Owner"), coerce=int, empty_value=None, required=False)
    type = forms.TypedChoiceField(label=_("Type"), coerce=int, empty_value=None, required=False)
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("Any")), *Activity.Status.choices]
    )
    customer = forms.TypedChoiceField(
        label=_("Customer"), coerce=int, empty_value=None, required=False
    )
    opportunity = forms.TypedChoiceField(
        label=_("Opportunity"), coerce=int, empty_value=None, required=False
    )
    date_from = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = forms.DateField(
        label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        anyone = [("", _("Anyone"))]
        choice_field(self, "owner").choices = anyone + [
            (u.pk, u.label) for u in user_list(user=user)
        ]
        choice_field(self, "type").choices = [
            ("", _("Any type")),
            *type_choices(user, include_inactive=True),
        ]
        choice_field(self, "customer").choices = [
            ("", _("Any customer")),
            *customer_choices(user)[1:],
        ]
        choice_field(self, "opportunity").choices = [
            ("", _("Any opportunity")),
            *opportunity_choices(user)[1:],
        ]


class IconPalette(forms.RadioSelect):
    """The icon choices drawn as buttons showing the icon (the template draws them)."""


ICON_CHOICES: list[tuple[str, Any]] = [(icon, label) for icon, label in ICON_PALETTE]


def _icon_field() -> forms.ChoiceField:
    return forms.ChoiceField(
        label=_("Icon"),
        choices=ICON_CHOICES,
        required=False,
        widget=IconPalette(attrs={"class": "btn-check"}),
    )


class ActivityTypeCreateForm(forms.Form):
    """Add an industry activity type, named in both languages; its code is made from the
    English name, its icon picked from a palette."""

    name_en = forms.CharField(label=_("Name (English)"), max_length=100, required=False)
    name_zh = forms.CharField(label=_("Name (Chinese)"), max_length=100, required=False)
    counterpart = forms.ChoiceField(
        label=_("Counterpart"), choices=Counterpart.choices, initial=Counterpart.CUSTOMER
    )
    icon = _icon_field()


class ActivityTypeRenameForm(forms.Form):
    """Rename an activity type in both languages, or change its icon."""

    name_en = forms.CharField(label=_("Name (English)"), max_length=100, required=False)
    name_zh = forms.CharField(label=_("Name (Chinese)"), max_length=100, required=False)
    icon = _icon_field()

    def __init__(self, *args: Any, current_icon: str = "", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = choice_field(self, "icon")
        if current_icon and current_icon not in dict(ICON_PALETTE):
            # A standard type's own icon stays on offer (first) so saving keeps it.
            field.choices = [(current_icon, _("Current icon")), *ICON_CHOICES]
