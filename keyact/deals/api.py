"""API: opportunities, their stage moves, and the pipeline stages."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Path, Query, Router, Status

from keyact.core.api_errors import ErrorOut
from keyact.core.api_fields import ParamId
from keyact.core.pagination import Page, PageParams, paginate
from keyact.deals.schemas import (
    OpportunityIn,
    OpportunityOut,
    OpportunityPatch,
    OpportunityQuery,
    OpportunityStageChangeOut,
    OpportunityStageMoveIn,
    PipelineStageOut,
)
from keyact.deals.selectors import opportunity_get, opportunity_list, stage_history, stage_list
from keyact.deals.services import opportunity_create, opportunity_move_stage, opportunity_update
from keyact.users.api_auth import actor

ERRORS: dict[frozenset[int], type[ErrorOut]] = {frozenset({400, 401, 403, 404, 422}): ErrorOut}
WRITE_ERRORS: dict[frozenset[int], type[ErrorOut]] = {
    frozenset({400, 401, 403, 404, 409, 422}): ErrorOut
}

opportunities_router = Router(tags=["opportunities"])
stages_router = Router(tags=["opportunities"])


@stages_router.get("", response={200: Page[PipelineStageOut], **ERRORS}, summary="Pipeline stages")
def stages_list(request: HttpRequest, page: Query[PageParams]) -> dict[str, Any]:
    """The organisation's pipeline stages in order."""
    return paginate(request, stage_list(user=actor(request)), page)


@opportunities_router.get(
    "", response={200: Page[OpportunityOut], **ERRORS}, summary="Opportunities"
)
def opportunities_list(
    request: HttpRequest, filters: Query[OpportunityQuery], page: Query[PageParams]
) -> dict[str, Any]:
    """Opportunities inside the caller's scope, newest first."""
    qs = opportunity_list(
        user=actor(request),
        customer_id=filters.customer_id,
        owner_id=filters.owner_id,
        status=filters.status or "",
        stage_id=filters.stage_id,
        search=filters.q,
    )
    return paginate(request, qs, page)


@opportunities_router.get(
    "/{opportunity_id}", response={200: OpportunityOut, **ERRORS}, summary="One opportunity"
)
def opportunities_get(request: HttpRequest, opportunity_id: Path[ParamId]) -> Any:
    """One opportunity inside the caller's scope; anything else answers 404."""
    return opportunity_get(user=actor(request), opportunity_id=opportunity_id)


@opportunities_router.post("", response={201: OpportunityOut, **ERRORS}, summary="New opportunity")
def opportunities_create(request: HttpRequest, payload: OpportunityIn) -> Status[Any]:
    """Open an opportunity."""
    return Status(201, opportunity_create(actor=actor(request), **payload.model_dump()))


@opportunities_router.patch(
    "/{opportunity_id}",
    response={200: OpportunityOut, **WRITE_ERRORS},
    summary="Change an opportunity",
)
def opportunities_patch(
    request: HttpRequest, opportunity_id: Path[ParamId], payload: OpportunityPatch
) -> Any:
    """Change the fields sent (the owner's team only). The body names the ``version`` it is
    based on; a stale one answers 409."""
    changes = payload.changes()
    version = changes.pop("version")
    return opportunity_update(
        actor=actor(request), opportunity_id=opportunity_id, expected_version=version, **changes
    )


@opportunities_router.post(
    "/{opportunity_id}/stage", response={200: OpportunityOut, **WRITE_ERRORS}, summary="Move stage"
)
def opportunities_move_stage(
    request: HttpRequest, opportunity_id: Path[ParamId], payload: OpportunityStageMoveIn
) -> Any:
    """Move the opportunity to a stage; the move is recorded, won/lost stages close it. The
    body names the ``version`` it is based on; a stale one answers 409."""
    return opportunity_move_stage(
        actor=actor(request),
        opportunity_id=opportunity_id,
        stage_id=payload.stage_id,
        expected_version=payload.version,
    )


@opportunities_router.get(
    "/{opportunity_id}/stage-history",
    response={200: list[OpportunityStageChangeOut], **ERRORS},
    summary="Stage history of an opportunity",
)
def opportunities_stage_history(request: HttpRequest, opportunity_id: Path[ParamId]) -> Any:
    """Every stage move of the opportunity, oldest first."""
    opportunity = opportunity_get(user=actor(request), opportunity_id=opportunity_id)
    return list(stage_history(opportunity=opportunity))
