"""Money, counts and shares in the reader's language (keyact.core.numbers and its filters)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.template import Context, Template
from django.utils import translation

from keyact.core.numbers import (
    format_money,
    format_money_compact,
    format_number,
    format_percent,
)


@pytest.mark.parametrize(
    ("language", "expected"),
    [("zh-hans", "¥381,672,690"), ("en", "CNY 381,672,690")],
)
def test_money_follows_the_readers_language(language: str, expected: str) -> None:
    assert format_money(Decimal("381672690.00"), "CNY", language=language) == expected


def test_money_in_chinese_uses_the_symbol_or_the_code() -> None:
    assert format_money(1234.5, "USD", language="zh-hans") == "US$1,235"
    assert format_money(1234.5, "CHF", language="zh-hans") == "1,235 CHF"
    assert format_money(Decimal("-1234.56"), "CNY", places=2, language="zh-hans") == "-¥1,234.56"
    assert format_money(Decimal("-0.001"), "EUR", language="en") == "EUR 0"


@pytest.mark.parametrize(
    ("amount", "currency", "language", "expected"),
    [
        (381_672_690, "CNY", "zh-hans", "3.82 亿元"),
        (563_000, "USD", "zh-hans", "56.3 万美元"),
        (12_000, "CNY", "zh-hans", "1.2 万元"),
        (9_999, "CNY", "zh-hans", "¥9,999"),
        (381_672_690, "CNY", "en", "CNY 382M"),
        (56_300, "USD", "en", "USD 56.3K"),
        (2_500_000_000, "CNY", "en", "CNY 2.5B"),
        (999, "CNY", "en", "CNY 999"),
    ],
)
def test_compact_money(amount: int, currency: str, language: str, expected: str) -> None:
    assert format_money_compact(amount, currency, language=language) == expected


def test_counts_and_shares_and_missing_values() -> None:
    assert format_number(1234567) == "1,234,567"
    assert format_number("2.5", places=1) == "2.5"
    assert format_percent(0.4237) == "42%"
    assert format_percent(0.4237, places=1) == "42.4%"
    assert format_money(None) == format_number(None) == format_percent("x") == "—"


def test_filters_use_the_active_language() -> None:
    template = Template(
        "{% load keyact_numbers %}{{ a|money:c }} · {{ a|money_compact:c }} · {{ n|number }}"
        " · {{ s|percent }}"
    )
    context = Context({"a": Decimal("381672690"), "c": "CNY", "n": 12345, "s": 0.5})
    with translation.override("zh-hans"):
        assert template.render(context) == "¥381,672,690 · 3.82 亿元 · 12,345 · 50%"
    with translation.override("en"):
        assert template.render(context) == "CNY 381,672,690 · CNY 382M · 12,345 · 50%"
