"""API: the activity-type catalog and activity records with their audit trail."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.http import HttpRequest
from ninja import Path, Query, Router, Status

from keyact.activities.models import Activity
from keyact.activities.schemas import (
    ActivityCancelIn,
    ActivityChangeOut,
    ActivityCompleteIn,
    ActivityIn,
    ActivityOut,
    ActivityPatch,
    ActivityQuery,
    ActivityReopenIn,
    ActivityTypeIn,
    ActivityTypeOut,
    ActivityTypePatch,
    ActivityTypeQuery,
)
from keyact.activities.selectors import (
    ActivityFilters,
    activity_get,
    activity_history,
    activity_link_ids,
    activity_list,
    activity_type_get,
    activity_type_list,
)
from keyact.activities.services import (
    activity_cancel,
    activity_complete,
    activity_create,
    activity_reopen,
    activity_type_create,
    activity_type_update,
    activity_update,
)
from keyact.core.api_errors import ErrorOut
from keyact.core.api_fields import ParamId
from keyact.core.pagination import Page, PageParams, paginate
from keyact.users.api_auth import actor

ERRORS: dict[frozenset[int], type[ErrorOut]] = {frozenset({400, 401, 403, 404, 422}): ErrorOut}
WRITE_ERRORS: dict[frozenset[int], type[ErrorOut]] = {
    frozenset({400, 401, 403, 404, 409, 422}): ErrorOut
}

activity_types_router = Router(tags=["activity types"])
activities_router = Router(tags=["activities"])


@activity_types_router.get(
    "", response={200: Page[ActivityTypeOut], **ERRORS}, summary="Activity types"
)
def activity_types_list(
    request: HttpRequest, filters: Query[ActivityTypeQuery], page: Query[PageParams]
) -> dict[str, Any]:
    """The organisation's activity types in display order (active ones unless asked)."""
    qs = activity_type_list(user=actor(request), include_inactive=filters.include_inactive)
    return paginate(request, qs, page)


@activity_types_router.get(
    "/{type_id}", response={200: ActivityTypeOut, **ERRORS}, summary="One activity type"
)
def activity_types_get(request: HttpRequest, type_id: Path[ParamId]) -> Any:
    """One activity type of the caller's organisation."""
    return activity_type_get(user=actor(request), type_id=type_id)


@activity_types_router.post(
    "", response={201: ActivityTypeOut, **WRITE_ERRORS}, summary="New activity type"
)
def activity_types_create(request: HttpRequest, payload: ActivityTypeIn) -> Status[Any]:
    """Add an industry activity type (administrators only)."""
    return Status(201, activity_type_create(actor=actor(request), **payload.model_dump()))


@activity_types_router.patch(
    "/{type_id}", response={200: ActivityTypeOut, **WRITE_ERRORS}, summary="Change a type"
)
def activity_types_patch(
    request: HttpRequest, type_id: Path[ParamId], payload: ActivityTypePatch
) -> Any:
    """Rename, reorder or (de)activate an activity type (administrators only)."""
    return activity_type_update(actor=actor(request), type_id=type_id, **payload.changes())


def _with_link_ids(activities: list[Activity]) -> Sequence[Activity]:
    """Attach contact and participant ids to a page of activities in two queries."""
    contacts, participants = activity_link_ids(activity_ids=[a.pk for a in activities])
    for activity in activities:
        activity.api_contact_ids = contacts[activity.pk]  # type: ignore[attr-defined]
        activity.api_participant_ids = participants[activity.pk]  # type: ignore[attr-defined]
    return activities


@activities_router.get(
    "",
    response={200: Page[ActivityOut], **ERRORS},
    summary="Activities",
    description=(
        "Activities inside the caller's data scope, newest first, filtered by the query "
        "parameters. The list is paginated with `limit` (default 50, at most 200) and `offset`; "
        "`next` links the following page. To stay fast on millions of rows, `count` is exact "
        "only up to a cap (10,000 by default): beyond it `count` is the cap and "
        "`count_is_exact` is false. Dates are whole days in the server's time zone."
    ),
)
def activities_list(
    request: HttpRequest, filters: Query[ActivityQuery], page: Query[PageParams]
) -> dict[str, Any]:
    data = filters.model_dump()
    data["search"] = data.pop("q")
    data["status"] = data["status"] or ""
    qs = activity_list(user=actor(request), filters=ActivityFilters(**data))
    return paginate(request, qs, page, prepare=_with_link_ids)


@activities_router.get(
    "/{activity_id}", response={200: ActivityOut, **ERRORS}, summary="One activity"
)
def activities_get(request: HttpRequest, activity_id: Path[ParamId]) -> Any:
    """One activity inside the caller's scope; anything else answers 404."""
    return activity_get(user=actor(request), activity_id=activity_id)


@activities_router.post(
    "", response={201: ActivityOut, **WRITE_ERRORS}, summary="Record an activity"
)
def activities_create(request: HttpRequest, payload: ActivityIn) -> Status[Any]:
    """Record an activity: done, now and owned by the caller unless the body says otherwise."""
    activity = activity_create(actor=actor(request), **payload.model_dump())
    # The ids just written are the ids stored: answer without reading them back.
    activity.api_contact_ids = sorted(set(payload.contact_ids))  # type: ignore[attr-defined]
    activity.api_participant_ids = sorted(set(payload.participant_ids))  # type: ignore[attr-defined]
    return Status(201, activity)


@activities_router.patch(
    "/{activity_id}", response={200: ActivityOut, **WRITE_ERRORS}, summary="Change an activity"
)
def activities_patch(
    request: HttpRequest, activity_id: Path[ParamId], payload: ActivityPatch
) -> Any:
    """Change the fields sent. The body names the ``version`` it is based on; a stale one
    answers 409."""
    changes = payload.changes()
    version = changes.pop("version")
    return activity_update(
        actor=actor(request), activity_id=activity_id, expected_version=version, **changes
    )


@activities_router.post(
    "/{activity_id}/complete",
    response={200: ActivityOut, **WRITE_ERRORS},
    summary="Mark an activity done",
)
def activities_complete(
    request: HttpRequest, activity_id: Path[ParamId], payload: ActivityCompleteIn
) -> Any:
    """Mark a planned activity done, optionally with its outcome; a cancelled one cannot be.
    The body names the ``version`` it is based on; a stale one answers 409."""
    values = payload.model_dump()
    version = values.pop("version")
    return activity_complete(
        actor=actor(request), activity_id=activity_id, expected_version=version, **values
    )


@activities_router.post(
    "/{activity_id}/cancel",
    response={200: ActivityOut, **WRITE_ERRORS},
    summary="Cancel a planned activity",
)
def activities_cancel(
    request: HttpRequest, activity_id: Path[ParamId], payload: ActivityCancelIn
) -> Any:
    """Cancel a planned activity. A done activity is a fact and cannot be cancelled. The body
    names the ``version`` it is based on; a stale one answers 409."""
    return activity_cancel(
        actor=actor(request), activity_id=activity_id, expected_version=payload.version
    )


@activities_router.post(
    "/{activity_id}/reopen",
    response={200: ActivityOut, **WRITE_ERRORS},
    summary="Reopen a done activity",
)
def activities_reopen(
    request: HttpRequest, activity_id: Path[ParamId], payload: ActivityReopenIn
) -> Any:
    """Set a done activity back to planned, with the reason (kept in its history). Only a done
    activity can be reopened, by whoever may change it; it stops counting as done."""
    return activity_reopen(
        actor=actor(request),
        activity_id=activity_id,
        reason=payload.reason,
        expected_version=payload.version,
    )


@activities_router.get(
    "/{activity_id}/history",
    response={200: list[ActivityChangeOut], **ERRORS},
    summary="Audit trail of an activity",
)
def activities_history(request: HttpRequest, activity_id: Path[ParamId]) -> Any:
    """Who created and changed the activity, when, with each field's before and after."""
    activity = activity_get(user=actor(request), activity_id=activity_id)
    return list(activity_history(activity=activity))
