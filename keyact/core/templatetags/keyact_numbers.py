"""Template filters for numbers in the reader's language (see keyact.core.numbers).

``{{ amount|money:currency }}`` · ``{{ amount|money_compact:currency }}`` ·
``{{ count|number }}`` · ``{{ share|percent }}`` (a share between 0 and 1).
"""

from __future__ import annotations

from django import template

from keyact.core.numbers import (
    Number,
    format_money,
    format_money_compact,
    format_number,
    format_percent,
)

register = template.Library()


@register.filter
def money(amount: Number | str | None, currency: str = "CNY") -> str:
    """``¥381,672,690`` in Chinese, ``CNY 381,672,690`` in English."""
    return format_money(amount, currency)


@register.filter
def money_cents(amount: Number | str | None, currency: str = "CNY") -> str:
    """Money with its two decimals (detail pages, where cents matter)."""
    return format_money(amount, currency, places=2)


@register.filter
def money_compact(amount: Number | str | None, currency: str = "CNY") -> str:
    """``3.82 亿元`` in Chinese, ``CNY 382M`` in English."""
    return format_money_compact(amount, currency)


@register.filter
def number(value: Number | str | None, places: int = 0) -> str:
    """A count grouped by thousands: ``12,345``."""
    return format_number(value, places=int(places))


@register.filter
def percent(share: Number | str | None, places: int = 0) -> str:
    """A share between 0 and 1 as ``42%``."""
    return format_percent(share, places=int(places))
