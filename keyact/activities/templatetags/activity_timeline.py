"""``{% activity_timeline customer=… limit=… as timeline %}``: the latest activities of a customer
or an opportunity inside the reader's scope, for the pages of apps below activities."""

from __future__ import annotations

from django import template

from keyact.activities.models import Activity
from keyact.activities.selectors import ActivityFilters, activity_list
from keyact.customers.models import Customer
from keyact.deals.models import Opportunity
from keyact.orgs.access import acting_user

register = template.Library()


@register.simple_tag(takes_context=True)
def activity_timeline(
    context: template.Context,
    *,
    limit: int,
    customer: Customer | None = None,
    opportunity: Opportunity | None = None,
) -> list[Activity]:
    """The newest ``limit`` activities of ``customer`` or ``opportunity`` the reader may see."""
    filters = ActivityFilters(
        customer_id=customer.pk if customer is not None else None,
        opportunity_id=opportunity.pk if opportunity is not None else None,
    )
    return list(activity_list(user=acting_user(context["request"]), filters=filters)[:limit])
