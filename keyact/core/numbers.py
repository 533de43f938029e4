"""Money, counts and shares written for the reader's language.

One authority for every place that shows a number to a person (templates through the
``keyact_numbers`` filters, charts through ``static/keyact/numbers.js`` which follows the same
rules, exports' display columns through these functions):

* English: ``CNY 381,672,690`` · compact ``CNY 382M`` · ``1,234`` · ``42%``;
* Chinese: ``¥381,672,690`` · compact ``3.82 亿元`` (万 from ten thousand, 亿 from a hundred
  million, as a Chinese reader counts) · ``1,234`` · ``42%``.

Digits are always grouped by thousands (Django's Chinese locale leaves them ungrouped, which
makes ``381672690`` unreadable). Values that are ``None`` become an em dash.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.utils.translation import get_language

DASH = "—"

# Symbol before the amount in Chinese; unit after a compact Chinese amount.
CHINESE_CURRENCIES: dict[str, tuple[str, str]] = {
    "CNY": ("¥", "元"),
    "RMB": ("¥", "元"),
    "USD": ("US$", "美元"),
    "EUR": ("€", "欧元"),
    "GBP": ("£", "英镑"),
    "JPY": ("JP¥", "日元"),
    "HKD": ("HK$", "港元"),
}

Number = Decimal | float | int
ENGLISH_UNITS = ((Decimal(10) ** 9, "B"), (Decimal(10) ** 6, "M"), (Decimal(10) ** 3, "K"))


def _chinese(language: str | None) -> bool:
    return (language or get_language() or "").lower().startswith("zh")


def _decimal(value: Number | str) -> Decimal | None:
    try:
        result = Decimal(str(value))
    except (InvalidOperation, ValueError):
        return None
    return result if result.is_finite() else None


def _grouped(value: Decimal, places: int) -> str:
    quantum = Decimal(1).scaleb(-places)
    rounded = value.quantize(quantum, rounding=ROUND_HALF_UP)
    if rounded == 0:
        rounded = abs(rounded)  # no "-0"
    return f"{rounded:,.{places}f}"


def _trimmed(value: Decimal, places: int) -> str:
    """Grouped with at most ``places`` decimals, trailing zeros dropped (3.80 -> 3.8)."""
    text = _grouped(value, places)
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text


def format_number(value: Number | str | None, *, places: int = 0) -> str:
    """A count or a measure, grouped by thousands: ``12,345`` (``—`` for None)."""
    number = None if value is None else _decimal(value)
    if number is None:
        return DASH
    return _grouped(number, places)


def format_percent(share: Number | str | None, *, places: int = 0) -> str:
    """A share (0.4237) as a percentage: ``42%`` (``—`` for None)."""
    number = None if share is None else _decimal(share)
    if number is None:
        return DASH
    return f"{_trimmed(number * 100, places)}%"


def format_money(
    amount: Number | str | None,
    currency: str = "CNY",
    *,
    places: int = 0,
    language: str | None = None,
) -> str:
    """An amount of money for the reader: ``¥381,672,690`` (Chinese) or ``CNY 381,672,690``
    (English); a currency without a Chinese symbol is written ``381,672,690 XYZ`` in Chinese."""
    number = None if amount is None else _decimal(amount)
    if number is None:
        return DASH
    code = (currency or "").upper()
    digits = _grouped(abs(number), places)
    sign = "-" if number < 0 and digits.strip("0.,") else ""
    if _chinese(language):
        if code in CHINESE_CURRENCIES:
            return f"{sign}{CHINESE_CURRENCIES[code][0]}{digits}"
        return f"{sign}{digits} {code}".rstrip()
    return f"{code} {sign}{digits}".lstrip()


def format_money_compact(
    amount: Number | str | None, currency: str = "CNY", *, language: str | None = None
) -> str:
    """A large amount at a glance, three significant digits: ``3.82 亿元`` / ``56.3 万美元``
    (Chinese) or ``CNY 382M`` / ``CNY 56.3K`` (English). Amounts below the first unit are
    written in full."""
    number = None if amount is None else _decimal(amount)
    if number is None:
        return DASH
    code = (currency or "").upper()
    size = abs(number)
    sign = "-" if number < 0 else ""
    if _chinese(language):
        unit = CHINESE_CURRENCIES.get(code, ("", f" {code}"))[1]
        for divisor, name in ((Decimal(10) ** 8, "亿"), (Decimal(10) ** 4, "万")):
            if size >= divisor:
                scaled = size / divisor
                places = max(0, 3 - len(str(int(scaled))))
                return f"{sign}{_trimmed(scaled, places)} {name}{unit.strip()}"
        return format_money(number, code, language=language)
    for divisor, name in ENGLISH_UNITS:
        if size >= divisor:
            scaled = size / divisor
            places = max(0, 3 - len(str(int(scaled))))
            return f"{code} {sign}{_trimmed(scaled, places)}{name}".lstrip()
    return format_money(number, code, language=language)
