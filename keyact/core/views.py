"""Error pages rendered with the request, so the layout knows who is logged in."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def bad_request(request: HttpRequest, exception: Exception) -> HttpResponse:
    """400: a malformed parameter (e.g. ``?id=abc``); the page says so instead of crashing."""
    return render(request, "400.html", status=400)
