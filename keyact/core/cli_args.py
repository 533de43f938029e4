"""Argument types for keyact's commands: every value is checked before any work starts.

argparse reports a refused value as one line (``error: argument --port: must be 1-65535``) and
exits with status 2, so a command never starts with an argument it cannot use.
"""

from __future__ import annotations

import datetime as dt
import re
from argparse import ArgumentTypeError
from collections.abc import Callable

from keyact.core.api_fields import EARLIEST_YEAR, LATEST_YEAR

_SLUG = re.compile(r"^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$")
_DIGITS = re.compile(r"^[+-]?[0-9]{1,19}$")


def bounded_int(minimum: int, maximum: int) -> Callable[[str], int]:
    """An argparse type: a whole number in [minimum, maximum]."""

    def parse(value: str) -> int:
        if not _DIGITS.match(value.strip()):
            raise ArgumentTypeError(f"not a whole number: {value!r}")
        number = int(value)
        if not minimum <= number <= maximum:
            raise ArgumentTypeError(f"must be between {minimum:,} and {maximum:,}, not {number:,}")
        return number

    parse.__name__ = "whole number"
    return parse


def iso_date(
    earliest: dt.date = dt.date(EARLIEST_YEAR, 1, 1),
    latest: dt.date = dt.date(LATEST_YEAR, 12, 31),
) -> Callable[[str], dt.date]:
    """An argparse type: a date written YYYY-MM-DD between ``earliest`` and ``latest``."""

    def parse(value: str) -> dt.date:
        try:
            day = dt.date.fromisoformat(value.strip())
        except ValueError as exc:
            raise ArgumentTypeError(f"not a date (YYYY-MM-DD): {value!r}") from exc
        if not earliest <= day <= latest:
            raise ArgumentTypeError(f"must lie between {earliest} and {latest}, not {day}")
        return day

    parse.__name__ = "date"
    return parse


def slug(max_length: int) -> Callable[[str], str]:
    """An argparse type: lower-case letters, digits and inner hyphens, at most ``max_length``."""

    def parse(value: str) -> str:
        if not value or len(value) > max_length or not _SLUG.match(value):
            raise ArgumentTypeError(
                f"must be 1-{max_length} lower-case letters, digits or inner hyphens "
                f"(e.g. east-china), not {value!r}"
            )
        return value

    parse.__name__ = "slug"
    return parse


def text(max_length: int) -> Callable[[str], str]:
    """An argparse type: non-blank printable text of at most ``max_length`` characters."""

    def parse(value: str) -> str:
        stripped = value.strip()
        if not stripped or len(stripped) > max_length or not stripped.isprintable():
            raise ArgumentTypeError(f"must be 1-{max_length} printable characters")
        return stripped

    parse.__name__ = "text"
    return parse
