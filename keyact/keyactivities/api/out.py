"""How candidates and key activities are written out by the API."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from keyact.keyactivities.models import Candidate, KeyActivity
from keyact.keyactivities.selectors import (
    key_activity_get,
    training_status,
)
from keyact.keyactivities.services import (
    publish_problems,
)
from keyact.users.api_auth import actor


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
