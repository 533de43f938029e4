"""The rules an opportunity's values obey, in one place.

The service applies them to every write (pages, API) and the importers call them for every
row. Plain functions over values: no query, no side effect; each raises an ``InvalidValue``
naming the field at fault. Keys missing from ``values`` are not checked.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.utils.translation import gettext as _

from keyact.core.columns import columns_check
from keyact.core.errors import InvalidValue
from keyact.deals.models import Opportunity


def opportunity_values_check(values: Mapping[str, Any]) -> None:
    """A name, an amount that is not negative, a closed deal with its close date, and what the
    columns can hold (name, currency, source, status)."""
    if "name" in values and not str(values["name"] or "").strip():
        raise InvalidValue(_("The name cannot be empty."), field="name")
    amount = values.get("amount")
    if amount is not None and amount < 0:
        raise InvalidValue(_("The amount cannot be negative."), field="amount")
    if (
        values.get("status", Opportunity.Status.OPEN) != Opportunity.Status.OPEN
        and "closed_date" in values
        and values["closed_date"] is None
    ):
        raise InvalidValue(_("A closed deal needs its close date."), field="closed_date")
    columns_check(Opportunity, values)
