"""Request and response guards that hold for every page and API call."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseBase, JsonResponse
from django.template.loader import render_to_string

from keyact.core.api_errors import error_body

API_PREFIX = "/api/"


def _refusal(request: HttpRequest, status: int, detail: str, template: str) -> HttpResponse:
    if request.path.startswith(API_PREFIX):
        return JsonResponse(error_body(detail), status=status)
    return HttpResponse(render_to_string(template, request=request), status=status)


class RequestSizeLimitMiddleware:
    """Answer 413 to a body larger than ``KEYACT_MAX_REQUEST_BYTES`` without reading it.

    Django would otherwise receive a whole upload (onto disk) before a service refuses its size.
    The check trusts Content-Length; WSGI servers never hand the application more than that.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        raw = request.META.get("CONTENT_LENGTH") or "0"
        if not raw.isascii() or not raw.isdigit():
            return _refusal(request, 400, "Invalid Content-Length.", "400.html")
        if int(raw) > settings.KEYACT_MAX_REQUEST_BYTES:
            limit_mb = settings.KEYACT_MAX_REQUEST_BYTES // (1024 * 1024)
            detail = f"The request body is too large (at most {limit_mb} MB)."
            response = _refusal(request, 413, detail, "413.html")
            # The body stays unread: ask the client not to reuse the connection.
            response["Connection"] = "close"
            return response
        return self.get_response(request)


class PrivateCacheMiddleware:
    """``Cache-Control: private, no-store`` on every API response and every logged-in page.

    Nothing a user sees inside keyact (records, photos, tokens) may stay in a shared or local
    cache after logging out on a shared computer.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if request.path.startswith(API_PREFIX) or (user is not None and user.is_authenticated):
            response["Cache-Control"] = "private, no-store"
            if "Expires" in response:
                del response["Expires"]
        return response
