"""Forms of the key-activity pages. Choices come from the acting user's organisation and scope;
the rules themselves live in the services."""

from __future__ import annotations

from typing import Any

from django import forms
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
from keyact.orgs.models import Role
from keyact.orgs.selectors import department_list, organization_members, user_list
from keyact.playbook.selectors import process_list
from keyact.users.models import User

IMPACT_CHOICES = [(i, str(i)) for i in range(1, 6)]
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

    version = forms.IntegerField(widget=forms.HiddenInput)
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
    review_day = forms.IntegerField(
        label=_("Review day"),
        min_value=0,
        max_value=28,
        help_text=_("Weekly: 0 = Monday … 6 = Sunday. Monthly: day 1 to 28."),
    )
    valid_from = forms.DateField(label=_("Valid from"), widget=DATE)
    valid_to = forms.DateField(label=_("Valid to"), widget=DATE, required=False)

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["activity_type_ids"].choices = _type_choices(user)  # type: ignore[attr-defined]


class StagesForm(forms.Form):
    """Up to three stages of a staged standard (empty rows are ignored)."""

    version = forms.IntegerField(widget=forms.HiddenInput)

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
            self.fields[f"name_en_{row}"] = forms.CharField(
                label=_("Stage (English)"), max_length=150, required=False
            )
            self.fields[f"name_zh_{row}"] = forms.CharField(
                label=_("Stage (Chinese)"), max_length=150, required=False
            )

    def rows(self) -> list[tuple[Any, ...]]:
        """The bound fields of each row, for the template."""
        return [
            (
                row,
                self[f"type_{row}"],
                self[f"quantity_{row}"],
                self[f"name_en_{row}"],
                self[f"name_zh_{row}"],
            )
            for row in range(1, self.ROWS + 1)
        ]


class QualityForm(forms.Form):
    """The quality standard, of one kind."""

    version = forms.IntegerField(widget=forms.HiddenInput)
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

    version = forms.IntegerField(widget=forms.HiddenInput)
    text_en = forms.CharField(label=_("Step (English)"), max_length=500, required=False)
    text_zh = forms.CharField(label=_("Step (Chinese)"), max_length=500, required=False)


class TrainingForm(forms.Form):
    """A skill-training item."""

    version = forms.IntegerField(widget=forms.HiddenInput)
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

    version = forms.IntegerField(widget=forms.HiddenInput)
    kind = forms.ChoiceField(label=_("Kind"), choices=Tool.Kind.choices)
    name_en = forms.CharField(label=_("Name (English)"), max_length=200, required=False)
    name_zh = forms.CharField(label=_("Name (Chinese)"), max_length=200, required=False)
    url = forms.URLField(label=_("Link"), max_length=500, required=False, assume_scheme="https")
    amount = forms.DecimalField(
        label=_("Budget"), min_value=0, max_digits=12, decimal_places=2, required=False
    )
    provided_by = forms.CharField(label=_("Provided by"), max_length=200, required=False)


class OwnersForm(forms.Form):
    """Owners (people in the manager's scope) and the lead."""

    version = forms.IntegerField(widget=forms.HiddenInput)
    owner_ids = forms.TypedMultipleChoiceField(
        label=_("Owners"),
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "form-check-input"}),
    )
    lead_id = forms.TypedChoiceField(label=_("Lead"), coerce=int, required=False, empty_value=None)

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        people = [(u.pk, u.label) for u in user_list(user=user)]
        self.fields["owner_ids"].choices = people  # type: ignore[attr-defined]
        self.fields["lead_id"].choices = [("", "—"), *people]  # type: ignore[attr-defined]


class SupportersForm(forms.Form):
    """Supporters (e.g. presales) who help the owners and see the key activity."""

    version = forms.IntegerField(widget=forms.HiddenInput)
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


class StaffingGapForm(forms.Form):
    """Nobody suitable yet."""

    version = forms.IntegerField(widget=forms.HiddenInput)
    note = forms.CharField(
        label=_("What kind of person is missing?"), max_length=500, required=False
    )


class TargetsForm(forms.Form):
    """Generate targets for a period, or set one owner's or one team's target."""

    version = forms.IntegerField(widget=forms.HiddenInput)
    period_start = forms.DateField(label=_("Any day in the period"), widget=DATE)
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
