"""Putting domain errors onto forms: the message lands on the field the service names."""

from __future__ import annotations

from collections.abc import Mapping

from django import forms

from keyact.core.errors import DomainError


def add_domain_error(
    form: forms.Form, exc: DomainError, *, aliases: Mapping[str, str] | None = None
) -> None:
    """Attach ``exc.message`` to the form field ``exc.field`` names (or to the whole form).

    ``aliases`` maps a service's field name onto the form's when they differ.
    """
    field = exc.field or ""
    field = (aliases or {}).get(field, field)
    form.add_error(field if field in form.fields else None, exc.message)


def choice_field(form: forms.Form, name: str) -> forms.ChoiceField:
    """The form's choice field ``name``, typed, so its choices can be filled per request."""
    field = form.fields[name]
    if not isinstance(field, forms.ChoiceField):
        raise TypeError(f"{name} is not a choice field")
    return field
