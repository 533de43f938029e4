"""Numbers taken from a request: path ids, query and form values, parsed in one place.

A request is text written by anyone. ``"²"`` passes ``str.isdigit()`` but not ``int()``, ``"abc"``
is no id, and an id above 2**63 - 1 fits no database column (SQLite raises on it). Every number a
view reads from the URL, the query string or a form goes through this module: a malformed value
answers 400 (``BadRequest``), a path id that cannot exist answers 404 (the URL does not match).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from django.core.exceptions import BadRequest

MAX_ID = 2**63 - 1
# ASCII digits only: ``\d`` and ``str.isdigit`` also accept other scripts' digits and ``²``.
_DIGITS = frozenset("0123456789")


class IdConverter:
    """The ``<id:name>`` path converter: 1 to 2**63 - 1 in ASCII digits, else no match (404)."""

    regex = "[0-9]{1,19}"

    def to_python(self, value: str) -> int:
        number = int(value)
        if not 1 <= number <= MAX_ID:
            # Django treats ValueError from a converter as "this pattern does not match".
            raise ValueError(value)
        return number

    def to_url(self, value: int | str) -> str:
        return str(value)


def parse_int(
    raw: Any,
    *,
    name: str,
    minimum: int = 0,
    maximum: int = MAX_ID,
) -> int:
    """``raw`` as an integer within [minimum, maximum]; anything else is a 400."""
    text = raw.strip() if isinstance(raw, str) else None
    if not text or len(text) > 19 or not set(text) <= _DIGITS:
        raise BadRequest(f"{name}: not a whole number")
    number = int(text)
    if not minimum <= number <= maximum:
        raise BadRequest(f"{name}: out of range")
    return number


def parse_id(raw: Any, *, name: str) -> int:
    """A record id (1 to 2**63 - 1) from text; anything else is a 400."""
    return parse_int(raw, name=name, minimum=1)


def optional_id(params: Mapping[str, Any], name: str) -> int | None:
    """The id in ``params[name]`` (a QueryDict or dict), None when absent or empty; else 400."""
    raw = params.get(name)
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return None
    return parse_id(raw, name=name)


def optional_int(
    params: Mapping[str, Any],
    name: str,
    *,
    default: int | None = None,
    minimum: int = 0,
    maximum: int = MAX_ID,
) -> int | None:
    """A bounded integer in ``params[name]``, ``default`` when absent or empty; else 400."""
    raw = params.get(name)
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return default
    return parse_int(raw, name=name, minimum=minimum, maximum=maximum)


def id_list(values: Iterable[Any], *, name: str, limit: int = 50) -> list[int]:
    """Distinct ids in the order given (at most ``limit`` of them); a malformed one is a 400."""
    result: list[int] = []
    for raw in values:
        if isinstance(raw, str) and not raw.strip():
            continue
        number = parse_id(raw, name=name)
        if number not in result:
            result.append(number)
        if len(result) > limit:
            raise BadRequest(f"{name}: at most {limit} values")
    return result
