"""``{% customer_opportunities customer as opportunities %}``: a customer's opportunities inside
the reader's scope, for the customer page (customers stand below deals)."""

from __future__ import annotations

from django import template

from keyact.customers.models import Customer
from keyact.deals.models import Opportunity
from keyact.deals.selectors import opportunity_list
from keyact.orgs.access import acting_user

register = template.Library()


@register.simple_tag(takes_context=True)
def customer_opportunities(context: template.Context, customer: Customer) -> list[Opportunity]:
    """The opportunities of ``customer`` the reader may see."""
    return list(opportunity_list(user=acting_user(context["request"]), customer_id=customer.pk))
