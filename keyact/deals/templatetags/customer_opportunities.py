"""Opportunity reads for the customer page (customers stand below deals):

``{% customer_opportunities customer as opportunities %}`` — a customer's opportunities inside the
reader's scope; ``{% customer_pipeline opportunities as pipeline %}`` — the open ones among them
and their amounts per currency.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

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


@dataclass(frozen=True)
class Pipeline:
    """A customer's open opportunities and their total amount per currency."""

    open: list[Opportunity]
    totals: list[tuple[str, Decimal]]


@register.simple_tag
def customer_pipeline(opportunities: list[Opportunity]) -> Pipeline:
    """The open opportunities among ``opportunities`` (no query: computed from the list)."""
    open_ones = [o for o in opportunities if o.status == Opportunity.Status.OPEN]
    totals: dict[str, Decimal] = defaultdict(Decimal)
    for o in open_ones:
        if o.amount is not None:
            totals[o.currency] += o.amount
    return Pipeline(open=open_ones, totals=sorted(totals.items()))
