"""Candidate operations: list, compare, create, suggest, inspire, read, change, decide."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.translation import get_language
from ninja import Path, Query, Status

from keyact.core.pagination import Page, PageParams, paginate
from keyact.keyactivities.api._common import ERRORS, WRITE_ERRORS, router
from keyact.keyactivities.api.out import candidate_out
from keyact.keyactivities.schemas import (
    CandidateIn,
    CandidateOut,
    CandidatePatch,
    CandidateQuery,
    CompareQuery,
    DecisionIn,
    InspirationIn,
    PathId,
)
from keyact.keyactivities.selectors import (
    candidate_comparison,
    candidate_get,
    candidate_list,
)
from keyact.keyactivities.services import (
    candidate_create,
    candidate_decide,
    candidate_from_inspiration,
    candidate_update,
    candidates_suggest_key_steps,
)
from keyact.users.api_auth import actor


@router.get("/candidates", response={200: Page[CandidateOut], **ERRORS}, summary="Candidates")
def candidates_list(
    request: HttpRequest, filters: Query[CandidateQuery], page: Query[PageParams]
) -> dict[str, Any]:
    """Candidate key activities the caller may see (designers), largest impact first."""
    qs = candidate_list(user=actor(request), lens=filters.lens or "", status=filters.status or "")
    return paginate(request, qs, page, prepare=lambda rows: [candidate_out(c) for c in rows])


@router.get(
    "/candidates/compare",
    response={200: list[CandidateOut], **ERRORS},
    summary="Compare candidates side by side",
)
def candidates_compare(request: HttpRequest, filters: Query[CompareQuery]) -> list[dict[str, Any]]:
    """The chosen candidates (all proposed ones without ``ids``), largest impact first."""
    rows = candidate_comparison(user=actor(request), candidate_ids=list(filters.ids))
    return [candidate_out(c) for c in rows]


@router.post(
    "/candidates", response={201: CandidateOut, **WRITE_ERRORS}, summary="Propose a candidate"
)
def candidates_create(request: HttpRequest, payload: CandidateIn) -> Status[Any]:
    """Record a candidate found through one of the four lenses (managers and admins)."""
    candidate = candidate_create(actor=actor(request), **payload.model_dump())
    return Status(201, candidate_out(candidate))


@router.post(
    "/candidates/suggest-key-steps",
    response={200: list[CandidateOut], **WRITE_ERRORS},
    summary="Suggest candidates from critical steps",
)
def candidates_suggest(request: HttpRequest) -> list[dict[str, Any]]:
    """Add a key-steps candidate per critical step of the processes in use; idempotent."""
    return [candidate_out(c) for c in candidates_suggest_key_steps(actor=actor(request))]


@router.post(
    "/candidates/from-inspiration",
    response={201: CandidateOut, **WRITE_ERRORS},
    summary="Start an innovation candidate from an inspiration",
)
def candidates_inspire(request: HttpRequest, payload: InspirationIn) -> Status[Any]:
    """Start an innovation candidate from one of the article's examples."""
    candidate = candidate_from_inspiration(
        actor=actor(request), code=payload.code, language=get_language() or "en"
    )
    return Status(201, candidate_out(candidate))


@router.get(
    "/candidates/{candidate_id}", response={200: CandidateOut, **ERRORS}, summary="One candidate"
)
def candidates_get(request: HttpRequest, candidate_id: Path[PathId]) -> dict[str, Any]:
    """One candidate the caller may see."""
    return candidate_out(candidate_get(user=actor(request), candidate_id=candidate_id))


@router.patch(
    "/candidates/{candidate_id}",
    response={200: CandidateOut, **WRITE_ERRORS},
    summary="Change a candidate",
)
def candidates_patch(
    request: HttpRequest, candidate_id: Path[PathId], payload: CandidatePatch
) -> dict[str, Any]:
    """Change a candidate's texts or estimated impact."""
    candidate = candidate_update(
        actor=actor(request), candidate_id=candidate_id, **payload.changes()
    )
    return candidate_out(candidate_get(user=actor(request), candidate_id=candidate.pk))


@router.post(
    "/candidates/{candidate_id}/decide",
    response={200: CandidateOut, **WRITE_ERRORS},
    summary="Select or leave unselected",
)
def candidates_decide(
    request: HttpRequest, candidate_id: Path[PathId], payload: DecisionIn
) -> dict[str, Any]:
    """Select a candidate, or leave it unselected with the reason (kept on record)."""
    candidate_decide(actor=actor(request), candidate_id=candidate_id, **payload.model_dump())
    return candidate_out(candidate_get(user=actor(request), candidate_id=candidate_id))
