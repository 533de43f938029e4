"""API: candidates and key activities under /api/v1/key-activities, with the same rules as the
pages. Writes on a key activity carry the version the client read (409 when stale)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.translation import get_language
from ninja import Path, Query, Router, Status

from keyact.core.api_errors import ErrorOut
from keyact.core.pagination import Page, PageParams, paginate
from keyact.keyactivities.models import Candidate, KeyActivity
from keyact.keyactivities.schemas import (
    CandidateIn,
    CandidateOut,
    CandidatePatch,
    CandidateQuery,
    ChangeOut,
    CompareQuery,
    DecisionIn,
    GenerateTargetsIn,
    GuideStepIn,
    InspirationIn,
    KeyActivityIn,
    KeyActivityOut,
    KeyActivityPatch,
    KeyActivitySummaryOut,
    MineOut,
    OwnersIn,
    PathId,
    QualityIn,
    StaffingGapIn,
    StagesIn,
    TargetIn,
    TargetOut,
    TargetsOut,
    TeamTargetIn,
    TemplateIn,
    ToolIn,
    ToolOut,
    TrainingIn,
    VersionIn,
)
from keyact.keyactivities.selectors import (
    candidate_comparison,
    candidate_get,
    candidate_list,
    key_activities_for_owner,
    key_activity_get,
    key_activity_history,
    key_activity_list,
    target_list,
    targets_reconcile,
    training_status,
)
from keyact.keyactivities.services import (
    OwnerSpec,
    StageSpec,
    candidate_create,
    candidate_decide,
    candidate_from_inspiration,
    candidate_update,
    candidates_suggest_key_steps,
    guide_step_add,
    key_activity_create,
    key_activity_create_from_template,
    key_activity_mark_staffing_gap,
    key_activity_publish,
    key_activity_remove,
    key_activity_retire,
    key_activity_set_quality,
    key_activity_set_stages,
    key_activity_update,
    owners_set,
    publish_problems,
    target_set,
    targets_generate,
    team_target_set,
    tool_add,
    training_item_add,
)
from keyact.users.api_auth import actor

ERRORS: dict[frozenset[int], type[ErrorOut]] = {frozenset({400, 401, 403, 404, 422}): ErrorOut}
WRITE_ERRORS: dict[frozenset[int], type[ErrorOut]] = {
    frozenset({400, 401, 403, 404, 409, 422}): ErrorOut
}

router = Router(tags=["key activities"])


def candidate_out(candidate: Candidate) -> dict[str, Any]:
    """The API shape of a candidate (activity types prefetched)."""
    return {
        "id": candidate.pk,
        "lens": candidate.lens,
        "title": candidate.title,
        "title_en": candidate.title_en,
        "title_zh": candidate.title_zh,
        "process_id": candidate.process_id,
        "step_id": candidate.step_id,
        "activity_type_ids": sorted(t.pk for t in candidate.activity_types.all()),
        "rationale": candidate.rationale,
        "evidence": candidate.evidence,
        "impact": candidate.impact,
        "source": candidate.source,
        "suggestion_key": candidate.suggestion_key,
        "status": candidate.status,
        "decision_reason": candidate.decision_reason,
        "proposed_by_id": candidate.proposed_by_id,
        "decided_by_id": candidate.decided_by_id,
        "decided_at": candidate.decided_at,
    }


def _owners(ka: KeyActivity) -> list[dict[str, Any]]:
    return [
        {"user_id": o.user_id, "name": str(o.user), "is_lead": o.is_lead} for o in ka.owners.all()
    ]


def summary_out(ka: KeyActivity) -> dict[str, Any]:
    """The API shape of a key activity in a list."""
    return {
        "id": ka.pk,
        "name": ka.name,
        "name_en": ka.name_en,
        "name_zh": ka.name_zh,
        "status": ka.status,
        "version": ka.version,
        "period": ka.period,
        "quantity": ka.quantity,
        "owners": _owners(ka),
        "valid_from": ka.valid_from,
        "valid_to": ka.valid_to,
    }


def key_activity_out(ka: KeyActivity) -> dict[str, Any]:
    """The API shape of a key activity with everything hanging off it."""
    guide = list(ka.guide_steps.all())
    done = training_status(key_activity=ka)
    return {
        **summary_out(ka),
        "purpose_en": ka.purpose_en,
        "purpose_zh": ka.purpose_zh,
        "candidate_id": ka.candidate_id,
        "template_code": ka.template_code,
        "process_id": ka.process_id,
        "step_id": ka.step_id,
        "activity_type_ids": sorted(t.pk for t in ka.activity_types.all()),
        "aggregate": ka.aggregate,
        "stages": [
            {
                "order": s.order,
                "name": s.name,
                "name_en": s.name_en,
                "name_zh": s.name_zh,
                "activity_type_id": s.activity_type_id,
                "quantity": s.quantity,
            }
            for s in ka.stages.all()
        ],
        "quality": {
            "kind": ka.quality_kind,
            "min_outcome": ka.min_outcome,
            "evidence_checkin": ka.evidence_checkin,
            "evidence_max_distance_m": ka.evidence_max_distance_m,
            "evidence_photo": ka.evidence_photo,
            "evidence_confirmation": ka.evidence_confirmation,
            "rubric_criteria": list(ka.rubric_criteria),
            "rubric_threshold": ka.rubric_threshold,
            "checklist_step_ids": [s.pk for s in guide if s.in_checklist],
        },
        "tracking_frequency": ka.tracking_frequency,
        "review_day": ka.review_day,
        "supporter_ids": sorted(u.pk for u in ka.supporters.all()),
        "staffing_note": ka.staffing_note,
        "guide": [
            {
                "id": s.pk,
                "order": s.order,
                "text": s.text,
                "text_en": s.text_en,
                "text_zh": s.text_zh,
                "in_checklist": s.in_checklist,
            }
            for s in guide
        ],
        "training": [
            {
                "id": t.pk,
                "title": t.title,
                "title_en": t.title_en,
                "title_zh": t.title_zh,
                "material_en": t.material_en,
                "material_zh": t.material_zh,
                "link": t.link,
                "completed_by": {str(k): v for k, v in done.get(t.pk, {}).items()},
            }
            for t in ka.training_items.all()
        ],
        "tools": [_tool_out(t) for t in ka.tools.all()],
        "published_at": ka.published_at,
        "retired_at": ka.retired_at,
        "publish_problems": (
            [message for _, message in publish_problems(ka)]
            if ka.status in (KeyActivity.Status.DRAFT, KeyActivity.Status.STAFFING_GAP)
            else []
        ),
    }


def _tool_out(tool: Any) -> dict[str, Any]:
    return {
        "id": tool.pk,
        "kind": tool.kind,
        "name": tool.name,
        "name_en": tool.name_en,
        "name_zh": tool.name_zh,
        "url": tool.url,
        "amount": tool.amount,
        "currency": tool.currency,
        "provided_by": tool.provided_by,
    }


def _detail(request: HttpRequest, key_activity_id: int) -> dict[str, Any]:
    return key_activity_out(key_activity_get(user=actor(request), key_activity_id=key_activity_id))


# --- candidates --------------------------------------------------------------------------


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


# --- key activities ----------------------------------------------------------------------


@router.get("/mine", response={200: list[MineOut], **ERRORS}, summary="Key activities I own")
def key_activities_mine(request: HttpRequest) -> list[dict[str, Any]]:
    """The published key activities the caller owns, with target and progress this period."""
    return [
        {
            "id": row.key_activity.pk,
            "name": row.key_activity.name,
            "is_lead": row.is_lead,
            "guide": [s.text for s in row.guide],
            "period_start": row.period_start,
            "period_end": row.period_end,
            "target": row.target,
            "done": row.done,
            "qualified": row.qualified,
            "expected": row.expected,
            "stages": [{"name": s.name, "target": s.target, "done": s.done} for s in row.stages],
        }
        for row in key_activities_for_owner(user=actor(request))
    ]


@router.get("", response={200: Page[KeyActivitySummaryOut], **ERRORS}, summary="Key activities")
def key_activities_list(request: HttpRequest, page: Query[PageParams]) -> dict[str, Any]:
    """Key activities the caller may see, newest first."""
    qs = key_activity_list(user=actor(request))
    return paginate(request, qs, page, prepare=lambda rows: [summary_out(k) for k in rows])


@router.post("", response={201: KeyActivityOut, **WRITE_ERRORS}, summary="New key activity")
def key_activities_create(request: HttpRequest, payload: KeyActivityIn) -> Status[Any]:
    """Start a key activity as a draft (managers and admins)."""
    ka = key_activity_create(actor=actor(request), **payload.model_dump())
    return Status(201, _detail(request, ka.pk))


@router.post(
    "/from-template",
    response={201: KeyActivityOut, **WRITE_ERRORS},
    summary="New key activity from a template",
)
def key_activities_from_template(request: HttpRequest, payload: TemplateIn) -> Status[Any]:
    """Start a draft from the article's worked example, in both languages."""
    ka = key_activity_create_from_template(actor=actor(request), **payload.model_dump())
    return Status(201, _detail(request, ka.pk))


@router.get(
    "/{key_activity_id}", response={200: KeyActivityOut, **ERRORS}, summary="One key activity"
)
def key_activities_get(request: HttpRequest, key_activity_id: Path[PathId]) -> dict[str, Any]:
    """One key activity the caller may see, with standards, outputs and owners."""
    return _detail(request, key_activity_id)


@router.patch(
    "/{key_activity_id}",
    response={200: KeyActivityOut, **WRITE_ERRORS},
    summary="Change a key activity",
)
def key_activities_patch(
    request: HttpRequest, key_activity_id: Path[PathId], payload: KeyActivityPatch
) -> dict[str, Any]:
    """Change the definition. A stale ``version`` answers 409 and changes nothing."""
    changes = payload.changes()
    version = changes.pop("version")
    key_activity_update(
        actor=actor(request), key_activity_id=key_activity_id, version=version, **changes
    )
    return _detail(request, key_activity_id)


@router.delete("/{key_activity_id}", response={204: None, **WRITE_ERRORS}, summary="Remove a draft")
def key_activities_delete(
    request: HttpRequest, key_activity_id: Path[PathId], payload: Query[VersionIn]
) -> Status[Any]:
    """Remove a draft or a staffing gap (published ones are retired)."""
    key_activity_remove(
        actor=actor(request), key_activity_id=key_activity_id, version=payload.version
    )
    return Status(204, None)


@router.put(
    "/{key_activity_id}/stages",
    response={200: KeyActivityOut, **WRITE_ERRORS},
    summary="Set the staged standard",
)
def key_activities_stages(
    request: HttpRequest, key_activity_id: Path[PathId], payload: StagesIn
) -> dict[str, Any]:
    """Replace the stages; a later stage may not exceed the earlier one."""
    key_activity_set_stages(
        actor=actor(request),
        key_activity_id=key_activity_id,
        version=payload.version,
        stages=[StageSpec(**s.model_dump()) for s in payload.stages],
    )
    return _detail(request, key_activity_id)


@router.put(
    "/{key_activity_id}/quality",
    response={200: KeyActivityOut, **WRITE_ERRORS},
    summary="Set the quality standard",
)
def key_activities_quality(
    request: HttpRequest, key_activity_id: Path[PathId], payload: QualityIn
) -> dict[str, Any]:
    """Set the quality standard; a checklist names steps of this key activity's guide."""
    values = payload.model_dump()
    key_activity_set_quality(actor=actor(request), key_activity_id=key_activity_id, **values)
    return _detail(request, key_activity_id)


@router.post(
    "/{key_activity_id}/guide",
    response={201: KeyActivityOut, **WRITE_ERRORS},
    summary="Add a guide step",
)
def key_activities_guide(
    request: HttpRequest, key_activity_id: Path[PathId], payload: GuideStepIn
) -> Status[Any]:
    """Append a step to the operating guide."""
    guide_step_add(actor=actor(request), key_activity_id=key_activity_id, **payload.model_dump())
    return Status(201, _detail(request, key_activity_id))


@router.post(
    "/{key_activity_id}/training",
    response={201: KeyActivityOut, **WRITE_ERRORS},
    summary="Add a training item",
)
def key_activities_training(
    request: HttpRequest, key_activity_id: Path[PathId], payload: TrainingIn
) -> Status[Any]:
    """Add a skill-training item with its material."""
    training_item_add(actor=actor(request), key_activity_id=key_activity_id, **payload.model_dump())
    return Status(201, _detail(request, key_activity_id))


@router.post(
    "/{key_activity_id}/tools", response={201: ToolOut, **WRITE_ERRORS}, summary="Add a tool"
)
def key_activities_tools(
    request: HttpRequest, key_activity_id: Path[PathId], payload: ToolIn
) -> Status[Any]:
    """Add a tool or resource: template, file, link, budgeted item or support."""
    tool = tool_add(actor=actor(request), key_activity_id=key_activity_id, **payload.model_dump())
    return Status(201, _tool_out(tool))


@router.put(
    "/{key_activity_id}/owners",
    response={200: KeyActivityOut, **WRITE_ERRORS},
    summary="Set the owners",
)
def key_activities_owners(
    request: HttpRequest, key_activity_id: Path[PathId], payload: OwnersIn
) -> dict[str, Any]:
    """Replace the owners; at most one lead (a single owner leads)."""
    owners_set(
        actor=actor(request),
        key_activity_id=key_activity_id,
        version=payload.version,
        owners=[OwnerSpec(o.user_id, o.is_lead) for o in payload.owners],
    )
    return _detail(request, key_activity_id)


@router.post(
    "/{key_activity_id}/staffing-gap",
    response={200: KeyActivityOut, **WRITE_ERRORS},
    summary="Mark a staffing gap",
)
def key_activities_staffing_gap(
    request: HttpRequest, key_activity_id: Path[PathId], payload: StaffingGapIn
) -> dict[str, Any]:
    """Say that nobody suitable owns it yet: it cannot be published until someone does."""
    key_activity_mark_staffing_gap(
        actor=actor(request), key_activity_id=key_activity_id, **payload.model_dump()
    )
    return _detail(request, key_activity_id)


@router.post(
    "/{key_activity_id}/publish",
    response={200: KeyActivityOut, **WRITE_ERRORS},
    summary="Publish",
)
def key_activities_publish(
    request: HttpRequest, key_activity_id: Path[PathId], payload: VersionIn
) -> dict[str, Any]:
    """Publish a complete draft with owners and exactly one lead."""
    key_activity_publish(
        actor=actor(request), key_activity_id=key_activity_id, version=payload.version
    )
    return _detail(request, key_activity_id)


@router.post(
    "/{key_activity_id}/retire", response={200: KeyActivityOut, **WRITE_ERRORS}, summary="Retire"
)
def key_activities_retire(
    request: HttpRequest, key_activity_id: Path[PathId], payload: VersionIn
) -> dict[str, Any]:
    """Retire a published key activity; it stays on record."""
    key_activity_retire(
        actor=actor(request), key_activity_id=key_activity_id, version=payload.version
    )
    return _detail(request, key_activity_id)


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
