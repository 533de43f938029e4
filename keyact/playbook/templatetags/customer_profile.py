"""``{% customer_profile customer as profile %}``: a customer's size and sales mode by the
organisation's thresholds, for the customer page's header card (customers stand below the
playbook)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django import template
from django.utils.translation import gettext as _

from keyact.customers.models import Customer
from keyact.deals.models import Opportunity
from keyact.playbook.diagnosis import classify, is_large_customer, is_large_order
from keyact.playbook.models import SalesMode
from keyact.playbook.selectors import thresholds_get

register = template.Library()


@dataclass(frozen=True)
class CustomerProfile:
    """Size and mode of one customer, each with the reason in plain words."""

    large: bool
    size_label: str
    mode: str | None
    mode_label: str
    mode_reason: str


@register.simple_tag
def customer_profile(customer: Customer, opportunities: list[Opportunity]) -> CustomerProfile:
    """Customer size by head count or revenue; mode by customer novelty (a won deal before) and
    the size of its largest open or won deal among ``opportunities`` (those the reader may see,
    already loaded by the page) in the organisation's currency."""
    thresholds, currency, _set = thresholds_get(organization_id=customer.organization_id)
    large = is_large_customer(customer.employees, customer.annual_revenue, thresholds)
    amounts = [
        o.amount
        for o in opportunities
        if o.status in (Opportunity.Status.OPEN, Opportunity.Status.WON)
        and o.currency == currency
        and o.amount is not None
    ]
    largest: Decimal | None = max(amounts) if amounts else None
    existing = bool(getattr(customer, "is_existing", False))
    if largest is None:
        return CustomerProfile(
            large=large,
            size_label=_("Large customer") if large else _("Small customer"),
            mode=None,
            mode_label="—",
            mode_reason=_("No open or won deal with an amount yet."),
        )
    large_order = is_large_order(largest, thresholds)
    mode = classify(large_order=large_order, existing_customer=existing)
    reason = "{order} · {novelty}".format(
        order=_("large order") if large_order else _("small order"),
        novelty=_("existing customer") if existing else _("new customer"),
    )
    return CustomerProfile(
        large=large,
        size_label=_("Large customer") if large else _("Small customer"),
        mode=mode,
        mode_label=str(SalesMode(mode).label),
        mode_reason=reason,
    )
