"""What a model's columns can hold, checked before a write reaches the database.

SQLite stores a string longer than its column; PostgreSQL refuses it with a database error.
Services call :func:`columns_check` on the text they write, so every entry point (pages, API,
importers, admin) gets the same field error instead of a failed transaction.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Mapping
from typing import Any

from django.core.exceptions import FieldDoesNotExist
from django.db.models import Field, Model
from django.utils.translation import gettext as _

from keyact.core.errors import InvalidValue
from keyact.core.numbers import format_number


def columns_check(
    model: type[Model], values: Mapping[str, Any], *, fields: Iterable[str] | None = None
) -> None:
    """Refuse a value its column cannot hold: too long, not one of its choices, a NUL character.

    ``fields`` limits the check to those names (default: every name in ``values`` that is a
    concrete field of ``model``); names that are not fields are skipped.
    """
    names = list(values) if fields is None else [f for f in fields if f in values]
    for name in names:
        value = values[name]
        if value is None or value == "":
            continue
        limits = _limits(model, name)
        if limits is None:  # not a column of this model (e.g. contact_ids)
            continue
        max_length, choices = limits
        if isinstance(value, str):
            if "\x00" in value:
                raise InvalidValue(_("The text contains a NUL character; remove it."), field=name)
            if max_length and len(value) > max_length:
                raise InvalidValue(
                    _("At most %(limit)s characters; this one has %(count)s.")
                    % {"limit": format_number(max_length), "count": format_number(len(value))},
                    field=name,
                )
        if choices is not None and value not in choices:
            raise InvalidValue(_("Not one of the allowed values: %s") % value, field=name)


@functools.cache
def _limits(model: type[Model], name: str) -> tuple[int | None, frozenset[Any] | None] | None:
    """A column's maximum length and allowed values (None: no such column), looked up once."""
    try:
        field = model._meta.get_field(name)
    except FieldDoesNotExist:
        return None
    if not isinstance(field, Field):
        return None
    choices = frozenset(c[0] for c in field.flatchoices) if field.choices else None
    return getattr(field, "max_length", None), choices
