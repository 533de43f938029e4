"""htmx helpers for views: is this an htmx request, and tell the page to show a toast."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django_htmx.http import trigger_client_event


def is_htmx(request: HttpRequest) -> bool:
    """Whether the request was sent by htmx (django-htmx sets ``request.htmx``)."""
    return bool(getattr(request, "htmx", False))


def with_toast(response: HttpResponse, message: str, kind: str = "success") -> HttpResponse:
    """Ask the page to show a toast once the response is swapped in."""
    trigger_client_event(response, "keyact:toast", {"value": message, "kind": kind})
    return response
