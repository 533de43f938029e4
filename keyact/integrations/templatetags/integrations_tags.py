"""Small template helpers of the mapping page."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.translation import gettext as _

register = template.Library()


@register.filter
def get(mapping: dict[str, Any] | None, key: str) -> Any:
    """``mapping[key]`` (empty when missing)."""
    return (mapping or {}).get(key, "")


@register.filter
def kind_label(kind: str) -> str:
    """What a file holds, in words."""
    return {
        "users": _("People"),
        "customers": _("Customers"),
        "contacts": _("Contacts"),
        "opportunities": _("Opportunities"),
        "activities": _("Activities"),
    }.get(kind, kind)


@register.filter
def field_label(field: str) -> str:
    """A mappable field, in words."""
    return {
        "key": _("ID in the source"),
        "name": _("Name"),
        "first_name": _("First name"),
        "last_name": _("Last name"),
        "email": _("E-mail"),
        "username": _("Login"),
        "title": _("Job title"),
        "department": _("Department or team"),
        "manager": _("Manager"),
        "active": _("Active"),
        "industry": _("Industry"),
        "employees": _("Employees"),
        "annual_revenue": _("Annual revenue"),
        "owner": _("Owner"),
        "address": _("Address"),
        "customer": _("Customer"),
        "phone": _("Phone"),
        "stage": _("Stage"),
        "status": _("Status"),
        "amount": _("Amount"),
        "currency": _("Currency"),
        "close_date": _("Close date"),
        "created_at": _("Created"),
        "lead_source": _("Lead source"),
        "type": _("Activity type"),
        "date": _("Date"),
        "time": _("Time"),
        "end": _("End"),
        "duration": _("Duration"),
        "opportunity": _("Opportunity"),
        "contact": _("Contact"),
        "subject": _("Subject"),
        "notes": _("Notes"),
        "next_date": _("Next follow-up"),
        "disposition": _("Call outcome"),
    }.get(field, field)
