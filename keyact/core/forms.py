"""Putting domain errors onto forms: the message lands on the field the service names; long
texts refused with their limit."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.http import QueryDict
from django.utils.translation import gettext as _

from keyact.core.errors import DomainError, StaleVersion
from keyact.core.numbers import format_number

VERSION_FIELD = "expected_version"


def version_field() -> forms.IntegerField:
    """The hidden field that carries the version of the record a form edits."""
    return forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=1)


def _stale_version(form: forms.Form, exc: StaleVersion) -> None:
    # Keep what the user typed and take the current version, so saving again is a deliberate
    # overwrite of the change they were told about; reloading the page shows that change.
    data = form.data.copy() if isinstance(form.data, QueryDict) else QueryDict(mutable=True)
    data[form.add_prefix(VERSION_FIELD)] = str(exc.current)
    form.data = data
    form.add_error(
        None,
        _(
            "Someone else saved this record while you were editing it (you started from "
            "version %(expected)d; it is now at version %(current)d). What you typed is kept "
            "below: save again to put it in place of their change, or reload the page to see "
            "their change first."
        )
        % {"expected": exc.expected, "current": exc.current},
    )


class LimitedText(forms.CharField):
    """A text with a length limit that is refused, never cut: the page counts the characters
    (``maxlength`` becomes a counter in forms.js) and the message says the limit and the length,
    numbers grouped for the reader, e.g. "At most 10,000 characters; this one has 20,000."."""

    def __init__(self, *, limit: int, **kwargs: Any) -> None:
        self.limit = limit
        super().__init__(**kwargs)

    def widget_attrs(self, widget: forms.Widget) -> dict[str, Any]:
        attrs = super().widget_attrs(widget)
        if not widget.is_hidden:
            attrs["maxlength"] = str(self.limit)
        return attrs

    def validate(self, value: Any) -> None:
        super().validate(value)
        if isinstance(value, str) and len(value) > self.limit:
            raise ValidationError(
                _("At most %(limit)s characters; this one has %(count)s.")
                % {"limit": format_number(self.limit), "count": format_number(len(value))},
                code="max_length",
            )


def add_domain_error(
    form: forms.Form, exc: DomainError, *, aliases: Mapping[str, str] | None = None
) -> None:
    """Attach ``exc.message`` to the form field ``exc.field`` names (or to the whole form).

    ``aliases`` maps a service's field name onto the form's when they differ.
    """
    if isinstance(exc, StaleVersion) and VERSION_FIELD in form.fields:
        _stale_version(form, exc)
        return
    field = exc.field or ""
    field = (aliases or {}).get(field, field)
    form.add_error(field if field in form.fields else None, exc.message)


def choice_field(form: forms.Form, name: str) -> forms.ChoiceField:
    """The form's choice field ``name``, typed, so its choices can be filled per request."""
    field = form.fields[name]
    if not isinstance(field, forms.ChoiceField):
        raise TypeError(f"{name} is not a choice field")
    return field
