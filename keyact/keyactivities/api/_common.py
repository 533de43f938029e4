"""The key-activity API's router and the error responses its operations declare."""

from __future__ import annotations

from ninja import Router

from keyact.core.api_errors import ErrorOut

ERRORS: dict[frozenset[int], type[ErrorOut]] = {frozenset({400, 401, 403, 404, 422}): ErrorOut}
WRITE_ERRORS: dict[frozenset[int], type[ErrorOut]] = {
    frozenset({400, 401, 403, 404, 409, 422}): ErrorOut
}

router = Router(tags=["key activities"])
