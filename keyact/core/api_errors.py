"""One JSON shape for every API error, and the handlers that produce it.

Every 4xx answers ``{"detail": "<summary>", "errors": [{"field": "amount", "message": "..."}]}``.
``field`` is a dotted path into the request (``contact_ids.0``) or null when the error concerns
the request as a whole. Domain errors keep their status code (400, 403, 404, 409); validation
errors are 422; malformed JSON is 400; an unknown path under the API is a JSON 404 and a wrong
method a JSON 405.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable, Iterable
from functools import partial
from typing import Any

from django.core.exceptions import RequestDataTooBig, SuspiciousOperation
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.urls import URLPattern, URLResolver, re_path
from django.views.decorators.csrf import csrf_exempt
from ninja import NinjaAPI, Schema
from ninja.errors import AuthenticationError, HttpError, ValidationError
from ninja.operation import Operation

from keyact.core.api_links import add_create_links
from keyact.core.errors import DomainError

logger = logging.getLogger(__name__)

# Where a parameter came from; the first element of a ninja error location.
_SOURCES = {"body", "query", "path", "header", "cookie", "form", "file"}


class FieldError(Schema):
    """One problem with one input."""

    field: str | None
    message: str


class ErrorOut(Schema):
    """The body of every error response."""

    detail: str
    errors: list[FieldError]


def error_body(detail: str, errors: Iterable[tuple[str | None, str]] = ()) -> dict[str, Any]:
    """The JSON body of an error response; without field errors, one entry repeats the detail."""
    pairs = list(errors) or [(None, detail)]
    return {
        "detail": detail,
        "errors": [{"field": field, "message": message} for field, message in pairs],
    }


def _field_path(loc: Iterable[Any], param_names: set[str]) -> str | None:
    parts = [str(p) for p in loc]
    if parts and parts[0] in _SOURCES:
        parts = parts[1:]
    # A body schema is one parameter named e.g. "payload"; the client never sees that name.
    if parts and parts[0] in param_names:
        parts = parts[1:]
    return ".".join(parts) or None


def _message(error: dict[str, Any]) -> str:
    message = str(error.get("msg", "Invalid value."))
    # pydantic prefixes messages of custom validators with "Value error, ".
    return message.removeprefix("Value error, ")


def validation_errors(exc: ValidationError) -> list[tuple[str | None, str]]:
    """(field, message) pairs from a ninja validation error."""
    body_params = {"payload", "filters", "page"}
    result: list[tuple[str | None, str]] = []
    for error in exc.errors:
        if error.get("type") == "json_invalid" or error.get("msg") == "Cannot parse request body":
            result.append((None, "The request body is not valid JSON."))
            continue
        result.append((_field_path(error.get("loc", ()), body_params), _message(error)))
    return result


def _json_not_allowed(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Give ninja's plain-text 405 the JSON error body (keeping the Allow header)."""

    @functools.wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        response = view(request, *args, **kwargs)
        if response.status_code == 405 and not response.get("Content-Type", "").startswith(
            "application/json"
        ):
            detail = f"Method {request.method} is not allowed here."
            allowed = response.get("Allow", "")
            response = JsonResponse(error_body(detail), status=405)
            response["Allow"] = allowed
        return response

    return wrapper


def _not_found(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
    return JsonResponse(error_body("No such API endpoint."), status=404)


class JsonErrorsAPI(NinjaAPI):
    """A NinjaAPI whose unknown paths and wrong methods also answer the JSON error body.

    Its OpenAPI document links every create operation to the operations on what it created.
    """

    def get_openapi_schema(
        self, *, path_prefix: str | None = None, path_params: dict[str, Any] | None = None
    ) -> Any:
        schema = super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params)
        return add_create_links(schema)

    def get_openapi_operation_id(self, operation: Operation) -> str:
        """``<app module>_<function>`` as before an app's ``api.py`` became a package:
        operations keep their ids when they move between the package's modules."""
        parts = operation.view_func.__module__.split(".")
        if "api" in parts:
            parts = parts[: parts.index("api") + 1]
        return "_".join([*parts, operation.view_func.__name__])

    def _get_urls(self) -> list[URLResolver | URLPattern]:
        patterns: list[URLResolver | URLPattern] = []
        for pattern in super()._get_urls():
            if isinstance(pattern, URLPattern):
                pattern = URLPattern(
                    pattern.pattern,
                    _json_not_allowed(pattern.callback),
                    pattern.default_args,
                    pattern.name,
                )
            patterns.append(pattern)
        patterns.append(re_path(r"^.*$", csrf_exempt(_not_found), name="not-found"))
        return patterns


def _on_validation(api: NinjaAPI, request: HttpRequest, exc: ValidationError) -> HttpResponse:
    errors = validation_errors(exc)
    if errors and all(field is None for field, _ in errors):
        return api.create_response(request, error_body(errors[0][1], errors), status=400)
    return api.create_response(request, error_body("The request is invalid.", errors), status=422)


def _on_domain(api: NinjaAPI, request: HttpRequest, exc: DomainError) -> HttpResponse:
    errors = [(exc.field, exc.message)] if exc.field else []
    return api.create_response(request, error_body(exc.message, errors), status=exc.status_code)


def _on_authentication(
    api: NinjaAPI, request: HttpRequest, exc: AuthenticationError
) -> HttpResponse:
    response = api.create_response(
        request,
        error_body("Authentication required: log in or send a bearer token."),
        status=401,
    )
    response["WWW-Authenticate"] = "Bearer"
    return response


def _on_http_error(api: NinjaAPI, request: HttpRequest, exc: HttpError) -> HttpResponse:
    if exc.message.startswith("Cannot parse request body"):
        message = "The request body is not valid JSON."
        return api.create_response(request, error_body(message), status=400)
    return api.create_response(request, error_body(exc.message), status=exc.status_code)


def _on_404(api: NinjaAPI, request: HttpRequest, exc: Http404) -> HttpResponse:
    return api.create_response(request, error_body("Not found."), status=404)


def _on_suspicious(api: NinjaAPI, request: HttpRequest, exc: SuspiciousOperation) -> HttpResponse:
    if isinstance(exc, RequestDataTooBig):
        detail = "The request body is too large."
        return api.create_response(request, error_body(detail), status=413)
    return api.create_response(request, error_body("The request was refused."), status=400)


def _on_unexpected(api: NinjaAPI, request: HttpRequest, exc: Exception) -> HttpResponse:
    logger.exception("Unhandled API error", exc_info=exc)
    return api.create_response(request, error_body("Internal error."), status=500)


def install_error_handlers(api: NinjaAPI) -> None:
    """Register the handlers that give every error the shape above."""
    handlers: list[tuple[type[Exception], Any]] = [
        (ValidationError, _on_validation),
        (DomainError, _on_domain),
        (AuthenticationError, _on_authentication),
        (HttpError, _on_http_error),
        (Http404, _on_404),
        (SuspiciousOperation, _on_suspicious),
        (Exception, _on_unexpected),
    ]
    for exc_class, handler in handlers:
        api.add_exception_handler(exc_class, partial(handler, api))
