"""API: the insights of the caller's scope (managers: their team; department heads: the
department; admins: the organisation). Reps and supporters get 403: a rep's own deals are too
few to analyse and the benchmark compares colleagues.

A large analysis runs on the background worker: the endpoints then answer 202 with its
progress until it is done; a finished one is cached until the data changes."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.http import HttpRequest
from ninja import Query, Router, Status

from keyact.core.api_errors import ErrorOut
from keyact.insights.models import Analysis
from keyact.insights.report import (
    public_benchmark,
    public_effectiveness,
    public_impact,
    public_json,
    public_obstacles,
)
from keyact.insights.schemas import (
    InsightAnalysisQuery,
    InsightBenchmarkOut,
    InsightEffectivenessOut,
    InsightImpactOut,
    InsightObstaclesOut,
    InsightPendingOut,
    InsightsOut,
)
from keyact.insights.services import analysis_get, analysis_obtain
from keyact.users.api_auth import actor

ERRORS: dict[frozenset[int], type[ErrorOut]] = {frozenset({400, 401, 403, 404, 422}): ErrorOut}

router = Router(tags=["insights"])


def _answer(
    request: HttpRequest, query: InsightAnalysisQuery, shape: Callable[[dict[str, Any]], Any]
) -> Status[Any]:
    analysis = analysis_obtain(
        actor=actor(request),
        date_from=query.date_from,
        date_to=query.date_to,
        stall_days=query.stall_days,
    )
    if analysis.status != Analysis.Status.DONE or analysis.result is None:
        return Status(
            202,
            {"analysis_id": analysis.pk, "status": analysis.status, "progress": analysis.progress},
        )
    return Status(200, shape(analysis.result))


@router.get(
    "/", response={200: InsightsOut, 202: InsightPendingOut, **ERRORS}, summary="All insights"
)
def insights(request: HttpRequest, query: Query[InsightAnalysisQuery]) -> Status[Any]:
    """Impact, top-performer benchmark, obstacles and key-activity effectiveness (the same
    objects as ``keyact analyze --json``)."""
    return _answer(request, query, public_json)


@router.get(
    "/impact",
    response={200: list[InsightImpactOut], 202: InsightPendingOut, **ERRORS},
    summary="Impact",
)
def impact(request: HttpRequest, query: Query[InsightAnalysisQuery]) -> Status[Any]:
    """Activity impact: ranked rows first, then the types without enough data."""
    return _answer(request, query, public_impact)


@router.get(
    "/benchmark",
    response={200: InsightBenchmarkOut, 202: InsightPendingOut, **ERRORS},
    summary="Benchmark",
)
def benchmark(request: HttpRequest, query: Query[InsightAnalysisQuery]) -> Status[Any]:
    """Top performers and the activity rates that distinguish them."""
    return _answer(request, query, public_benchmark)


@router.get(
    "/obstacles",
    response={200: InsightObstaclesOut, 202: InsightPendingOut, **ERRORS},
    summary="Obstacles",
)
def obstacles(request: HttpRequest, query: Query[InsightAnalysisQuery]) -> Status[Any]:
    """Stalls (ordered by importance) and the stage funnel."""
    return _answer(request, query, public_obstacles)


@router.get(
    "/effectiveness",
    response={200: list[InsightEffectivenessOut], 202: InsightPendingOut, **ERRORS},
    summary="Key-activity effectiveness",
)
def effectiveness(request: HttpRequest, query: Query[InsightAnalysisQuery]) -> Status[Any]:
    """Published key activities: did owners who met their targets convert better?"""
    return _answer(request, query, public_effectiveness)


@router.get(
    "/analyses/{analysis_id}",
    response={200: InsightPendingOut, **ERRORS},
    summary="Progress of an analysis",
)
def analysis_status(request: HttpRequest, analysis_id: int) -> dict[str, Any]:
    """Status and progress (0-100) of an analysis of the caller's scope."""
    analysis = analysis_get(actor=actor(request), analysis_id=analysis_id)
    return {"analysis_id": analysis.pk, "status": analysis.status, "progress": analysis.progress}
