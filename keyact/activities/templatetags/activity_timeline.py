"""Activity reads for the pages of apps below activities (customers, deals):

``{% activity_timeline customer=… as timeline %}`` — the first slice of a customer's or an
opportunity's timeline inside the reader's scope (``timeline.items``, ``timeline.next_cursor``;
"load more" fetches the next slices from ``activity_timeline_more``);
``{% customer_activity_summary customer as summary %}`` — its last and next activity.
"""

from __future__ import annotations

from django import template

from keyact.activities.selectors import (
    ActivitySummary,
    TimelinePage,
    activity_timeline_page,
)
from keyact.activities.selectors import (
    customer_activity_summary as summary_for,
)
from keyact.customers.models import Customer
from keyact.deals.models import Opportunity
from keyact.orgs.access import acting_user

register = template.Library()


@register.simple_tag(takes_context=True)
def activity_timeline(
    context: template.Context,
    *,
    customer: Customer | None = None,
    opportunity: Opportunity | None = None,
) -> TimelinePage:
    """The newest activities of ``customer`` or ``opportunity`` the reader may see."""
    return activity_timeline_page(
        user=acting_user(context["request"]),
        customer_id=customer.pk if customer is not None else None,
        opportunity_id=opportunity.pk if opportunity is not None else None,
    )


@register.simple_tag(takes_context=True)
def customer_activity_summary(context: template.Context, customer: Customer) -> ActivitySummary:
    """The customer's last done activity and next planned one the reader may see."""
    return summary_for(user=acting_user(context["request"]), customer_id=customer.pk)
