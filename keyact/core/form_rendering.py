"""How django-bootstrap5 marks fields: only invalid ones.

Bootstrap's server-side validation paints every field of a bound form green with a tick when it
has no error of its own — after a refused login, in a filter bar, next to the one field that is
wrong. People read green as "accepted"; only the fields to fix are marked.
"""

from __future__ import annotations

from django_bootstrap5.renderers import FieldRenderer


class InvalidOnlyFieldRenderer(FieldRenderer):  # type: ignore[misc]
    """A field renderer that adds ``is-invalid`` to fields with errors and nothing otherwise."""

    def get_server_side_validation_classes(self) -> str:
        """``is-invalid`` when the field has errors, else no class (never ``is-valid``)."""
        return "is-invalid" if self.field_errors else ""
