"""Cell values of exports turned into typed values; a cell that cannot be read raises
``BadValue`` with a reason for the report."""

from __future__ import annotations

import datetime as dt
import functools
import re
from decimal import Decimal, InvalidOperation
from zoneinfo import ZoneInfo

from django.utils.translation import gettext as _


class BadValue(ValueError):
    """A cell that does not hold what its column needs; the message is the reason."""


_DATE_PATTERNS = (
    # 2024-03-05, 2024/3/5, 2024.3.5
    re.compile(r"^(?P<y>\d{4})[-/.](?P<m>\d{1,2})[-/.](?P<d>\d{1,2})"),
    # 2024年3月5日
    re.compile(r"^(?P<y>\d{4})年(?P<m>\d{1,2})月(?P<d>\d{1,2})日?"),
)
_TIME = re.compile(
    r"(?:[ T]|日\s*)(?P<H>\d{1,2})[:时](?P<M>\d{1,2})(?:[:分](?P<S>\d{1,2})(?:\.(?P<f>\d+))?)?"
    r"\s*(?P<tz>Z|[+-]\d{2}:?\d{2})?\s*$"
)
_US_DATE = re.compile(r"^(?P<m>\d{1,2})/(?P<d>\d{1,2})/(?P<y>\d{4})")
_AMOUNT_NOISE = re.compile(r"[\s,\uff0c¥￥$€£]|RMB|CNY|USD|EUR|元")  # \uff0c: full-width comma


def _date_parts(text: str) -> tuple[dt.date, str]:
    for pattern in _DATE_PATTERNS:
        match = pattern.match(text)
        if match:
            break
    else:
        match = _US_DATE.match(text)
        if not match:
            raise BadValue(_("Not a date: %(value)s") % {"value": text})
    try:
        day = dt.date(int(match["y"]), int(match["m"]), int(match["d"]))
    except ValueError as exc:
        raise BadValue(_("Not a date: %(value)s") % {"value": text}) from exc
    return day, text[match.end() :]


def parse_date(text: str) -> dt.date | None:
    """A date from ISO, slashed, dotted, US month/day/year or Chinese 年月日 text; empty → None."""
    text = text.strip()
    if not text:
        return None
    return _date_parts(text)[0]


# Exports repeat their dates and times row after row: each distinct text is parsed once.
@functools.lru_cache(maxsize=1 << 16)
def parse_datetime(text: str, tz: ZoneInfo) -> tuple[dt.datetime, bool] | None:
    """A moment and whether the text had a time of day; empty → None.

    Accepts ``2024-03-05 14:30:00``, ``2024-03-05T14:30:11.000+0000`` (Salesforce),
    ``2024-03-05T06:30:00Z``, ``2024/3/5 14:30``, ``2024年3月5日 14:30`` and plain dates; a
    moment without an offset is read in the organisation's time zone ``tz``.
    """
    text = text.strip()
    if not text:
        return None
    if text.isdigit() and len(text) >= 12:  # a Unix timestamp in milliseconds (HubSpot)
        return dt.datetime.fromtimestamp(int(text) / 1000, tz=dt.UTC), True
    day, rest = _date_parts(text)
    rest = rest.strip()
    if not rest:
        return dt.datetime.combine(day, dt.time(), tzinfo=tz), False
    match = _TIME.match(" " + rest if not rest.startswith(("T", "日")) else rest)
    if not match:
        raise BadValue(_("Not a date and time: %(value)s") % {"value": text})
    try:
        moment = dt.datetime.combine(
            day,
            dt.time(
                int(match["H"]),
                int(match["M"]),
                int(match["S"] or 0),
                int((match["f"] or "0")[:6].ljust(6, "0")),
            ),
        )
    except ValueError as exc:
        raise BadValue(_("Not a date and time: %(value)s") % {"value": text}) from exc
    offset = match["tz"]
    if offset is None:
        return moment.replace(tzinfo=tz), True
    if offset == "Z":
        return moment.replace(tzinfo=dt.UTC), True
    sign = 1 if offset[0] == "+" else -1
    digits = offset[1:].replace(":", "")
    delta = dt.timedelta(hours=int(digits[:2]), minutes=int(digits[2:]))
    return moment.replace(tzinfo=dt.timezone(sign * delta)), True


def parse_decimal(text: str) -> Decimal | None:
    """An amount: thousands separators, currency signs and codes ignored; empty → None."""
    cleaned = _AMOUNT_NOISE.sub("", text.strip())
    if not cleaned:
        return None
    try:
        value = Decimal(cleaned)
    except InvalidOperation as exc:
        raise BadValue(_("Not a number: %(value)s") % {"value": text.strip()}) from exc
    if not value.is_finite():
        raise BadValue(_("Not a number: %(value)s") % {"value": text.strip()})
    return value


def parse_int(text: str) -> int | None:
    """A whole number (``1,200`` and ``1200.0`` included); empty → None."""
    value = parse_decimal(text)
    if value is None:
        return None
    if value != value.to_integral_value():
        raise BadValue(_("Not a whole number: %(value)s") % {"value": text.strip()})
    return int(value)


_TRUE = {"1", "true", "yes", "y", "t", "是", "真", "x", "✓"}
_FALSE = {"0", "false", "no", "n", "f", "否", "假", ""}


def parse_bool(text: str) -> bool:
    """A yes/no cell (1/0, true/false, yes/no, 是/否); empty is no."""
    value = text.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise BadValue(_("Not yes or no: %(value)s") % {"value": text.strip()})


def clean_text(text: str) -> str:
    """Text as stored: outer blanks trimmed, line breaks as ``\\n``. Formulas stay plain text."""
    return text.replace("\r\n", "\n").replace("\r", "\n").strip()


def name_key(text: str) -> str:
    """How names are compared when rows link by name: case, width of blanks and ends ignored."""
    return " ".join(text.split()).casefold()
