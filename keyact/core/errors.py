"""Domain errors: raised by services, turned into clear messages by views and the API."""

from __future__ import annotations


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
