"""Domain errors: raised by services, turned into clear messages by views and the API."""

from __future__ import annotations

from django.utils.translation import gettext as _


class DomainError(Exception):
    """A rule of the domain refused an operation; nothing was changed.

    ``field`` names the input at fault when there is one, so forms and the API can attach the
    message to it.
    """

    status_code = 400

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field


class InvalidValue(DomainError):
    """A value breaks a rule of its field (too long, out of range, inconsistent with another).

    The API answers 422 like any other validation error, naming the field.
    """

    status_code = 422


class NotFound(DomainError):
    """The record does not exist or lies outside the caller's scope (never distinguished)."""

    status_code = 404


class PermissionDenied(DomainError):
    """The caller may see the record but not perform this operation on it."""

    status_code = 403


class Conflict(DomainError):
    """The operation collides with the record's current state (e.g. a stale version)."""

    status_code = 409


class StaleVersion(Conflict):
    """The caller's copy is older than the record: someone else changed it meanwhile.

    Carries both versions, so a page can say which copy the user edited and reload the current
    one beside what they typed.
    """

    def __init__(self, message: str, *, expected: int, current: int) -> None:
        super().__init__(message, field="version")
        self.expected = expected
        self.current = current


def version_check(*, expected: int | None, current: int, message: str) -> None:
    """Refuse a change based on a stale copy (409, field ``version``).

    ``message`` says what changed (``Someone else changed this customer meanwhile.``); the
    versions are appended. ``expected=None`` means the caller holds no copy: a service that
    reads and writes in one step (a status action, an importer) and bumps the version itself.
    """
    if expected is not None and expected != current:
        detail = _(
            "%(message)s You edited version %(expected)d; it is now at version %(current)d. "
            "Reload it and try again."
        ) % {"message": message, "expected": expected, "current": current}
        raise StaleVersion(detail, expected=expected, current=current)
