"""Error pages rendered with the request, so the layout knows who is logged in."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, HttpResponsePermanentRedirect
from django.shortcuts import render
from django.templatetags.static import static


def bad_request(request: HttpRequest, exception: Exception) -> HttpResponse:
    """400: a malformed parameter (e.g. ``?id=abc``); the page says so instead of crashing."""
    return render(request, "400.html", status=400)


def favicon(request: HttpRequest) -> HttpResponse:
    """Browsers ask for ``/favicon.ico`` on pages without an icon link (the API docs, plain
    files): send them to the one icon, instead of a 404 in their console."""
    return HttpResponsePermanentRedirect(static("keyact/favicon.svg"))
