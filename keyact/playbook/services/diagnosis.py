"""The organisation's diagnosis settings."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.utils.translation import gettext as _

from keyact.core.errors import DomainError
from keyact.playbook.models import (
    DiagnosisSettings,
)
from keyact.playbook.selectors import (
    thresholds_get,
)
from keyact.playbook.services._common import _require_admin
from keyact.users.models import User


def _decimal(value: Decimal | int | str | float, field: str) -> Decimal:
    try:
        number = Decimal(str(value))
    except (InvalidOperation, ValueError) as exc:
        raise DomainError(_("Enter a number."), field=field) from exc
    if not number.is_finite():
        raise DomainError(_("Enter a number."), field=field)
    return number


@transaction.atomic
def diagnosis_settings_update(
    *,
    actor: User,
    large_order_amount: Decimal | int | str,
    large_customer_employees: int,
    large_customer_revenue: Decimal | int | str,
    dominant_share: Decimal | str | float | None = None,
) -> DiagnosisSettings:
    """Set the organisation's diagnosis thresholds (admins only).

    Refused, with nothing changed: a threshold that is zero or negative, a dominant share outside
    (0, 1], and inverted thresholds — a large customer's annual revenue below one large order.
    """
    organization_id = _require_admin(actor)
    amount = _decimal(large_order_amount, "large_order_amount")
    revenue = _decimal(large_customer_revenue, "large_customer_revenue")
    if amount <= 0:
        raise DomainError(
            _("The large-order amount must be greater than zero."), field="large_order_amount"
        )
    if amount >= Decimal("1e14"):
        raise DomainError(_("The large-order amount is too large."), field="large_order_amount")
    if large_customer_employees <= 0:
        raise DomainError(
            _("The number of employees must be greater than zero."),
            field="large_customer_employees",
        )
    if revenue <= 0:
        raise DomainError(
            _("The annual revenue must be greater than zero."), field="large_customer_revenue"
        )
    if revenue >= Decimal("1e16"):
        raise DomainError(_("The annual revenue is too large."), field="large_customer_revenue")
    if revenue < amount:
        raise DomainError(
            _(
                "The thresholds are inverted: a large customer's annual revenue cannot be below "
                "the amount of one large order."
            ),
            field="large_customer_revenue",
        )
    current, _currency, _set = thresholds_get(organization_id=organization_id)
    share = (
        current.dominant_share
        if dominant_share is None
        else _decimal(dominant_share, "dominant_share")
    )
    if not Decimal(0) < share <= Decimal(1):
        raise DomainError(
            _("The dominant share must lie between 0 and 1 (e.g. 0.3 for 30%)."),
            field="dominant_share",
        )
    row, _created = DiagnosisSettings.objects.update_or_create(
        organization_id=organization_id,
        defaults={
            "large_order_amount": amount.quantize(Decimal("0.01")),
            "large_customer_employees": large_customer_employees,
            "large_customer_revenue": revenue.quantize(Decimal("0.01")),
            "dominant_share": share.quantize(Decimal("0.001")),
        },
    )
    return row
