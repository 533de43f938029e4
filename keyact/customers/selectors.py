"""Scoped reads of customers and contacts."""

from __future__ import annotations

from django.db import connection
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils.translation import gettext as _

from keyact.core.errors import NotFound
from keyact.customers.models import Contact, Customer
from keyact.orgs.selectors import Scope, scope_for
from keyact.users.models import User

# ``keyact.deals.models.Opportunity.Status.WON``: a customer with a won deal is an existing one.
OPPORTUNITY_WON = "won"


def customer_visibility(scope: Scope) -> Q:
    """The condition a customer meets when it lies inside ``scope``."""
    condition = Q(organization_id=scope.organization_id)
    if scope.owner_ids is None:
        return condition
    # Opportunities and activities stand above customers: reach them through their relations.
    visible = Q(owner_id__in=scope.owner_ids) | Q(
        Exists(
            Customer.objects.filter(pk=OuterRef("pk"), opportunities__owner_id__in=scope.owner_ids)
        )
    )
    if scope.via_participation:
        visible |= Q(
            Exists(
                Customer.objects.filter(
                    pk=OuterRef("pk"), activities__participants__id=scope.user_id
                )
            )
        )
    return condition & visible


def customer_list(
    *, user: User, search: str = "", owner_id: int | None = None, industry: str = ""
) -> QuerySet[Customer]:
    """Customers the user may see, by name, with won-deal status annotated as ``is_existing``."""
    scope = scope_for(user)
    qs = Customer.objects.filter(customer_visibility(scope)).select_related("owner")
    if search:
        qs = qs.filter(Q(name__icontains=search) | Q(industry__icontains=search))
    if owner_id is not None:
        qs = qs.filter(owner_id=owner_id)
    if industry:
        qs = qs.filter(industry=industry)
    return qs.annotate(
        is_existing=Exists(
            Customer.objects.filter(pk=OuterRef("pk"), opportunities__status=OPPORTUNITY_WON)
        )
    ).order_by("name", "id")


def customer_get(*, user: User, customer_id: int) -> Customer:
    """One customer inside the user's scope; NotFound otherwise."""
    try:
        return customer_list(user=user).get(pk=customer_id)
    except Customer.DoesNotExist as exc:
        raise NotFound(_("No such customer."), field="customer_id") from exc


def customer_ensure_visible(*, user: User, customer_id: int) -> None:
    """Raise NotFound unless the customer lies inside the user's scope.

    Logging an activity checks its customer on every call, so the common case is made cheap:
    one indexed lookup of the customer's owner. Only when the owner is outside the scope does
    the full visibility condition (opportunities owned in scope, participation) decide.
    """
    scope = scope_for(user)
    # Plain SQL: the ORM's query building costs more CPU than this primary-key lookup itself.
    with connection.cursor() as cursor:
        cursor.execute(
            f'SELECT owner_id FROM "{Customer._meta.db_table}"'
            " WHERE id = %s AND organization_id = %s",
            [customer_id, scope.organization_id],
        )
        owners = [row[0] for row in cursor.fetchall()]
    if not owners:
        raise NotFound(_("No such customer."), field="customer_id")
    if scope.owner_ids is None or owners[0] in scope.owner_ids:
        return
    if not Customer.objects.filter(customer_visibility(scope), pk=customer_id).values("pk")[:1]:
        raise NotFound(_("No such customer."), field="customer_id")


def contact_list(
    *, user: User, customer_id: int | None = None, search: str = ""
) -> QuerySet[Contact]:
    """Contacts at customers the user may see."""
    scope = scope_for(user)
    visible_customers = Customer.objects.filter(customer_visibility(scope)).values("pk")
    qs = Contact.objects.filter(
        organization_id=scope.organization_id, customer_id__in=visible_customers
    ).select_related("customer")
    if customer_id is not None:
        qs = qs.filter(customer_id=customer_id)
    if search:
        qs = qs.filter(Q(name__icontains=search) | Q(title__icontains=search))
    return qs.order_by("name", "id")


def contact_get(*, user: User, contact_id: int) -> Contact:
    """One contact inside the user's scope; NotFound otherwise."""
    try:
        return contact_list(user=user).get(pk=contact_id)
    except Contact.DoesNotExist as exc:
        raise NotFound(_("No such contact."), field="contact_id") from exc
