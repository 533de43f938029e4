"""Forms of the customer pages."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from keyact.core.forms import choice_field, version_field
from keyact.customers.models import Contact, Customer
from keyact.customers.selectors import customer_list
from keyact.orgs.selectors import user_list
from keyact.users.models import User

# Selects list at most this many records; larger books are reached through search and links.
PICK_LIMIT = 500


def customer_choices(user: User) -> list[tuple[str, str]]:
    """Customers inside the user's scope, for a select."""
    return [("", "—")] + [
        (str(pk), name)
        for pk, name in customer_list(user=user).values_list("pk", "name")[:PICK_LIMIT]
    ]


class CustomerForm(forms.Form):
    """Create or edit a customer (an edit carries the version it started from)."""

    expected_version = version_field()
    name = forms.CharField(label=_("Name"), max_length=200)
    industry = forms.CharField(label=_("Industry"), max_length=100, required=False)
    employees = forms.IntegerField(
        label=_("Employees"), required=False, min_value=0, max_value=2**31 - 1
    )
    annual_revenue = forms.DecimalField(
        label=_("Annual revenue"), required=False, min_value=0, max_digits=16, decimal_places=2
    )
    address = forms.CharField(label=_("Address"), max_length=300, required=False)
    owner_id = forms.TypedChoiceField(label=_("Account owner"), coerce=int, empty_value=None)
    latitude = forms.FloatField(label=_("Latitude"), required=False, min_value=-90, max_value=90)
    longitude = forms.FloatField(
        label=_("Longitude"), required=False, min_value=-180, max_value=180
    )

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choice_field(self, "owner_id").choices = [(u.pk, u.label) for u in user_list(user=user)]
        if not self.is_bound and "owner_id" not in self.initial:
            self.initial["owner_id"] = user.pk

    @staticmethod
    def initial_for(customer: Customer) -> dict[str, Any]:
        """The form's initial values from a customer."""
        return {
            "expected_version": customer.version,
            "name": customer.name,
            "industry": customer.industry,
            "employees": customer.employees,
            "annual_revenue": customer.annual_revenue,
            "address": customer.address,
            "owner_id": customer.owner_id,
            "latitude": customer.latitude,
            "longitude": customer.longitude,
        }


class CustomerSearchForm(forms.Form):
    """Search the customer list."""

    q = forms.CharField(label=_("Search customers"), required=False)


class ContactForm(forms.Form):
    """Add or edit a contact at a customer (an edit carries the version it started from)."""

    expected_version = version_field()
    name = forms.CharField(label=_("Name"), max_length=150)
    title = forms.CharField(label=_("Job title"), max_length=150, required=False)
    phone = forms.CharField(label=_("Phone"), max_length=40, required=False)
    email = forms.EmailField(label=_("E-mail"), required=False)
    buying_role = forms.ChoiceField(
        label=_("Buying role"),
        required=False,
        choices=[("", _("Not known")), *Contact.BuyingRole.choices],
    )

    @staticmethod
    def initial_for(contact: Contact) -> dict[str, Any]:
        """The form's initial values from a contact."""
        fields = ("name", "title", "phone", "email", "buying_role")
        return {"expected_version": contact.version, **{f: getattr(contact, f) for f in fields}}
