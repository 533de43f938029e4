"""Forms of the playbook pages: period, thresholds, questionnaire, playbook edits, visit plans
and the strategic-selling assessment."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from keyact.activities.selectors import activity_type_list
from keyact.customers.selectors import contact_list, customer_list
from keyact.deals.selectors import opportunity_list
from keyact.playbook.models import Assessment, BuyingRole, CommitmentLevel, ResponseMode
from keyact.users.models import User

DATE = forms.DateInput(attrs={"type": "date"})
DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class PeriodForm(forms.Form):
    """The period of won deals to diagnose (by closed date)."""

    date_from = forms.DateField(label=_("Closed from"), required=False, widget=DATE)
    date_to = forms.DateField(label=_("Closed to"), required=False, widget=DATE)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and start > end:
            self.add_error("date_to", _("The period ends before it starts."))
        return data


class ThresholdsForm(forms.Form):
    """The organisation's diagnosis thresholds (admins)."""

    large_order_amount = forms.DecimalField(
        label=_("Large order from (amount)"), max_digits=16, decimal_places=2
    )
    large_customer_employees = forms.IntegerField(
        label=_("Large customer from (employees)"), max_value=10**9
    )
    large_customer_revenue = forms.DecimalField(
        label=_("Large customer from (annual revenue)"), max_digits=18, decimal_places=2
    )
    dominant_share = forms.DecimalField(
        label=_("Dominant from (share of won revenue, 0 to 1)"),
        max_digits=4,
        decimal_places=3,
        initial=Decimal("0.3"),
    )


class QuestionnaireForm(forms.Form):
    """The three dimensions of the sales mode, for an organisation without deal history."""

    order_size = forms.ChoiceField(
        label=_("Order size: how large is a typical order?"),
        choices=[
            ("small", _("Small — e.g. finance software, small equipment, logistics")),
            ("large", _("Large — e.g. decoration projects, engines, tyres")),
        ],
        widget=forms.RadioSelect,
        required=False,
    )
    customer_novelty = forms.ChoiceField(
        label=_("Customer novelty: who buys most?"),
        choices=[
            ("new", _("New customers — e.g. finance software, decoration")),
            ("existing", _("Existing customers buying again — e.g. logistics, engines, tyres")),
        ],
        widget=forms.RadioSelect,
        required=False,
    )
    customer_size = forms.ChoiceField(
        label=_("Customer size: how large are the customers?"),
        choices=[
            ("small", _("Small — many small businesses or households")),
            ("large", _("Large — a few big companies, e.g. carmakers buying engines")),
        ],
        widget=forms.RadioSelect,
        required=False,
    )


class NamesForm(forms.Form):
    """English and Chinese name and description of a process, step or activity."""

    name_en = forms.CharField(label=_("Name (English)"), max_length=120, required=False)
    name_zh = forms.CharField(label=_("Name (Chinese)"), max_length=120, required=False)
    description_en = forms.CharField(
        label=_("Description (English)"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    description_zh = forms.CharField(
        label=_("Description (Chinese)"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class StepForm(NamesForm):
    """A new industry-specific step."""

    is_critical = forms.BooleanField(label=_("Critical step"), required=False)


class StepActivityForm(forms.Form):
    """A new activity of a step, optionally mapped to one of the organisation's activity types."""

    name_en = forms.CharField(label=_("Name (English)"), max_length=150, required=False)
    name_zh = forms.CharField(label=_("Name (Chinese)"), max_length=150, required=False)
    activity_type = forms.TypedChoiceField(
        label=_("Activity type"), coerce=int, required=False, empty_value=None
    )
    name_en = forms.CharField(label=_("Name (English)"), max_length=150, required=False)
    name_zh = forms.CharField(label=_("Name (Chinese)"), max_length=150, required=False)

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["activity_type"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [("", _("— not mapped —"))] + [
            (t.pk, t.name) for t in activity_type_list(user=user)
        ]


class MapActivityTypeForm(forms.Form):
    """Rename a step activity and map it to an activity type (empty = no mapping)."""

    activity_type = forms.TypedChoiceField(
        label=_("Activity type"), coerce=int, required=False, empty_value=None
    )
    name_en = forms.CharField(label=_("Name (English)"), max_length=150, required=False)
    name_zh = forms.CharField(label=_("Name (Chinese)"), max_length=150, required=False)

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["activity_type"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [("", _("— not mapped —"))] + [
            (t.pk, t.name) for t in activity_type_list(user=user)
        ]


class VisitPlanForm(forms.Form):
    """Plan a visit and its commitment objective."""

    customer = forms.TypedChoiceField(label=_("Customer"), coerce=int)
    opportunity = forms.TypedChoiceField(
        label=_("Opportunity (optional)"), coerce=int, required=False, empty_value=None
    )
    planned_for = forms.DateTimeField(label=_("When"), widget=DATETIME)
    purpose = forms.CharField(label=_("Purpose of the visit"), max_length=300, required=False)
    best_action = forms.CharField(
        label=_("Best action commitment"),
        max_length=500,
        help_text=_("The most the customer could realistically commit to, e.g. sign the pilot."),
    )
    minimum_action = forms.CharField(
        label=_("Minimum acceptable action"),
        max_length=500,
        help_text=_("The least that still moves the sale on, e.g. a meeting with the IT head."),
    )

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        customer = self.fields["customer"]
        opportunity = self.fields["opportunity"]
        assert isinstance(customer, forms.ChoiceField)
        assert isinstance(opportunity, forms.ChoiceField)
        customer.choices = [("", "—")] + [
            (c.pk, c.name) for c in customer_list(user=user).select_related(None)[:500]
        ]
        opportunity.choices = [("", "—")] + [
            (o.pk, f"{o.name} · {o.customer.name if o.customer else '—'}")
            for o in opportunity_list(user=user, status="open")[:500]
        ]


class VisitResultForm(forms.Form):
    """The result of a visit against its commitment objective."""

    information_obtained = forms.CharField(
        label=_("Information obtained"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    information_given = forms.CharField(
        label=_("Information given"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    commitment_level = forms.ChoiceField(
        label=_("Commitment reached"), choices=CommitmentLevel.choices, widget=forms.RadioSelect
    )
    commitment_text = forms.CharField(
        label=_("What the customer committed to"), max_length=500, required=False
    )
    next_step = forms.CharField(label=_("Next step"), max_length=500, required=False)


class InfluenceForm(forms.Form):
    """Map a contact as a buying influence."""

    contact = forms.TypedChoiceField(label=_("Contact"), coerce=int)
    role = forms.ChoiceField(label=_("Buying role"), choices=BuyingRole.choices)
    response_mode = forms.ChoiceField(label=_("Response mode"), choices=ResponseMode.choices)
    rating = forms.IntegerField(label=_("Rating (-5 to +5)"), min_value=-5, max_value=5, initial=0)
    is_covered = forms.BooleanField(label=_("Covered by one of us"), required=False)

    def __init__(self, *args: Any, user: User, customer_id: int | None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["contact"]
        assert isinstance(field, forms.ChoiceField)
        contacts = (
            [] if customer_id is None else contact_list(user=user, customer_id=customer_id)[:200]
        )
        field.choices = [("", "—")] + [
            (c.pk, f"{c.name} · {c.title}" if c.title else c.name) for c in contacts
        ]


class RedFlagForm(forms.Form):
    """A red flag added by hand."""

    text = forms.CharField(label=_("Red flag"), max_length=300)


class DecisionForm(forms.Form):
    """The strengths and the go / no-go decision with its reasons."""

    strengths = forms.CharField(
        label=_("Strengths"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    decision = forms.ChoiceField(
        label=_("Decision"), choices=Assessment.Decision.choices, widget=forms.RadioSelect
    )
    reasons = forms.CharField(
        label=_("Reasons"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
