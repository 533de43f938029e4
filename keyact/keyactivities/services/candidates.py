"""Candidates for key activities: create, edit, suggest from key steps or inspirations, decide."""

from __future__ import annotations

from collections.abc import Sequence

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from keyact.core.errors import DomainError
from keyact.keyactivities.catalog import INSPIRATIONS
from keyact.keyactivities.models import (
    Candidate,
    ImpactSource,
    Lens,
)
from keyact.keyactivities.selectors import (
    candidate_get,
)
from keyact.keyactivities.services._common import (
    _activity_types,
    _bilingual,
    _require_designer,
    _text,
)
from keyact.playbook.models import Process, Step
from keyact.users.models import User


def _process_and_step(
    organization_id: int, process_id: int | None, step_id: int | None
) -> tuple[Process | None, Step | None]:
    process = step = None
    if process_id is not None:
        process = Process.objects.filter(organization_id=organization_id, pk=process_id).first()
        if process is None:
            raise DomainError(_("Unknown process."), field="process_id")
    if step_id is not None:
        step = (
            Step.objects.filter(process__organization_id=organization_id, pk=step_id)
            .select_related("process")
            .first()
        )
        if step is None:
            raise DomainError(_("Unknown process step."), field="step_id")
        if process is not None and step.process_id != process.pk:
            raise DomainError(_("The step belongs to another process."), field="step_id")
        process = step.process
    return process, step


def _impact(impact: int) -> int:
    if not 1 <= impact <= 5:
        raise DomainError(_("The estimated impact lies between 1 and 5."), field="impact")
    return impact


@transaction.atomic
def candidate_create(
    *,
    actor: User,
    lens: str,
    title_en: str = "",
    title_zh: str = "",
    rationale: str = "",
    evidence: str = "",
    impact: int = 3,
    process_id: int | None = None,
    step_id: int | None = None,
    activity_type_ids: Sequence[int] = (),
) -> Candidate:
    """Record a candidate key activity found through one of the four lenses."""
    org_id = _require_designer(actor)
    if lens not in Lens.values:
        raise DomainError(_("Choose one of the four lenses."), field="lens")
    title_en, title_zh = _bilingual(title_en, title_zh, "title", 200)
    process, step = _process_and_step(org_id, process_id, step_id)
    types = _activity_types(org_id, activity_type_ids, "activity_type_ids")
    candidate = Candidate.objects.create(
        organization_id=org_id,
        lens=lens,
        title_en=title_en,
        title_zh=title_zh,
        rationale=_text(rationale, "rationale", 5000),
        evidence=_text(evidence, "evidence", 5000),
        impact=_impact(impact),
        process=process,
        step=step,
        proposed_by=actor,
    )
    candidate.activity_types.set(types)
    return candidate


@transaction.atomic
def candidate_update(
    *,
    actor: User,
    candidate_id: int,
    title_en: str | None = None,
    title_zh: str | None = None,
    rationale: str | None = None,
    evidence: str | None = None,
    impact: int | None = None,
) -> Candidate:
    """Change a candidate's title, rationale, evidence or estimated impact."""
    _require_designer(actor)
    candidate = candidate_get(user=actor, candidate_id=candidate_id)
    if title_en is not None or title_zh is not None:
        candidate.title_en, candidate.title_zh = _bilingual(
            candidate.title_en if title_en is None else title_en,
            candidate.title_zh if title_zh is None else title_zh,
            "title",
            200,
        )
    if rationale is not None:
        candidate.rationale = _text(rationale, "rationale", 5000)
    if evidence is not None:
        candidate.evidence = _text(evidence, "evidence", 5000)
    if impact is not None:
        candidate.impact = _impact(impact)
        candidate.impact_source = ImpactSource.SELF  # rated by hand again
    candidate.save()
    return candidate


@transaction.atomic
def candidates_suggest_key_steps(*, actor: User) -> list[Candidate]:
    """Suggest a key-steps candidate for every critical step of the processes the organisation
    uses. Idempotent: a step already suggested (even if later rejected) is not suggested again.
    Returns the candidates added."""
    org_id = _require_designer(actor)
    steps = list(
        Step.objects.filter(process__organization_id=org_id, process__in_use=True, is_critical=True)
        .select_related("process")
        .prefetch_related("activities")
        .order_by("process__order", "order", "id")
    )
    known = set(
        Candidate.objects.filter(organization_id=org_id)
        .exclude(suggestion_key="")
        .values_list("suggestion_key", flat=True)
    )
    added = []
    for step in steps:
        key = f"key_step:{step.pk}"
        if key in known:
            continue
        candidate = Candidate.objects.create(
            organization_id=org_id,
            lens=Lens.KEY_STEPS,
            title_en=step.name_en,
            title_zh=step.name_zh,
            process=step.process,
            step=step,
            impact=4,
            source=Candidate.Source.SUGGESTED,
            suggestion_key=key,
        )
        type_ids = {a.activity_type_id for a in step.activities.all() if a.activity_type_id}
        candidate.activity_types.set(type_ids)
        added.append(candidate)
    return added


@transaction.atomic
def candidate_from_inspiration(*, actor: User, code: str, language: str = "en") -> Candidate:
    """Start an innovation candidate from one of the article's examples (bilingual)."""
    _require_designer(actor)
    inspiration = next((i for i in INSPIRATIONS if i.code == code), None)
    if inspiration is None:
        raise DomainError(_("Unknown inspiration."), field="code")
    return candidate_create(
        actor=actor,
        lens=Lens.INNOVATION,
        title_en=inspiration.title.en,
        title_zh=inspiration.title.zh,
        rationale=inspiration.rationale.pick(language),
        impact=3,
    )


@transaction.atomic
def candidate_decide(
    *, actor: User, candidate_id: int, decision: str, reason: str = ""
) -> Candidate:
    """Select a candidate or leave it unselected; a rejection needs its reason. Either stays on
    record with who decided and when."""
    _require_designer(actor)
    candidate = candidate_get(user=actor, candidate_id=candidate_id)
    if decision not in (Candidate.Status.SELECTED, Candidate.Status.REJECTED):
        raise DomainError(_("Decide to select or not to select."), field="decision")
    reason = _text(reason, "reason", 2000)
    if decision == Candidate.Status.REJECTED and not reason:
        raise DomainError(_("Say why this candidate is not selected."), field="reason")
    candidate.status = decision
    candidate.decision_reason = reason
    candidate.decided_by = actor
    candidate.decided_at = timezone.now()
    candidate.save()
    return candidate
