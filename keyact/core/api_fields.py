"""Constrained field types for API input schemas.

Every value the API accepts is bounded before it reaches the database: ids fit a signed 64-bit
column, strings have the model's ``max_length`` and carry no NUL (PostgreSQL refuses ``\\x00``) or
lone surrogates, dates lie in a range every time zone conversion survives, floats are finite.
A value outside these bounds is a 422 naming the field, never a database error.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from decimal import ROUND_HALF_UP, Decimal
from typing import Annotated, Any

from django.utils import timezone
from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    Strict,
    StringConstraints,
    WithJsonSchema,
)

MAX_BIGINT = 2**63 - 1
MAX_INT = 2**31 - 1
MAX_SMALLINT = 2**15 - 1
EARLIEST_YEAR = 1900
LATEST_YEAR = 2200

# What the OpenAPI document says about text, dates and numbers is exactly what is enforced:
NO_NUL_PATTERN = r"^[^\x00]*$"
_YEAR = r"(19[0-9]{2}|2[01][0-9]{2}|2200)"
DATE_PATTERN = rf"^{_YEAR}-[0-9]{{2}}-[0-9]{{2}}$"
DATETIME_PATTERN = rf"^{_YEAR}-[0-9]{{2}}-[0-9]{{2}}[Tt ][0-9]{{2}}:[0-9]{{2}}"
MONEY_STRING_PATTERN = r"^[0-9]{1,14}(\.[0-9]{1,2})?$"


def _json_integer(value: Any) -> Any:
    # JSON Schema counts 583.0 as an integer; so does the API (583.5 stays an error).
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


WholeNumber = BeforeValidator(_json_integer)
"""Before a strict int: a JSON number with a zero fraction is that integer."""

Id = Annotated[int, WholeNumber, Strict(), Field(ge=1, le=MAX_BIGINT)]
"""A reference to a record in a JSON body (a JSON integer, never "1" or true)."""

ParamId = Annotated[int, Field(ge=1, le=MAX_BIGINT)]
"""A record id in the path or the query string, where every value arrives as text."""

StrictBool = Annotated[bool, Strict()]

Version = Annotated[
    int,
    WholeNumber,
    Strict(),
    Field(
        ge=1,
        le=MAX_INT,
        description=(
            "The version of the record this change is based on, as read from any response. "
            "Required: without it the request answers 422 naming `version`; a stale one answers "
            "409 with both versions (docs/adr/0015-required-version-on-updates.md)."
        ),
    ),
]
"""The optimistic-concurrency token every update of a versioned record must send."""
StrictInt = Annotated[int, WholeNumber, Strict()]


def _clean_text(value: str) -> str:
    if "\x00" in value:
        raise ValueError("must not contain NUL characters")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError as exc:
        raise ValueError("must be valid Unicode text") from exc
    return value


_ISO_DATE = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")
_ISO_DATETIME = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}[Tt ][0-9]{2}:[0-9]{2}")


def _date_text(value: Any) -> Any:
    # pydantic would read a number as a Unix timestamp; the API takes ISO 8601 text only.
    if isinstance(value, dt.date) or (isinstance(value, str) and _ISO_DATE.match(value)):
        return value
    raise ValueError("must be an ISO 8601 date (YYYY-MM-DD)")


def _datetime_text(value: Any) -> Any:
    if isinstance(value, dt.datetime) or (isinstance(value, str) and _ISO_DATETIME.match(value)):
        return value
    raise ValueError("must be an ISO 8601 date-time (YYYY-MM-DDTHH:MM[:SS][+08:00])")


def _check_date(value: dt.date) -> dt.date:
    if not EARLIEST_YEAR <= value.year <= LATEST_YEAR:
        raise ValueError(f"must lie between the years {EARLIEST_YEAR} and {LATEST_YEAR}")
    return value


def _check_datetime(value: dt.datetime) -> dt.datetime:
    _check_date(value.date())
    if timezone.is_naive(value):
        # A time without an offset is read in the server's time zone, as the UI does.
        value = timezone.make_aware(value)
    return value


NoNul = AfterValidator(_clean_text)
NoNulInSchema = Field(json_schema_extra={"pattern": NO_NUL_PATTERN})

CleanStr = Annotated[str, NoNul, NoNulInSchema]
"""Free text without NUL characters (for query filters)."""

Text40 = Annotated[str, StringConstraints(max_length=40), NoNul, NoNulInSchema]
Text100 = Annotated[str, StringConstraints(max_length=100), NoNul, NoNulInSchema]
Text120 = Annotated[str, StringConstraints(max_length=120), NoNul, NoNulInSchema]
Text150 = Annotated[str, StringConstraints(max_length=150), NoNul, NoNulInSchema]
Text200 = Annotated[str, StringConstraints(max_length=200), NoNul, NoNulInSchema]
Text300 = Annotated[str, StringConstraints(max_length=300), NoNul, NoNulInSchema]
Text500 = Annotated[str, StringConstraints(max_length=500), NoNul, NoNulInSchema]
Text2000 = Annotated[str, StringConstraints(max_length=2000), NoNul, NoNulInSchema]
Text5000 = Annotated[str, StringConstraints(max_length=5000), NoNul, NoNulInSchema]
Text10000 = Annotated[str, StringConstraints(max_length=10000), NoNul, NoNulInSchema]
Name100 = Annotated[str, StringConstraints(min_length=1, max_length=100), NoNul, NoNulInSchema]
Name150 = Annotated[str, StringConstraints(min_length=1, max_length=150), NoNul, NoNulInSchema]
Name200 = Annotated[str, StringConstraints(min_length=1, max_length=200), NoNul, NoNulInSchema]
Search = Annotated[str, StringConstraints(max_length=200), NoNul, NoNulInSchema]
Code = Annotated[str, StringConstraints(pattern=r"^[-a-zA-Z0-9_]{1,50}$")]
Currency = Annotated[str, StringConstraints(pattern=r"^[A-Za-z]{3}$")]
Phone = Annotated[str, StringConstraints(pattern=r"^[0-9+()\-. /#*x]{0,40}$")]
Email = Annotated[
    str,
    StringConstraints(max_length=254, pattern=r"^$|^[^@\s\x00]+@[^@\s\x00]+\.[^@\s\x00]+$"),
    AfterValidator(_clean_text),
]
SafeDate = Annotated[
    dt.date,
    BeforeValidator(_date_text),
    AfterValidator(_check_date),
    Field(json_schema_extra={"pattern": DATE_PATTERN}),
]
SafeDateTime = Annotated[
    dt.datetime,
    BeforeValidator(_datetime_text),
    AfterValidator(_check_datetime),
    Field(json_schema_extra={"pattern": DATETIME_PATTERN}),
]
Latitude = Annotated[float, Strict(), Field(ge=-90, le=90, allow_inf_nan=False)]
Longitude = Annotated[float, Strict(), Field(ge=-180, le=180, allow_inf_nan=False)]
NonNegativeFloat = Annotated[float, Strict(), Field(ge=0, le=1e9, allow_inf_nan=False)]
PositiveInt = Annotated[int, WholeNumber, Strict(), Field(ge=0, le=MAX_INT)]
SmallInt = Annotated[int, WholeNumber, Strict(), Field(ge=0, le=MAX_SMALLINT)]


def _money_input(value: Any) -> Any:
    if isinstance(value, bool):
        raise ValueError("must be a number or a decimal string")
    if isinstance(value, float):
        if not math.isfinite(value):
            raise ValueError("must be a finite number")
        # A JSON number is binary: it is rounded to cents (send a decimal string to be exact).
        amount = Decimal(repr(value))
        if abs(amount) >= 10**20:
            return amount  # out of every range: the bounds refuse it (quantize cannot)
        return amount.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, str) and not re.match(MONEY_STRING_PATTERN, value):
        raise ValueError("must be a decimal number with at most 2 decimal places, e.g. 1250.50")
    return value


MoneyInput = BeforeValidator(_money_input)


def money_schema(*, max_digits: int, minimum: int = 0, maximum: int | None = None) -> Any:
    """The OpenAPI description of an amount with cents: a JSON number (rounded to cents) or a
    decimal string with at most two decimals (exact)."""
    top = 10 ** (max_digits - 2) - 1 if maximum is None else maximum
    return WithJsonSchema(
        {
            "anyOf": [
                {
                    "type": "number",
                    "minimum": minimum,
                    "maximum": top,
                    "description": "Rounded to cents (half up).",
                },
                {"type": "string", "pattern": MONEY_STRING_PATTERN, "maxLength": max_digits + 1},
            ]
        }
    )


MONEY_MAX = Decimal(10**14 - 1)
Money = Annotated[
    Decimal,
    MoneyInput,
    Field(ge=0, le=MONEY_MAX, max_digits=16, decimal_places=2),
    money_schema(max_digits=16),
]
"""An amount of money: a JSON number (rounded to cents) or a decimal string ("1250.50")."""


def money(value: Decimal | None) -> Decimal | None:
    """A money amount as stored: always two decimal places."""
    return None if value is None else Decimal(value).quantize(Decimal("0.01"))


def _drop_null_defaults(schema: dict[str, Any]) -> None:
    """Optional-but-not-nullable fields of a PATCH body: omit them, never send null.

    Their Python default is None only to tell "not given" apart; the document must not claim
    that null is their default.
    """
    for prop in schema.get("properties", {}).values():
        if prop.get("default", 0) is None and "anyOf" not in prop:
            del prop["default"]


def optional(description: str | None = None) -> Any:
    """Default of a PATCH field that may be omitted but, unless its type says so, not be null."""
    return Field(default=None, description=description)


class InputSchema(BaseModel):
    """A request body: unknown fields are an error, not silently dropped."""

    model_config = ConfigDict(extra="forbid")


class PatchSchema(BaseModel):
    """A partial update: only the fields sent are changed; null only where the field allows it.

    Fields declared as ``x: T = optional()`` (without ``| None``) may be omitted but not sent
    as null.
    """

    model_config = ConfigDict(extra="forbid", json_schema_extra=_drop_null_defaults)

    def changes(self) -> dict[str, Any]:
        """The fields the client sent, with their validated values."""
        return {name: getattr(self, name) for name in self.model_fields_set}
