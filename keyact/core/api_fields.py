"""Constrained field types for API input schemas.

Every value the API accepts is bounded before it reaches the database: ids fit a signed 64-bit
column, strings have the model's ``max_length`` and carry no NUL (PostgreSQL refuses ``\\x00``) or
lone surrogates, dates lie in a range every time zone conversion survives, floats are finite.
A value outside these bounds is a 422 naming the field, never a database error.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
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
)

MAX_BIGINT = 2**63 - 1
MAX_INT = 2**31 - 1
MAX_SMALLINT = 2**15 - 1
EARLIEST_YEAR = 1900
LATEST_YEAR = 2200

Id = Annotated[int, Strict(), Field(ge=1, le=MAX_BIGINT)]
"""A reference to a record in a JSON body (a JSON integer, never "1" or true)."""

ParamId = Annotated[int, Field(ge=1, le=MAX_BIGINT)]
"""A record id in the path or the query string, where every value arrives as text."""

StrictBool = Annotated[bool, Strict()]
StrictInt = Annotated[int, Strict()]


def _clean_text(value: str) -> str:
    if "\x00" in value:
        raise ValueError("must not contain NUL characters")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError as exc:
        raise ValueError("must be valid Unicode text") from exc
    return value


_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}")


def _text_or_date(value: Any) -> Any:
    # pydantic would read a number as a Unix timestamp; the API takes ISO 8601 text only.
    if isinstance(value, dt.date) or (isinstance(value, str) and _ISO_DATE.match(value)):
        return value
    raise ValueError("must be an ISO 8601 date (YYYY-MM-DD) or date-time")


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


CleanStr = Annotated[str, AfterValidator(_clean_text)]
"""Free text without NUL characters (for query filters)."""

Text40 = Annotated[str, StringConstraints(max_length=40), AfterValidator(_clean_text)]
Text100 = Annotated[str, StringConstraints(max_length=100), AfterValidator(_clean_text)]
Text120 = Annotated[str, StringConstraints(max_length=120), AfterValidator(_clean_text)]
Text150 = Annotated[str, StringConstraints(max_length=150), AfterValidator(_clean_text)]
Text200 = Annotated[str, StringConstraints(max_length=200), AfterValidator(_clean_text)]
Text300 = Annotated[str, StringConstraints(max_length=300), AfterValidator(_clean_text)]
Text500 = Annotated[str, StringConstraints(max_length=500), AfterValidator(_clean_text)]
Text10000 = Annotated[str, StringConstraints(max_length=10000), AfterValidator(_clean_text)]
Name100 = Annotated[
    str, StringConstraints(min_length=1, max_length=100), AfterValidator(_clean_text)
]
Name150 = Annotated[
    str, StringConstraints(min_length=1, max_length=150), AfterValidator(_clean_text)
]
Name200 = Annotated[
    str, StringConstraints(min_length=1, max_length=200), AfterValidator(_clean_text)
]
Search = Annotated[str, StringConstraints(max_length=200), AfterValidator(_clean_text)]
Code = Annotated[str, StringConstraints(pattern=r"^[-a-zA-Z0-9_]{1,50}$")]
Currency = Annotated[str, StringConstraints(pattern=r"^[A-Za-z]{3}$")]
Phone = Annotated[str, StringConstraints(pattern=r"^[0-9+()\-. /#*x]{0,40}$")]
Email = Annotated[
    str,
    StringConstraints(max_length=254, pattern=r"^$|^[^@\s\x00]+@[^@\s\x00]+\.[^@\s\x00]+$"),
    AfterValidator(_clean_text),
]
SafeDate = Annotated[dt.date, BeforeValidator(_text_or_date), AfterValidator(_check_date)]
SafeDateTime = Annotated[
    dt.datetime, BeforeValidator(_text_or_date), AfterValidator(_check_datetime)
]
Latitude = Annotated[float, Strict(), Field(ge=-90, le=90, allow_inf_nan=False)]
Longitude = Annotated[float, Strict(), Field(ge=-180, le=180, allow_inf_nan=False)]
NonNegativeFloat = Annotated[float, Strict(), Field(ge=0, le=1e9, allow_inf_nan=False)]
PositiveInt = Annotated[int, Strict(), Field(ge=0, le=MAX_INT)]
SmallInt = Annotated[int, Strict(), Field(ge=0, le=MAX_SMALLINT)]


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
