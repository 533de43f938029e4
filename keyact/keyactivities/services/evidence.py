"""Candidates from the evidence (keyact.insights): findings with their numbers attached, and
impact ratings measured from the data instead of self-rated."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from keyact.core.errors import DomainError
from keyact.keyactivities.models import Candidate, ImpactSource, Lens
from keyact.keyactivities.services._common import (
    _activity_types,
    _bilingual,
    _jsonable,
    _require_designer,
    _text,
)
from keyact.keyactivities.services.candidates import _impact
from keyact.users.models import User

EVIDENCE_LENSES = (Lens.BENCHMARK, Lens.OBSTACLES)


@transaction.atomic
def candidate_from_evidence(
    *,
    actor: User,
    lens: str,
    title_en: str,
    title_zh: str,
    rationale: str,
    evidence: str,
    evidence_data: dict[str, Any],
    activity_type_ids: Sequence[int],
    impact: int | None,
    suggestion_key: str,
) -> Candidate:
    """A candidate found in the data (benchmark or obstacles lens) with the numbers behind it.

    ``impact`` is measured from the data (1-5) when the data allows, else the candidate starts
    self-rated at 3. The same finding proposed again refreshes the existing candidate's
    evidence instead of duplicating it."""
    org_id = _require_designer(actor)
    if lens not in EVIDENCE_LENSES:
        raise DomainError(
            _("Findings become candidates through the benchmark or obstacles lens."), field="lens"
        )
    title_en, title_zh = _bilingual(title_en, title_zh, "title", 200)
    types = _activity_types(org_id, activity_type_ids, "activity_type_ids")
    candidate = Candidate.objects.filter(
        organization_id=org_id, suggestion_key=suggestion_key
    ).first()
    if candidate is None:
        candidate = Candidate(
            organization_id=org_id,
            lens=lens,
            source=Candidate.Source.INSIGHTS,
            suggestion_key=suggestion_key[:120],
            proposed_by=actor,
        )
    candidate.title_en, candidate.title_zh = title_en, title_zh
    candidate.rationale = _text(rationale, "rationale", 5000)
    candidate.evidence = _text(evidence, "evidence", 5000)
    candidate.evidence_data = _jsonable(evidence_data)
    if impact is not None:
        candidate.impact = _impact(impact)
        candidate.impact_source = ImpactSource.DATA
    candidate.save()
    candidate.activity_types.set(types)
    return candidate


@transaction.atomic
def candidates_set_measured_impact(
    *, actor: User, impacts: dict[int, tuple[int, dict[str, Any]]]
) -> int:
    """Replace the impact of candidates (by id) with one measured from the data, keeping the
    numbers it came from. Returns how many candidates changed."""
    org_id = _require_designer(actor)
    changed = 0
    for candidate in Candidate.objects.filter(organization_id=org_id, pk__in=list(impacts)):
        impact, data = impacts[candidate.pk]
        candidate.impact = _impact(impact)
        candidate.impact_source = ImpactSource.DATA
        candidate.evidence_data = _jsonable(data)
        candidate.save(update_fields=["impact", "impact_source", "evidence_data"])
        changed += 1
    return changed
