"""Customer pages: list, detail with contacts, opportunities and the activity timeline."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from keyact.core.errors import DomainError
from keyact.core.forms import add_domain_error
from keyact.customers.forms import ContactForm, CustomerForm, CustomerSearchForm
from keyact.customers.models import Contact
from keyact.customers.selectors import contact_get, contact_list, customer_get, customer_list
from keyact.customers.services import (
    contact_create,
    contact_update,
    customer_create,
    customer_update,
)
from keyact.orgs.access import acting_user, member_view

KEY_CONTACTS = 3
# The buying roles in the order a seller needs to know them (strategic selling).
ROLE_RANK: dict[str, int] = {
    Contact.BuyingRole.ECONOMIC: 0,
    Contact.BuyingRole.COACH: 1,
    Contact.BuyingRole.USER: 2,
    Contact.BuyingRole.TECHNICAL: 3,
}


def key_contacts(contacts: list[Contact]) -> list[Contact]:
    """The contacts to show first: those with a buying role (economic buyer first), by name."""
    ranked = sorted(
        contacts, key=lambda c: (ROLE_RANK.get(c.buying_role, len(ROLE_RANK)), c.name, c.pk)
    )
    return ranked[:KEY_CONTACTS]


@member_view
def customer_list_view(request: HttpRequest) -> HttpResponse:
    """Customers in the user's scope, searchable, 50 per page, with new / existing badges."""
    user = acting_user(request)
    form = CustomerSearchForm(request.GET or None)
    search = form.cleaned_data["q"].strip() if form.is_bound and form.is_valid() else ""
    page = Paginator(customer_list(user=user, search=search), settings.KEYACT_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(
        request, "customers/customer_list.html", {"form": form, "page": page, "search": search}
    )


@member_view
def customer_create_view(request: HttpRequest) -> HttpResponse:
    """Add a customer, owned by the user unless another owner in their team is chosen."""
    user = acting_user(request)
    form = CustomerForm(request.POST or None, user=user)
    if request.method == "POST" and form.is_valid():
        try:
            data = dict(form.cleaned_data)
            data.pop("expected_version")
            customer = customer_create(actor=user, **data)
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            messages.success(request, _("Customer “%(name)s” added.") % {"name": customer.name})
            return redirect("customers:detail", customer_id=customer.pk)
    return render(request, "customers/customer_form.html", {"form": form, "customer": None})


@member_view
def customer_edit_view(request: HttpRequest, customer_id: int) -> HttpResponse:
    """Edit a customer in the user's scope."""
    user = acting_user(request)
    customer = customer_get(user=user, customer_id=customer_id)
    if request.method == "POST":
        form = CustomerForm(request.POST, user=user)
        if form.is_valid():
            try:
                data = dict(form.cleaned_data)
                expected = data.pop("expected_version")
                customer_update(
                    actor=user, customer_id=customer.pk, expected_version=expected, **data
                )
            except DomainError as exc:
                add_domain_error(form, exc)
            else:
                messages.success(request, _("Customer saved."))
                return redirect("customers:detail", customer_id=customer.pk)
    else:
        form = CustomerForm(initial=CustomerForm.initial_for(customer), user=user)
    return render(request, "customers/customer_form.html", {"form": form, "customer": customer})


def _detail(
    request: HttpRequest, customer_id: int, *, contact_form: ContactForm | None = None
) -> HttpResponse:
    user = acting_user(request)
    customer = customer_get(user=user, customer_id=customer_id)
    contacts = list(contact_list(user=user, customer_id=customer.pk))
    return render(
        request,
        "customers/customer_detail.html",
        {
            "customer": customer,
            "contacts": contacts,
            "key_contacts": key_contacts(contacts),
            "contact_form": contact_form or ContactForm(),
        },
        status=400 if contact_form is not None and contact_form.errors else 200,
    )


@member_view
def customer_detail(request: HttpRequest, customer_id: int) -> HttpResponse:
    """A customer with its contacts, opportunities and the timeline of activities."""
    return _detail(request, customer_id)


@member_view
def contact_add(request: HttpRequest, customer_id: int) -> HttpResponse:
    """Add a contact on the customer page."""
    user = acting_user(request)
    customer = customer_get(user=user, customer_id=customer_id)
    if request.method != "POST":
        return redirect("customers:detail", customer_id=customer.pk)
    form = ContactForm(request.POST)
    if form.is_valid():
        try:
            data = dict(form.cleaned_data)
            data.pop("expected_version")
            contact = contact_create(actor=user, customer_id=customer.pk, **data)
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            messages.success(request, _("Contact “%(name)s” added.") % {"name": contact.name})
            return redirect("customers:detail", customer_id=customer.pk)
    return _detail(request, customer.pk, contact_form=form)


@member_view
def contact_edit(request: HttpRequest, contact_id: int) -> HttpResponse:
    """Edit a contact of a customer in the user's scope."""
    user = acting_user(request)
    contact = contact_get(user=user, contact_id=contact_id)
    if request.method == "POST":
        form = ContactForm(request.POST)
        if form.is_valid():
            try:
                data = dict(form.cleaned_data)
                expected = data.pop("expected_version")
                contact_update(actor=user, contact_id=contact.pk, expected_version=expected, **data)
            except DomainError as exc:
                add_domain_error(form, exc)
            else:
                messages.success(request, _("Contact saved."))
                return redirect("customers:detail", customer_id=contact.customer_id)
    else:
        form = ContactForm(initial=ContactForm.initial_for(contact))
    return render(request, "customers/contact_form.html", {"form": form, "contact": contact})
