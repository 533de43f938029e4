"""A key activity's targets (read, generate, set per owner and per team) and history."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Path

from keyact.keyactivities.api._common import ERRORS, WRITE_ERRORS, router
from keyact.keyactivities.schemas import (
    ChangeOut,
    GenerateTargetsIn,
    PathId,
    TargetIn,
    TargetOut,
    TargetsOut,
    TeamTargetIn,
)
from keyact.keyactivities.selectors import (
    key_activity_get,
    key_activity_history,
    target_list,
    targets_reconcile,
)
from keyact.keyactivities.services import (
    target_set,
    targets_generate,
    team_target_set,
)
from keyact.users.api_auth import actor


def _targets(request: HttpRequest, key_activity_id: int) -> dict[str, Any]:
    ka = key_activity_get(user=actor(request), key_activity_id=key_activity_id)
    return {
        "version": ka.version,
        "targets": [
            {
                "owner_id": t.owner_id,
                "period_start": t.period_start,
                "period_end": t.period_end,
                "quantity": t.quantity,
                "stage_quantities": list(t.stage_quantities),
                "is_adjusted": t.is_adjusted,
            }
            for t in target_list(key_activity=ka)
        ],
        "teams": [
            {
                "department_id": line.department_id,
                "department_name": line.department_name,
                "period_start": line.period_start,
                "team_quantity": line.team_quantity,
                "member_sum": line.member_sum,
                "difference": line.difference,
            }
            for line in targets_reconcile(key_activity=ka)
        ],
    }


@router.get("/{key_activity_id}/targets", response={200: TargetsOut, **ERRORS}, summary="Targets")
def key_activities_targets(request: HttpRequest, key_activity_id: Path[PathId]) -> dict[str, Any]:
    """Per-owner targets and each team target against the sum of its members' targets."""
    return _targets(request, key_activity_id)


@router.post(
    "/{key_activity_id}/targets/generate",
    response={200: TargetsOut, **WRITE_ERRORS},
    summary="Generate targets for a period",
)
def key_activities_targets_generate(
    request: HttpRequest, key_activity_id: Path[PathId], payload: GenerateTargetsIn
) -> dict[str, Any]:
    """Give every owner the standard for the period; targets already set are kept."""
    targets_generate(actor=actor(request), key_activity_id=key_activity_id, **payload.model_dump())
    return _targets(request, key_activity_id)


@router.put(
    "/{key_activity_id}/targets",
    response={200: TargetOut, **WRITE_ERRORS},
    summary="Adjust one owner's target",
)
def key_activities_target_set(
    request: HttpRequest, key_activity_id: Path[PathId], payload: TargetIn
) -> Any:
    """Set one owner's target for a period (staged: one quantity per stage, non-increasing)."""
    return target_set(actor=actor(request), key_activity_id=key_activity_id, **payload.model_dump())


@router.put(
    "/{key_activity_id}/team-targets",
    response={200: TargetsOut, **WRITE_ERRORS},
    summary="Set a team target",
)
def key_activities_team_target(
    request: HttpRequest, key_activity_id: Path[PathId], payload: TeamTargetIn
) -> dict[str, Any]:
    """Set a team's target for a period and cascade it to the team's owners."""
    team_target_set(actor=actor(request), key_activity_id=key_activity_id, **payload.model_dump())
    return _targets(request, key_activity_id)


@router.get(
    "/{key_activity_id}/history",
    response={200: list[ChangeOut], **ERRORS},
    summary="Version history",
)
def key_activities_history(request: HttpRequest, key_activity_id: Path[PathId]) -> Any:
    """Every change to standards, outputs, owners and targets: who, when, before and after."""
    ka = key_activity_get(user=actor(request), key_activity_id=key_activity_id)
    return list(key_activity_history(key_activity=ka))
