"""API of tracking: progress of a key activity (mounted under /api/v1/key-activities)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Path, Query, Router

from keyact.core.api_errors import ErrorOut
from keyact.core.api_fields import ParamId
from keyact.tracking.presenters import progress_data
from keyact.tracking.schemas import ProgressOut, ProgressQuery
from keyact.tracking.selectors import progress_of_key_activity
from keyact.users.api_auth import actor

ERRORS: dict[frozenset[int], type[ErrorOut]] = {frozenset({400, 401, 403, 404, 422}): ErrorOut}

progress_router = Router(tags=["progress"])


@progress_router.get(
    "/{key_activity_id}/progress",
    response={200: ProgressOut, **ERRORS},
    summary="Progress of a key activity",
)
def key_activity_progress(
    request: HttpRequest, key_activity_id: Path[ParamId], query: Query[ProgressQuery]
) -> dict[str, Any]:
    """Each owner's target, actual, qualified, expected by today and pacing status over a month
    (the current one by default); only the owners inside the caller's scope."""
    result = progress_of_key_activity(
        user=actor(request), key_activity_id=key_activity_id, period=query.period
    )
    return progress_data((result.start, result.end), [result])
