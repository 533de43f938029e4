"""Forms of the key-activity pages. Choices come from the acting user's organisation and scope;
the rules themselves live in the services."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _

from keyact.activities.selectors import activity_type_list
from keyact.keyactivities.models import (
    Aggregate,
    KeyActivity,
    Lens,
    MinimumOutcome,
    Period,
    QualityKind,
    Tool,
    TrackingFrequency,
)
from keyact.keyactivities.periods import period_bounds
from keyact.orgs.models import Role
from keyact.orgs.selectors import department_list, organization_members, user_list
from keyact.playbook.selectors import process_list
from keyact.users.models import User

IMPACT_CHOICES = [(i, str(i)) for i in range(1, 6)]
WEEKDAYS = [
    (0, _("Monday")),
    (1, _("Tuesday")),
    (2, _("Wednesday")),
    (3, _("Thursday")),
    (4, _("Friday")),
    (5, _("Saturday")),
    (6, _("Sunday")),
]
DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _type_choices(user: User) -> list[tuple[int, str]]:
    return [(t.pk, t.name) for t in activity_type_list(user=user)]


class CandidateForm(forms.Form):
    """A candidate found through one lens."""

    lens = forms.ChoiceField(choices=Lens.choices, widget=forms.HiddenInput)
    title_en = forms.CharField(label=_("Title (English)"), max_length=200, required=False)
    title_zh = forms.CharField(label=_("Title (Chinese)"), max_length=200, required=False)
    rationale = forms.CharField(
        label=_("Why it matters"),
        max_length=5000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    evidence = forms.CharField(
        label=_("Evidence"),
        max_length=5000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("What you have seen: numbers, examples, who does it."),
    )
    impact = forms.TypedChoiceField(
        label=_("Estimated impact (1 = small, 5 = large)"),
        choices=IMPACT_CHOICES,
        coerce=int,
        initial=3,
    )
    step_id = forms.TypedChoiceField(
        label=_("Process step"), coerce=int, required=False, empty_value=None
    )
    activity_type_ids = forms.TypedMultipleChoiceField(
        label=_("Activity types"),
        coerce=int,
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 4}),
    )

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        steps: list[tuple[Any, str]] = [("", "—")]
        for process in process_list(user=user):
            steps += [(s.pk, f"{process.name} · {s.name}") for s in process.steps.all()]
        self.fields["step_id"].choices = steps  # type: ignore[attr-defined]
        self.fields["activity_type_ids"].choices = _type_choices(user)  # type: ignore[attr-defined]


class DecisionForm(forms.Form):
    """Select or leave unselected, with the reason."""

    decision = forms.ChoiceField(choices=[("selected", "selected"), ("rejected", "rejected")])
    reason = forms.CharField(max_length=2000, required=False)


class DefineForm(forms.Form):
    """Name, measure, quantity standard, tracking frequency and validity."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1, max_value=2**31 - 1)
    name_en = forms.CharField(label=_("Name (English)"), max_length=200, required=False)
    name_zh = forms.CharField(label=_("Name (Chinese)"), max_length=200, required=False)
    purpose_en = forms.CharField(
        label=_("Purpose (English)"),
        max_length=5000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    purpose_zh = forms.CharField(
        label=_("Purpose (Chinese)"),
        max_length=5000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    activity_type_ids = forms.TypedMultipleChoiceField(
        label=_("Activity types that count"),
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "form-check-input"}),
    )
    aggregate = forms.ChoiceField(label=_("Count"), choices=Aggregate.choices)
    period = forms.ChoiceField(label=_("Per"), choices=Period.choices)
    quantity = forms.IntegerField(
        label=_("Quantity per owner and period"), min_value=1, max_value=100_000, required=False
    )
    tracking_frequency = forms.ChoiceField(
        label=_("Tracking frequency"), choices=TrackingFrequency.choices
    )
    review_weekday = forms.TypedChoiceField(
        label=_("Review day"), choices=WEEKDAYS, coerce=int, required=False, empty_value=None
    )
    review_monthday = forms.TypedChoiceField(
        label=_("Review day of the month"),
        choices=[(day, str(day)) for day in range(1, 29)],
        coerce=int,
        required=False,
        empty_value=None,
    )
    valid_from = forms.DateField(label=_("Valid from"), widget=DATE)
    valid_to = forms.DateField(label=_("Valid to"), widget=DATE, required=False)

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        initial = dict(kwargs.pop("initial", None) or {})
        if "review_day" in initial:
            day = initial.pop("review_day")
            monthly = initial.get("tracking_frequency") == TrackingFrequency.MONTHLY
            initial["review_monthday" if monthly else "review_weekday"] = day
        kwargs["initial"] = initial
        super().__init__(*args, **kwargs)
        self.fields["activity_type_ids"].choices = _type_choices(user)  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        """The review day from the picker that fits the tracking frequency."""
        data = super().clean() or {}
        monthly = data.get("tracking_frequency") == TrackingFrequency.MONTHLY
        field = "review_monthday" if monthly else "review_weekday"
        day = data.pop("review_monthday", None), data.pop("review_weekday", None)
        data["review_day"] = day[0] if monthly else day[1]
        if data["review_day"] is None and "tracking_frequency" in data:
            self.add_error(field, _("Choose the review day."))
        return data


class StagesForm(forms.Form):
    """Up to three stages of a staged standard (empty rows are ignored)."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1, max_value=2**31 - 1)

    ROWS = 3

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices: list[tuple[Any, str]] = [("", "—"), *_type_choices(user)]
        for row in range(1, self.ROWS + 1):
            self.fields[f"type_{row}"] = forms.TypedChoiceField(
                label=_("Activity type"),
                choices=choices,
                coerce=int,
                required=False,
                empty_value=None,
            )
            self.fields[f"quantity_{row}"] = forms.IntegerField(
                label=_("Quantity"), min_value=1, max_value=100_000, required=False
            )
            self.fields[f"name{row}_en"] = forms.CharField(
                label=_("Stage (English)"), max_length=150, required=False
            )
            self.fields[f"name{row}_zh"] = forms.CharField(
                label=_("Stage (Chinese)"), max_length=150, required=False
            )

    def rows(self) -> list[tuple[Any, ...]]:
        """Each row's number, type and quantity fields, and the stem of its name fields."""
        return [
            (row, self[f"type_{row}"], self[f"quantity_{row}"], f"name{row}")
            for row in range(1, self.ROWS + 1)
        ]


class QualityForm(forms.Form):
    """The quality standard, of one kind."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1, max_value=2**31 - 1)
    kind = forms.ChoiceField(label=_("Kind"), choices=QualityKind.choices, widget=forms.RadioSelect)
    min_outcome = forms.ChoiceField(
        label=_("Minimum outcome"), choices=[("", "—"), *MinimumOutcome.choices], required=False
    )
    evidence_checkin = forms.BooleanField(label=_("Check-in at the customer"), required=False)
    evidence_max_distance_m = forms.IntegerField(
        label=_("Within metres"), min_value=1, max_value=100_000, required=False
    )
    evidence_photo = forms.BooleanField(label=_("Photo"), required=False)
    evidence_confirmation = forms.BooleanField(label=_("Customer confirmation"), required=False)
    rubric_criteria = forms.CharField(
        label=_("Rubric criteria (one per line)"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    rubric_threshold = forms.DecimalField(
        label=_("Minimum average score (1-5)"),
        min_value=1,
        max_value=5,
        decimal_places=2,
        required=False,
    )
    checklist_step_ids = forms.TypedMultipleChoiceField(
        label=_("Guide steps the checklist requires"),
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, key_activity: KeyActivity, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["checklist_step_ids"].choices = [  # type: ignore[attr-defined]
            (s.pk, f"{s.order}. {s.text}") for s in key_activity.guide_steps.all()
        ]


class GuideStepForm(forms.Form):
    """A step of the operating guide."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1, max_value=2**31 - 1)
    text_en = forms.CharField(label=_("Step (English)"), max_length=500, required=False)
    text_zh = forms.CharField(label=_("Step (Chinese)"), max_length=500, required=False)


class TrainingForm(forms.Form):
    """A skill-training item."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1, max_value=2**31 - 1)
    title_en = forms.CharField(label=_("Title (English)"), max_length=200, required=False)
    title_zh = forms.CharField(label=_("Title (Chinese)"), max_length=200, required=False)
    material_en = forms.CharField(
        label=_("Material (English)"),
        max_length=5000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    material_zh = forms.CharField(
        label=_("Material (Chinese)"),
        max_length=5000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    link = forms.URLField(label=_("Link"), max_length=500, required=False, assume_scheme="https")


class ToolForm(forms.Form):
    """A tool or resource."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1, max_value=2**31 - 1)
    kind = forms.ChoiceField(label=_("Kind"), choices=Tool.Kind.choices)
    name_en = forms.CharField(label=_("Name (English)"), max_length=200, required=False)
    name_zh = forms.CharField(label=_("Name (Chinese)"), max_length=200, required=False)
    url = forms.URLField(label=_("Link"), max_length=500, required=False, assume_scheme="https")
    amount = forms.DecimalField(
        label=_("Budget"), min_value=0, max_digits=12, decimal_places=2, required=False
    )
    provided_by = forms.CharField(label=_("Provided by"), max_length=200, required=False)


class OwnersForm(forms.Form):
    """Owners (people in the manager's scope, grouped by team), the lead among them, or an
    openly declared staffing gap."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1, max_value=2**31 - 1)
    owner_ids = forms.TypedMultipleChoiceField(
        label=_("Owners"),
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "form-check-input"}),
    )
    lead_id = forms.TypedChoiceField(
        label=_("Lead"),
        coerce=int,
        required=False,
        empty_value=None,
        help_text=_("With several owners, one leads: the person the manager asks first."),
    )
    staffing_gap = forms.BooleanField(
        label=_("Nobody suitable yet: declare a staffing gap"), required=False
    )
    staffing_note = forms.CharField(
        label=_("What kind of person is missing?"), max_length=500, required=False
    )

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        people = list(user_list(user=user))
        self.teams = owner_groups(people)
        choices = [(u.pk, u.label) for u in people]
        self.fields["owner_ids"].choices = choices  # type: ignore[attr-defined]
        self.fields["lead_id"].choices = [("", "—"), *choices]  # type: ignore[attr-defined]

    def grouped_owners(self) -> list[tuple[str, list[Any]]]:
        """The owner checkboxes by team, for the searchable picker."""
        boxes = {int(box.data["value"]): box for box in self["owner_ids"]}
        return [(team, [boxes[pk] for pk in ids if pk in boxes]) for team, ids in self.teams]


def owner_groups(people: list[User]) -> list[tuple[str, list[int]]]:
    """People's ids by team (the team's name; no team last), teams and people by name."""
    groups: dict[str, list[User]] = {}
    for person in people:
        membership = getattr(person, "membership", None)
        department = getattr(membership, "department", None)
        groups.setdefault(department.name if department else "", []).append(person)
    return [
        (team or str(_("No team")), [u.pk for u in sorted(members, key=lambda u: u.label)])
        for team, members in sorted(groups.items(), key=lambda item: (not item[0], item[0]))
    ]


class SupportersForm(forms.Form):
    """Supporters (e.g. presales) who help the owners and see the key activity."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1, max_value=2**31 - 1)
    supporter_ids = forms.TypedMultipleChoiceField(
        label=_("Supporters"),
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "form-check-input"}),
    )

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["supporter_ids"].choices = [  # type: ignore[attr-defined]
            (u.pk, u.label)
            for u in organization_members(user=user).filter(membership__role=Role.SUPPORTER)
        ]


class TargetsForm(forms.Form):
    """Generate targets for a period, or set one owner's or one team's target."""

    version = forms.IntegerField(widget=forms.HiddenInput)
    period_start = forms.TypedChoiceField(label=_("Period"), coerce=dt.date.fromisoformat)
    owner_id = forms.TypedChoiceField(
        label=_("Responsible person"), coerce=int, required=False, empty_value=None
    )
    department_id = forms.TypedChoiceField(
        label=_("Team"), coerce=int, required=False, empty_value=None
    )
    quantity = forms.IntegerField(
        label=_("Target"), min_value=0, max_value=1_000_000, required=False
    )
    stage_quantities = forms.CharField(
        label=_("Per stage (e.g. 10, 5)"), max_length=100, required=False
    )

    def __init__(self, *args: Any, user: User, key_activity: KeyActivity, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["period_start"].choices = period_choices(  # type: ignore[attr-defined]
            key_activity.period, key_activity.valid_from, key_activity.valid_to
        )
        self.fields["owner_id"].choices = [  # type: ignore[attr-defined]
            ("", "—"),
            *[(o.user_id, o.user.label) for o in key_activity.owners.all()],
        ]
        self.fields["department_id"].choices = [  # type: ignore[attr-defined]
            ("", "—"),
            *[(d.pk, d.name) for d in department_list(user=user)],
        ]

    def clean_stage_quantities(self) -> list[int] | None:
        """``"10, 5"`` → [10, 5]; empty → None (scaled from the standard)."""
        raw = str(self.cleaned_data.get("stage_quantities") or "").replace("，", ",")  # noqa: RUF001
        if not raw.strip():
            return None
        try:
            return [int(part) for part in raw.split(",") if part.strip()]
        except ValueError as exc:
            raise forms.ValidationError(_("Whole numbers separated by commas.")) from exc


def period_label(period: str, start: dt.date) -> str:
    """A period as people name it: "December 2026", "Q4 2026", or the week's first and last day."""
    if period == Period.WEEK:
        end = period_bounds(period, start)[1]
        first, last = (formats.date_format(d, "MONTH_DAY_FORMAT") for d in (start, end))
        return f"{first} – {last}"  # noqa: RUF001
    if period == Period.QUARTER:
        return str(_("Q%(q)s %(year)s") % {"q": (start.month - 1) // 3 + 1, "year": start.year})
    return formats.date_format(start, "YEAR_MONTH_FORMAT")


def period_choices(
    period: str, valid_from: dt.date, valid_to: dt.date | None, *, today: dt.date | None = None
) -> list[tuple[str, str]]:
    """The periods a target can be set for: from the one before today's to a year ahead (weeks:
    the coming twelve), inside the key activity's validity."""
    today = today or timezone.localdate()
    first = period_bounds(
        period, max(valid_from, period_bounds(period, today)[0] - dt.timedelta(days=1))
    )[0]
    if valid_from > today:
        first = period_bounds(period, valid_from)[0]
    count = 14 if period == Period.WEEK else (13 if period == Period.MONTH else 5)
    choices = []
    start = first
    for _index in range(count):
        if valid_to is not None and start > valid_to:
            break
        choices.append((start.isoformat(), period_label(period, start)))
        start = period_bounds(period, start)[1] + dt.timedelta(days=1)
    return choices
