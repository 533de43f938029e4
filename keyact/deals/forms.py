"""Forms of the opportunity pages."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from keyact.core.forms import choice_field, version_field
from keyact.customers.forms import customer_choices
from keyact.deals.models import Opportunity
from keyact.deals.selectors import stage_list
from keyact.orgs.selectors import user_list
from keyact.users.models import User


def _stage_choices(user: User) -> list[tuple[int, str]]:
    return [(s.pk, s.name) for s in stage_list(user=user)]


class OpportunityForm(forms.Form):
    """Create or edit an opportunity (the stage is moved with its own action once created; an
    edit carries the version it started from)."""

    expected_version = version_field()
    name = forms.CharField(label=_("Name"), max_length=200)
    customer_id = forms.TypedChoiceField(
        label=_("Customer"), coerce=int, empty_value=None, required=False
    )
    amount = forms.DecimalField(
        label=_("Amount"), required=False, min_value=0, max_digits=16, decimal_places=2
    )
    currency = forms.CharField(label=_("Currency"), max_length=3, required=False)
    expected_close_date = forms.DateField(
        label=_("Expected close date"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    source = forms.CharField(label=_("Source"), max_length=100, required=False)
    owner_id = forms.TypedChoiceField(label=_("Owner"), coerce=int, empty_value=None)
    stage_id = forms.TypedChoiceField(label=_("Stage"), coerce=int, empty_value=None)

    def __init__(self, *args: Any, user: User, editing: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choice_field(self, "customer_id").choices = customer_choices(user)
        choice_field(self, "owner_id").choices = [(u.pk, u.label) for u in user_list(user=user)]
        choice_field(self, "stage_id").choices = _stage_choices(user)
        if editing:
            del self.fields["stage_id"]
        if not self.is_bound and "owner_id" not in self.initial:
            self.initial["owner_id"] = user.pk

    @staticmethod
    def initial_for(opportunity: Opportunity) -> dict[str, Any]:
        """The form's initial values from an opportunity."""
        return {
            "expected_version": opportunity.version,
            "name": opportunity.name,
            "customer_id": opportunity.customer_id,
            "amount": opportunity.amount,
            "currency": opportunity.currency,
            "expected_close_date": opportunity.expected_close_date,
            "source": opportunity.source,
            "owner_id": opportunity.owner_id,
        }


class MoveStageForm(forms.Form):
    """Move an opportunity to another stage, from the version the page showed."""

    stage_id = forms.TypedChoiceField(label=_("New stage"), coerce=int)
    expected_version = version_field()

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choice_field(self, "stage_id").choices = _stage_choices(user)


class OpportunityFilterForm(forms.Form):
    """Filters of the opportunity list."""

    q = forms.CharField(label=_("Search"), required=False)
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("Any")), *Opportunity.Status.choices]
    )
    stage = forms.TypedChoiceField(label=_("Stage"), coerce=int, empty_value=None, required=False)
    owner = forms.TypedChoiceField(label=_("Owner"), coerce=int, empty_value=None, required=False)

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choice_field(self, "stage").choices = [("", _("Any stage")), *_stage_choices(user)]
        choice_field(self, "owner").choices = [("", _("Anyone"))] + [
            (u.pk, u.label) for u in user_list(user=user)
        ]


class BoardFilterForm(forms.Form):
    """Filters of the pipeline board (its columns are the stages)."""

    q = forms.CharField(label=_("Search"), required=False)
    owner = forms.TypedChoiceField(label=_("Owner"), coerce=int, empty_value=None, required=False)

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choice_field(self, "owner").choices = [("", _("Anyone"))] + [
            (u.pk, u.label) for u in user_list(user=user)
        ]

    def filters(self) -> dict[str, Any]:
        """The board selector's filters (none when the form is unbound or invalid)."""
        if not self.is_bound or not self.is_valid():
            return {}
        return {"search": self.cleaned_data["q"].strip(), "owner_id": self.cleaned_data["owner"]}
