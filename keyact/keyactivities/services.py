"""Writes of key activities and candidates.

Every write on a key activity (its standards, outputs, owners, targets, lifecycle) takes the
``version`` the caller read: a stale version raises Conflict and nothing changes. Each change
bumps the version and records who, when, and the values before and after.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.files import File
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from keyact.activities.models import ActivityType
from keyact.core.errors import Conflict, DomainError, NotFound, PermissionDenied
from keyact.keyactivities.catalog import INSPIRATIONS, TEMPLATES
from keyact.keyactivities.models import (
    Aggregate,
    Candidate,
    Change,
    GuideStep,
    KeyActivity,
    Lens,
    MinimumOutcome,
    Owner,
    Period,
    QualityKind,
    StageStandard,
    Target,
    TeamTarget,
    Tool,
    TrackingFrequency,
    TrainingCompletion,
    TrainingItem,
)
from keyact.keyactivities.periods import period_bounds
from keyact.keyactivities.selectors import (
    can_design,
    candidate_get,
    key_activity_get,
    owner_ids_in_units,
)
from keyact.orgs.models import Department
from keyact.orgs.selectors import scope_for
from keyact.playbook.models import Process, Step
from keyact.users.models import User

Status = KeyActivity.Status


def _require_designer(actor: User) -> int:
    scope = scope_for(actor)
    if not can_design(scope):
        raise PermissionDenied(_("Only managers and administrators design key activities."))
    return scope.organization_id


def _jsonable(value: Any) -> Any:
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, list | tuple):
        return [_jsonable(v) for v in value]
    return value


def _text(value: str, field: str, max_length: int) -> str:
    value = value.strip()
    if len(value) > max_length:
        raise DomainError(_("At most %(n)d characters.") % {"n": max_length}, field=field)
    return value


def _bilingual(en: str, zh: str, field: str, max_length: int) -> tuple[str, str]:
    en, zh = _text(en, f"{field}_en", max_length), _text(zh, f"{field}_zh", max_length)
    if not en and not zh:
        raise DomainError(_("Enter it in English or in Chinese."), field=f"{field}_en")
    return en, zh


def _activity_types(
    organization_id: int, type_ids: Sequence[int], field: str
) -> list[ActivityType]:
    types = list(ActivityType.objects.filter(organization_id=organization_id, pk__in=type_ids))
    if len(types) != len(set(type_ids)):
        raise DomainError(_("Unknown activity type."), field=field)
    return types


# --- candidates --------------------------------------------------------------------------


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


# --- key activities: locking, history ----------------------------------------------------


def _lock(actor: User, key_activity_id: int, version: int) -> KeyActivity:
    """The key activity for a write: visible (else 404), designer (else 403), locked, and at
    the version the caller read (else 409)."""
    key_activity_get(user=actor, key_activity_id=key_activity_id)
    _require_designer(actor)
    ka = KeyActivity.objects.select_for_update().get(pk=key_activity_id)
    if ka.version != version:
        raise Conflict(
            _("Someone else changed this key activity meanwhile. Reload it and try again."),
            field="version",
        )
    if ka.status == Status.RETIRED:
        raise DomainError(_("A retired key activity cannot be changed."), field="status")
    return ka


def _record(ka: KeyActivity, actor: User, action: str, changes: dict[str, Any]) -> KeyActivity:
    now = timezone.now()
    ka.version += 1
    ka.updated_at = now
    ka.save()
    Change.objects.create(
        key_activity=ka,
        version=ka.version,
        action=action,
        changed_by=actor,
        changed_at=now,
        changes={k: [_jsonable(b), _jsonable(a)] for k, (b, a) in changes.items()},
    )
    return ka


# --- key activities: definition ----------------------------------------------------------

SCALAR_FIELDS = (
    "name_en",
    "name_zh",
    "purpose_en",
    "purpose_zh",
    "aggregate",
    "period",
    "quantity",
    "tracking_frequency",
    "review_day",
    "valid_from",
    "valid_to",
)


def _check_definition(values: dict[str, Any]) -> None:
    if not values["name_en"] and not values["name_zh"]:
        raise DomainError(_("Enter the name in English or in Chinese."), field="name_en")
    for field, limit in (
        ("name_en", 200),
        ("name_zh", 200),
        ("purpose_en", 5000),
        ("purpose_zh", 5000),
    ):
        _text(values[field], field, limit)
    if values["aggregate"] not in Aggregate.values:
        raise DomainError(_("Unknown aggregate."), field="aggregate")
    if values["period"] not in Period.values:
        raise DomainError(_("Unknown period."), field="period")
    if values["tracking_frequency"] not in TrackingFrequency.values:
        raise DomainError(_("Unknown tracking frequency."), field="tracking_frequency")
    quantity = values["quantity"]
    if quantity is not None and not 0 < quantity <= 100_000:
        raise DomainError(_("The quantity lies between 1 and 100,000."), field="quantity")
    day = values["review_day"]
    if values["tracking_frequency"] == TrackingFrequency.MONTHLY:
        if not 1 <= day <= 28:
            raise DomainError(
                _("A monthly review falls on a day from 1 to 28."), field="review_day"
            )
    elif not 0 <= day <= 6:
        raise DomainError(
            _("A weekly review falls on a weekday (0 = Monday … 6 = Sunday)."), field="review_day"
        )
    if values["valid_to"] is not None and values["valid_to"] < values["valid_from"]:
        raise DomainError(_("The end date cannot be before the start date."), field="valid_to")


@transaction.atomic
def key_activity_create(
    *,
    actor: User,
    valid_from: dt.date,
    name_en: str = "",
    name_zh: str = "",
    purpose_en: str = "",
    purpose_zh: str = "",
    candidate_id: int | None = None,
    aggregate: str = Aggregate.COUNT,
    period: str = Period.MONTH,
    quantity: int | None = None,
    activity_type_ids: Sequence[int] = (),
    tracking_frequency: str = TrackingFrequency.WEEKLY,
    review_day: int = 4,
    valid_to: dt.date | None = None,
) -> KeyActivity:
    """Start a key activity as a draft, optionally from a selected candidate (whose title,
    process, step and activity types it takes unless given)."""
    org_id = _require_designer(actor)
    candidate = None
    type_ids = list(activity_type_ids)
    if candidate_id is not None:
        candidate = candidate_get(user=actor, candidate_id=candidate_id)
        if candidate.status != Candidate.Status.SELECTED:
            raise DomainError(
                _("Select the candidate before defining a key activity from it."),
                field="candidate_id",
            )
        if not name_en and not name_zh:
            name_en, name_zh = candidate.title_en, candidate.title_zh
        if not type_ids:
            type_ids = [t.pk for t in candidate.activity_types.all()]
    values: dict[str, Any] = {
        "name_en": name_en.strip(),
        "name_zh": name_zh.strip(),
        "purpose_en": purpose_en.strip(),
        "purpose_zh": purpose_zh.strip(),
        "aggregate": aggregate,
        "period": period,
        "quantity": quantity,
        "tracking_frequency": tracking_frequency,
        "review_day": review_day,
        "valid_from": valid_from,
        "valid_to": valid_to,
    }
    _check_definition(values)
    types = _activity_types(org_id, type_ids, "activity_type_ids")
    now = timezone.now()
    ka = KeyActivity.objects.create(
        organization_id=org_id,
        candidate=candidate,
        process=candidate.process if candidate else None,
        step=candidate.step if candidate else None,
        created_by=actor,
        created_at=now,
        updated_at=now,
        **values,
    )
    ka.activity_types.set(types)
    Change.objects.create(
        key_activity=ka,
        version=ka.version,
        action="created",
        changed_by=actor,
        changed_at=now,
        changes={k: [None, _jsonable(v)] for k, v in values.items() if v not in ("", None)},
    )
    return ka


@transaction.atomic
def key_activity_update(
    *,
    actor: User,
    key_activity_id: int,
    version: int,
    activity_type_ids: Sequence[int] | None = None,
    supporter_ids: Sequence[int] | None = None,
    **changes: Any,
) -> KeyActivity:
    """Change the definition (name, purpose, measure, quantity, tracking, validity dates)."""
    unknown = set(changes) - set(SCALAR_FIELDS)
    if unknown:
        field = sorted(unknown)[0]
        raise DomainError(_("Unknown field: %s") % field, field=field)
    ka = _lock(actor, key_activity_id, version)
    values = {f: getattr(ka, f) for f in SCALAR_FIELDS}
    values.update({k: (v.strip() if isinstance(v, str) else v) for k, v in changes.items()})
    _check_definition(values)
    diff: dict[str, tuple[Any, Any]] = {}
    for field in SCALAR_FIELDS:
        if getattr(ka, field) != values[field]:
            diff[field] = (getattr(ka, field), values[field])
            setattr(ka, field, values[field])
    if activity_type_ids is not None:
        types = _activity_types(ka.organization_id, activity_type_ids, "activity_type_ids")
        before = sorted(ka.activity_types.values_list("pk", flat=True))
        after = sorted(t.pk for t in types)
        if before != after:
            diff["activity_type_ids"] = (before, after)
            ka.activity_types.set(types)
    if supporter_ids is not None:
        supporters = list(
            User.objects.filter(
                pk__in=supporter_ids, membership__organization_id=ka.organization_id
            )
        )
        if len(supporters) != len(set(supporter_ids)):
            raise DomainError(_("Unknown person."), field="supporter_ids")
        before = sorted(ka.supporters.values_list("pk", flat=True))
        after = sorted(u.pk for u in supporters)
        if before != after:
            diff["supporter_ids"] = (before, after)
            ka.supporters.set(supporters)
    if not diff:
        return ka
    _check_targets_within(ka)
    return _record(ka, actor, "updated", diff)


def _check_targets_within(ka: KeyActivity) -> None:
    """Refuse validity dates that would leave existing targets outside them."""
    outside = Target.objects.filter(key_activity=ka, period_end__lt=ka.valid_from)
    if ka.valid_to is not None:
        outside = outside | Target.objects.filter(key_activity=ka, period_start__gt=ka.valid_to)
    if outside.exists():
        raise DomainError(
            _("Some targets would fall outside the key activity's dates."), field="valid_from"
        )


@dataclass(frozen=True)
class StageSpec:
    """One stage of a staged standard as given by the caller."""

    activity_type_id: int
    quantity: int
    name_en: str = ""
    name_zh: str = ""


def _check_non_increasing(quantities: Sequence[int], field: str) -> None:
    for index in range(1, len(quantities)):
        if quantities[index] > quantities[index - 1]:
            raise DomainError(
                _(
                    "Stage %(later)d cannot exceed stage %(earlier)d: of %(a)d, at most %(a)d "
                    "can reach the next stage."
                )
                % {"later": index + 1, "earlier": index, "a": quantities[index - 1]},
                field=f"{field}.{index}",
            )


@transaction.atomic
def key_activity_set_stages(
    *, actor: User, key_activity_id: int, version: int, stages: Sequence[StageSpec]
) -> KeyActivity:
    """Replace the staged standard: ordered stages, each with an activity type and a quantity
    per period; a later stage may not exceed the earlier one. The stages' types join the
    measure, and the first stage's quantity becomes the quantity standard."""
    ka = _lock(actor, key_activity_id, version)
    types = {
        t.pk: t
        for t in _activity_types(ka.organization_id, [s.activity_type_id for s in stages], "stages")
    }
    for index, spec in enumerate(stages):
        if not 0 < spec.quantity <= 100_000:
            raise DomainError(
                _("The quantity lies between 1 and 100,000."), field=f"stages.{index}"
            )
        _text(spec.name_en, f"stages.{index}", 150)
        _text(spec.name_zh, f"stages.{index}", 150)
    _check_non_increasing([s.quantity for s in stages], "stages")
    if len(stages) == 1:
        raise DomainError(_("A staged standard has at least two stages."), field="stages")
    before = [[s.name_en, s.name_zh, s.activity_type_id, s.quantity] for s in ka.stages.all()]
    after = [[s.name_en.strip(), s.name_zh.strip(), s.activity_type_id, s.quantity] for s in stages]
    if before == after:
        return ka
    ka.stages.all().delete()
    StageStandard.objects.bulk_create(
        StageStandard(
            key_activity=ka,
            order=index,
            name_en=s.name_en.strip(),
            name_zh=s.name_zh.strip(),
            activity_type_id=s.activity_type_id,
            quantity=s.quantity,
        )
        for index, s in enumerate(stages, start=1)
    )
    diff: dict[str, tuple[Any, Any]] = {"stages": (before, after)}
    if stages:
        ka.activity_types.add(*types.values())
        if ka.quantity != stages[0].quantity:
            diff["quantity"] = (ka.quantity, stages[0].quantity)
            ka.quantity = stages[0].quantity
    return _record(ka, actor, "stages", diff)


QUALITY_FIELDS = (
    "quality_kind",
    "min_outcome",
    "evidence_checkin",
    "evidence_max_distance_m",
    "evidence_photo",
    "evidence_confirmation",
    "rubric_criteria",
    "rubric_threshold",
)


@transaction.atomic
def key_activity_set_quality(
    *,
    actor: User,
    key_activity_id: int,
    version: int,
    kind: str,
    min_outcome: str = "",
    evidence_checkin: bool = False,
    evidence_max_distance_m: int | None = None,
    evidence_photo: bool = False,
    evidence_confirmation: bool = False,
    rubric_criteria: Sequence[str] = (),
    rubric_threshold: Decimal | float | str | None = None,
    checklist_step_ids: Sequence[int] = (),
) -> KeyActivity:
    """Set the quality standard, of exactly one kind; the settings of other kinds are cleared.

    A checklist names steps of this key activity's own operating guide."""
    ka = _lock(actor, key_activity_id, version)
    if kind not in QualityKind.values:
        raise DomainError(_("Unknown kind of quality standard."), field="kind")
    new: dict[str, Any] = {
        "quality_kind": kind,
        "min_outcome": "",
        "evidence_checkin": False,
        "evidence_max_distance_m": None,
        "evidence_photo": False,
        "evidence_confirmation": False,
        "rubric_criteria": [],
        "rubric_threshold": None,
    }
    steps = {s.pk: s for s in ka.guide_steps.all()}
    checklist: set[int] = set()
    if kind == QualityKind.OUTCOME:
        if min_outcome not in MinimumOutcome.values:
            raise DomainError(_("Choose the minimum outcome."), field="min_outcome")
        new["min_outcome"] = min_outcome
    elif kind == QualityKind.EVIDENCE:
        if not (evidence_checkin or evidence_photo or evidence_confirmation):
            raise DomainError(_("Require at least one kind of evidence."), field="evidence_checkin")
        if evidence_max_distance_m is not None and not evidence_checkin:
            raise DomainError(_("A distance needs a check-in."), field="evidence_max_distance_m")
        if evidence_max_distance_m is not None and not 0 < evidence_max_distance_m <= 100_000:
            raise DomainError(
                _("The distance lies between 1 and 100,000 metres."),
                field="evidence_max_distance_m",
            )
        new.update(
            evidence_checkin=evidence_checkin,
            evidence_max_distance_m=evidence_max_distance_m,
            evidence_photo=evidence_photo,
            evidence_confirmation=evidence_confirmation,
        )
    elif kind == QualityKind.RUBRIC:
        criteria = [c.strip() for c in rubric_criteria if c.strip()]
        if not criteria:
            raise DomainError(_("List the rubric's criteria."), field="rubric_criteria")
        for index, criterion in enumerate(criteria):
            _text(criterion, f"rubric_criteria.{index}", 300)
        try:
            threshold = Decimal(str(rubric_threshold))
        except (InvalidOperation, ValueError) as exc:
            raise DomainError(_("Enter the threshold score."), field="rubric_threshold") from exc
        if not threshold.is_finite() or not Decimal(1) <= threshold <= Decimal(5):
            raise DomainError(_("The threshold lies between 1 and 5."), field="rubric_threshold")
        new.update(rubric_criteria=criteria, rubric_threshold=threshold.quantize(Decimal("0.01")))
    elif kind == QualityKind.CHECKLIST:
        checklist = set(checklist_step_ids)
        if not checklist:
            raise DomainError(
                _("Choose the guide steps the checklist requires."), field="checklist_step_ids"
            )
        missing = checklist - set(steps)
        if missing:
            raise DomainError(
                _("The checklist refers to a guide step that does not exist in this key activity."),
                field="checklist_step_ids",
            )
    diff: dict[str, tuple[Any, Any]] = {}
    for field, value in new.items():
        if getattr(ka, field) != value:
            diff[field] = (getattr(ka, field), value)
            setattr(ka, field, value)
    before_checklist = sorted(pk for pk, s in steps.items() if s.in_checklist)
    if before_checklist != sorted(checklist):
        diff["checklist_step_ids"] = (before_checklist, sorted(checklist))
        GuideStep.objects.filter(key_activity=ka).update(in_checklist=False)
        GuideStep.objects.filter(key_activity=ka, pk__in=checklist).update(in_checklist=True)
    if not diff:
        return ka
    return _record(ka, actor, "quality", diff)


# --- outputs: guide, training, tools -----------------------------------------------------


MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024


def _check_file(file: File[Any] | None, field: str) -> None:
    if file is not None and (file.size or 0) > MAX_ATTACHMENT_BYTES:
        raise DomainError(_("The file is larger than 10 MB."), field=field)


@transaction.atomic
def guide_step_add(
    *,
    actor: User,
    key_activity_id: int,
    version: int,
    text_en: str = "",
    text_zh: str = "",
    attachment: File[Any] | None = None,
) -> GuideStep:
    """Append a step to the operating guide, optionally with an attachment (at most 10 MB)."""
    ka = _lock(actor, key_activity_id, version)
    text_en, text_zh = _bilingual(text_en, text_zh, "text", 500)
    _check_file(attachment, "attachment")
    order = max((s.order for s in ka.guide_steps.all()), default=0) + 1
    step = GuideStep(key_activity=ka, order=order, text_en=text_en, text_zh=text_zh)
    if attachment is not None:
        step.attachment.save(attachment.name or "attachment", attachment, save=False)
    step.save()
    _record(
        ka,
        actor,
        "guide",
        {"guide_step_added": (None, [text_en, text_zh, step.attachment.name or None])},
    )
    return step


def _guide_step(ka: KeyActivity, step_id: int) -> GuideStep:
    step = GuideStep.objects.filter(key_activity=ka, pk=step_id).first()
    if step is None:
        raise NotFound(_("No such guide step."), field="step_id")
    return step


@transaction.atomic
def guide_step_remove(*, actor: User, key_activity_id: int, version: int, step_id: int) -> None:
    """Remove a guide step; one the checklist requires must leave the checklist first."""
    ka = _lock(actor, key_activity_id, version)
    step = _guide_step(ka, step_id)
    if step.in_checklist:
        raise DomainError(
            _("The checklist requires this step: change the quality standard first."),
            field="step_id",
        )
    before = [step.text_en, step.text_zh]
    step.delete()
    _record(ka, actor, "guide", {"guide_step_removed": (before, None)})


@transaction.atomic
def guide_step_move(
    *, actor: User, key_activity_id: int, version: int, step_id: int, direction: str
) -> KeyActivity:
    """Move a guide step one place up or down."""
    ka = _lock(actor, key_activity_id, version)
    step = _guide_step(ka, step_id)
    steps = list(ka.guide_steps.order_by("order", "id"))
    index = steps.index(step)
    other = index - 1 if direction == "up" else index + 1
    if direction not in ("up", "down"):
        raise DomainError(_("Move up or down."), field="direction")
    if not 0 <= other < len(steps):
        return ka
    before = [s.pk for s in steps]
    steps[index], steps[other] = steps[other], steps[index]
    for position, s in enumerate(steps, start=1):
        s.order = position
    GuideStep.objects.bulk_update(steps, ["order"])
    return _record(ka, actor, "guide", {"guide_order": (before, [s.pk for s in steps])})


@transaction.atomic
def training_item_add(
    *,
    actor: User,
    key_activity_id: int,
    version: int,
    title_en: str = "",
    title_zh: str = "",
    material_en: str = "",
    material_zh: str = "",
    link: str = "",
) -> TrainingItem:
    """Add a skill-training item with its material."""
    ka = _lock(actor, key_activity_id, version)
    title_en, title_zh = _bilingual(title_en, title_zh, "title", 200)
    link = _text(link, "link", 500)
    if link and not link.startswith(("http://", "https://")):
        raise DomainError(_("Enter a web address starting with http:// or https://."), field="link")
    order = max((t.order for t in ka.training_items.all()), default=0) + 1
    item = TrainingItem.objects.create(
        key_activity=ka,
        order=order,
        title_en=title_en,
        title_zh=title_zh,
        material_en=_text(material_en, "material_en", 5000),
        material_zh=_text(material_zh, "material_zh", 5000),
        link=link,
    )
    _record(ka, actor, "training", {"training_added": (None, [title_en, title_zh])})
    return item


@transaction.atomic
def training_item_remove(*, actor: User, key_activity_id: int, version: int, item_id: int) -> None:
    """Remove a training item (and its completions)."""
    ka = _lock(actor, key_activity_id, version)
    item = TrainingItem.objects.filter(key_activity=ka, pk=item_id).first()
    if item is None:
        raise NotFound(_("No such training item."), field="item_id")
    before = [item.title_en, item.title_zh]
    item.delete()
    _record(ka, actor, "training", {"training_removed": (before, None)})


@transaction.atomic
def training_complete(
    *,
    actor: User,
    key_activity_id: int,
    version: int,
    item_id: int,
    owner_id: int,
    completed_on: dt.date,
) -> TrainingCompletion:
    """Confirm that an owner completed a training item on a date (the actor confirms)."""
    ka = _lock(actor, key_activity_id, version)
    item = TrainingItem.objects.filter(key_activity=ka, pk=item_id).first()
    if item is None:
        raise NotFound(_("No such training item."), field="item_id")
    if not ka.owners.filter(user_id=owner_id).exists():
        raise DomainError(
            _("Only owners of the key activity are trained for it."), field="owner_id"
        )
    if completed_on > timezone.localdate():
        raise DomainError(_("The completion date cannot be in the future."), field="completed_on")
    completion, _created = TrainingCompletion.objects.update_or_create(
        item=item,
        owner_id=owner_id,
        defaults={"completed_on": completed_on, "confirmed_by": actor},
    )
    _record(
        ka, actor, "training", {f"training_completed.{item.pk}.{owner_id}": (None, completed_on)}
    )
    return completion


@transaction.atomic
def tool_add(
    *,
    actor: User,
    key_activity_id: int,
    version: int,
    kind: str,
    name_en: str = "",
    name_zh: str = "",
    url: str = "",
    amount: Decimal | None = None,
    currency: str = "",
    provided_by: str = "",
    file: File[Any] | None = None,
) -> Tool:
    """Add a tool or resource: a template, file, link, budgeted item or support, and who
    provides it (a template or file may carry the file itself, at most 10 MB)."""
    ka = _lock(actor, key_activity_id, version)
    _check_file(file, "file")
    if kind not in Tool.Kind.values:
        raise DomainError(_("Unknown kind of tool."), field="kind")
    name_en, name_zh = _bilingual(name_en, name_zh, "name", 200)
    url = _text(url, "url", 500)
    if url and not url.startswith(("http://", "https://")):
        raise DomainError(_("Enter a web address starting with http:// or https://."), field="url")
    if kind == Tool.Kind.LINK and not url:
        raise DomainError(_("A link needs its web address."), field="url")
    if amount is not None and (not amount.is_finite() or not 0 <= amount < Decimal("1e10")):
        raise DomainError(_("The amount cannot be negative."), field="amount")
    if kind == Tool.Kind.BUDGET and amount is None:
        raise DomainError(_("A budgeted item needs its amount."), field="amount")
    order = max((t.order for t in ka.tools.all()), default=0) + 1
    tool = Tool(
        key_activity=ka,
        order=order,
        kind=kind,
        name_en=name_en,
        name_zh=name_zh,
        url=url,
        amount=amount,
        currency=(
            currency or (ka.organization.default_currency if amount is not None else "")
        ).upper()[:3],
        provided_by=_text(provided_by, "provided_by", 200),
    )
    if file is not None:
        tool.file.save(file.name or "file", file, save=False)
    tool.save()
    _record(ka, actor, "tools", {"tool_added": (None, [kind, name_en, name_zh, amount])})
    return tool


@transaction.atomic
def tool_remove(*, actor: User, key_activity_id: int, version: int, tool_id: int) -> None:
    """Remove a tool or resource."""
    ka = _lock(actor, key_activity_id, version)
    tool = Tool.objects.filter(key_activity=ka, pk=tool_id).first()
    if tool is None:
        raise NotFound(_("No such tool."), field="tool_id")
    before = [tool.kind, tool.name_en, tool.name_zh]
    tool.delete()
    _record(ka, actor, "tools", {"tool_removed": (before, None)})


# --- owners ------------------------------------------------------------------------------


@dataclass(frozen=True)
class OwnerSpec:
    """One owner as given by the caller."""

    user_id: int
    is_lead: bool = False


@transaction.atomic
def owners_set(
    *, actor: User, key_activity_id: int, version: int, owners: Sequence[OwnerSpec]
) -> KeyActivity:
    """Replace the owners. With several, at most one is the lead (publishing needs exactly
    one); a single owner is the lead. A manager adds and removes only people in their scope.
    Naming owners closes a staffing gap; a published key activity keeps an owner and a lead."""
    ka = _lock(actor, key_activity_id, version)
    scope = scope_for(actor)
    ids = [o.user_id for o in owners]
    if len(ids) != len(set(ids)):
        raise DomainError(_("A person is listed twice."), field="owners")
    leads = [o for o in owners if o.is_lead]
    if len(leads) > 1:
        raise DomainError(_("Only one owner can be the lead."), field="owners")
    known = set(
        User.objects.filter(
            pk__in=ids,
            membership__organization_id=ka.organization_id,
            membership__is_active=True,
        ).values_list("pk", flat=True)
    )
    if known != set(ids):
        raise DomainError(_("Owners must be active members of the organisation."), field="owners")
    current = {o.user_id: o for o in ka.owners.all()}
    changed_people = set(ids) ^ set(current)
    if not scope.is_admin and any(not scope.covers_owner(pk) for pk in changed_people):
        raise PermissionDenied(_("You can only assign people in your team as owners."))
    lead_id = leads[0].user_id if leads else (ids[0] if len(ids) == 1 else None)
    if ka.status == Status.PUBLISHED and (not ids or lead_id is None):
        raise DomainError(
            _("A published key activity needs its owners and exactly one lead."), field="owners"
        )
    before = sorted([pk, o.is_lead] for pk, o in current.items())
    after = sorted([pk, pk == lead_id] for pk in ids)
    diff: dict[str, tuple[Any, Any]] = {}
    if before != after:
        diff["owners"] = (before, after)
        Owner.objects.filter(key_activity=ka).exclude(user_id__in=ids).delete()
        Owner.objects.filter(key_activity=ka).update(is_lead=False)
        for pk in ids:
            Owner.objects.update_or_create(
                key_activity=ka, user_id=pk, defaults={"is_lead": pk == lead_id}
            )
    if ids and ka.status == Status.STAFFING_GAP:
        diff["status"] = (ka.status, Status.DRAFT)
        ka.status = Status.DRAFT
        ka.staffing_note = ""
    if not diff:
        return ka
    return _record(ka, actor, "owners", diff)


@transaction.atomic
def key_activity_mark_staffing_gap(
    *, actor: User, key_activity_id: int, version: int, note: str = ""
) -> KeyActivity:
    """Say openly that nobody suitable owns this key activity yet: it cannot be published
    until someone is assigned (which returns it to draft) or it is removed."""
    ka = _lock(actor, key_activity_id, version)
    if ka.status != Status.DRAFT:
        raise DomainError(_("Only a draft can be marked as a staffing gap."), field="status")
    if ka.owners.exists():
        raise DomainError(
            _("It has owners: remove them first if none of them is suitable."), field="owners"
        )
    note = _text(note, "note", 500)
    diff = {"status": (ka.status, Status.STAFFING_GAP), "staffing_note": (ka.staffing_note, note)}
    ka.status = Status.STAFFING_GAP
    ka.staffing_note = note
    return _record(ka, actor, "staffing_gap", diff)


# --- lifecycle ---------------------------------------------------------------------------


def publish_problems(ka: KeyActivity) -> list[tuple[str, str]]:
    """What still keeps a key activity from being published, as (field, message) pairs."""
    problems: list[tuple[str, str]] = []
    if ka.status == Status.STAFFING_GAP:
        problems.append(("owners", _("Staffing gap: assign an owner, or remove the key activity.")))
    owners = list(ka.owners.all())
    if not owners:
        problems.append(("owners", _("Name at least one owner.")))
    elif sum(1 for o in owners if o.is_lead) != 1:
        problems.append(("owners", _("Name exactly one lead among the owners.")))
    if not ka.activity_types.exists():
        problems.append(("activity_type_ids", _("Choose the activity types that count.")))
    if ka.quantity is None:
        problems.append(("quantity", _("Set the quantity standard per period.")))
    stages = list(ka.stages.all())
    if ka.aggregate == Aggregate.CONVERSION and len(stages) < 2:
        problems.append(("stages", _("A conversion needs a staged standard of two stages.")))
    if not ka.guide_steps.exists():
        problems.append(("guide", _("Write the operating guide.")))
    if (
        ka.quality_kind == QualityKind.CHECKLIST
        and not ka.guide_steps.filter(in_checklist=True).exists()
    ):
        problems.append(("checklist_step_ids", _("The checklist requires no guide step.")))
    return problems


@transaction.atomic
def key_activity_publish(*, actor: User, key_activity_id: int, version: int) -> KeyActivity:
    """Publish a draft that has its measure, quantity, guide, owners and exactly one lead."""
    ka = _lock(actor, key_activity_id, version)
    if ka.status == Status.PUBLISHED:
        raise DomainError(_("It is already published."), field="status")
    problems = publish_problems(ka)
    if problems:
        field, message = problems[0]
        raise DomainError(message, field=field)
    now = timezone.now()
    diff = {"status": (ka.status, Status.PUBLISHED)}
    ka.status = Status.PUBLISHED
    ka.published_at = now
    return _record(ka, actor, "published", diff)


@transaction.atomic
def key_activity_retire(*, actor: User, key_activity_id: int, version: int) -> KeyActivity:
    """Retire a published key activity: it stays on record with its targets and history."""
    ka = _lock(actor, key_activity_id, version)
    if ka.status != Status.PUBLISHED:
        raise DomainError(_("Only a published key activity can be retired."), field="status")
    diff = {"status": (ka.status, Status.RETIRED)}
    ka.status = Status.RETIRED
    ka.retired_at = timezone.now()
    return _record(ka, actor, "retired", diff)


@transaction.atomic
def key_activity_remove(*, actor: User, key_activity_id: int, version: int) -> None:
    """Delete a draft or a staffing gap (a published key activity is retired instead)."""
    ka = _lock(actor, key_activity_id, version)
    if ka.status not in (Status.DRAFT, Status.STAFFING_GAP):
        raise DomainError(_("A published key activity is retired, not removed."), field="status")
    ka.delete()


# --- targets -----------------------------------------------------------------------------


def _period(ka: KeyActivity, period_start: dt.date) -> tuple[dt.date, dt.date]:
    start, end = period_bounds(ka.period, period_start)
    if end < ka.valid_from or (ka.valid_to is not None and start > ka.valid_to):
        raise DomainError(
            _("The period %(start)s to %(end)s lies outside the key activity's dates.")
            % {"start": start.isoformat(), "end": end.isoformat()},
            field="period_start",
        )
    return start, end


def _stage_quantities(ka: KeyActivity, quantity: int) -> list[int]:
    """Stage targets scaled from the standard so that the first stage equals ``quantity``."""
    stages = list(ka.stages.all())
    if not stages:
        return []
    first = stages[0].quantity
    return [quantity] + [s.quantity * quantity // first for s in stages[1:]]


@transaction.atomic
def targets_generate(
    *, actor: User, key_activity_id: int, version: int, period_start: dt.date
) -> list[Target]:
    """Give every owner a target for the period containing ``period_start`` from the standard.
    Targets already set (generated or adjusted) are kept. Returns the targets added."""
    ka = _lock(actor, key_activity_id, version)
    start, end = _period(ka, period_start)
    if ka.quantity is None:
        raise DomainError(_("Set the quantity standard first."), field="quantity")
    owner_ids = list(ka.owners.values_list("user_id", flat=True))
    if not owner_ids:
        raise DomainError(_("Name the owners first."), field="owners")
    existing = set(
        Target.objects.filter(key_activity=ka, period_start=start).values_list(
            "owner_id", flat=True
        )
    )
    stages = _stage_quantities(ka, ka.quantity)
    added = [
        Target.objects.create(
            key_activity=ka,
            owner_id=pk,
            period_start=start,
            period_end=end,
            quantity=ka.quantity,
            stage_quantities=stages,
        )
        for pk in owner_ids
        if pk not in existing
    ]
    if added:
        _record(
            ka,
            actor,
            "targets",
            {
                f"target.{start.isoformat()}.{t.owner_id}": (
                    None,
                    [t.quantity, *t.stage_quantities],
                )
                for t in added
            },
        )
    return added


@transaction.atomic
def target_set(
    *,
    actor: User,
    key_activity_id: int,
    version: int,
    owner_id: int,
    period_start: dt.date,
    quantity: int,
    stage_quantities: Sequence[int] | None = None,
) -> Target:
    """Adjust one owner's target for one period (staged: one quantity per stage, the first
    equal to ``quantity``, none exceeding the one before)."""
    ka = _lock(actor, key_activity_id, version)
    start, end = _period(ka, period_start)
    if not ka.owners.filter(user_id=owner_id).exists():
        raise DomainError(_("Targets are set for owners of the key activity."), field="owner_id")
    scope = scope_for(actor)
    if not scope.covers_owner(owner_id):
        raise PermissionDenied(_("You can only set targets for people in your team."))
    if not 0 <= quantity <= 100_000:
        raise DomainError(_("The target lies between 0 and 100,000."), field="quantity")
    stage_count = ka.stages.count()
    if stage_quantities is None:
        stages = _stage_quantities(ka, quantity)
    else:
        stages = list(stage_quantities)
        if len(stages) != stage_count:
            raise DomainError(
                _("Give one quantity per stage (%(n)d).") % {"n": stage_count},
                field="stage_quantities",
            )
        if any(not 0 <= q <= 100_000 for q in stages):
            raise DomainError(_("The target lies between 0 and 100,000."), field="stage_quantities")
        _check_non_increasing(stages, "stage_quantities")
        if stages and stages[0] != quantity:
            raise DomainError(
                _("The first stage is the target itself."), field="stage_quantities.0"
            )
    target = Target.objects.filter(key_activity=ka, owner_id=owner_id, period_start=start).first()
    before = [target.quantity, *target.stage_quantities] if target else None
    if target is None:
        target = Target(key_activity=ka, owner_id=owner_id, period_start=start, period_end=end)
    target.quantity = quantity
    target.stage_quantities = stages
    target.is_adjusted = True
    target.save()
    if before != [quantity, *stages]:
        _record(
            ka,
            actor,
            "targets",
            {f"target.{start.isoformat()}.{owner_id}": (before, [quantity, *stages])},
        )
    return target


@transaction.atomic
def team_target_set(
    *,
    actor: User,
    key_activity_id: int,
    version: int,
    department_id: int,
    period_start: dt.date,
    quantity: int,
    cascade: bool = True,
) -> TeamTarget:
    """Set a team's target for a period; with ``cascade`` it is split evenly among the owners
    in the team (the lead takes any remainder first), so member targets add up to it."""
    ka = _lock(actor, key_activity_id, version)
    start, end = _period(ka, period_start)
    department = Department.objects.filter(
        organization_id=ka.organization_id, pk=department_id
    ).first()
    if department is None:
        raise DomainError(_("Unknown team."), field="department_id")
    if not 0 <= quantity <= 1_000_000:
        raise DomainError(_("The target lies between 0 and 1,000,000."), field="quantity")
    members = owner_ids_in_units(organization_id=ka.organization_id, department_id=department_id)
    owners = [o for o in ka.owners.order_by("-is_lead", "id") if o.user_id in members]
    scope = scope_for(actor)
    if not scope.is_admin and any(not scope.covers_owner(o.user_id) for o in owners):
        raise PermissionDenied(_("You can only set targets for people in your team."))
    if cascade and not owners:
        raise DomainError(
            _("No owner of this key activity belongs to this team."), field="department_id"
        )
    team, _created = TeamTarget.objects.get_or_create(
        key_activity=ka,
        department=department,
        period_start=start,
        defaults={"period_end": end, "quantity": quantity},
    )
    diff: dict[str, tuple[Any, Any]] = {}
    before_team = None if _created else team.quantity
    if before_team != quantity:
        diff[f"team_target.{start.isoformat()}.{department.pk}"] = (before_team, quantity)
    team.quantity = quantity
    team.save()
    if cascade:
        share, remainder = divmod(quantity, len(owners))
        for index, owner in enumerate(owners):
            member_quantity = share + (1 if index < remainder else 0)
            target = Target.objects.filter(
                key_activity=ka, owner_id=owner.user_id, period_start=start
            ).first()
            before = [target.quantity, *target.stage_quantities] if target else None
            if target is None:
                target = Target(
                    key_activity=ka, owner_id=owner.user_id, period_start=start, period_end=end
                )
            target.quantity = member_quantity
            target.stage_quantities = _stage_quantities(ka, member_quantity)
            target.save()
            after = [target.quantity, *target.stage_quantities]
            if before != after:
                diff[f"target.{start.isoformat()}.{owner.user_id}"] = (before, after)
    if diff:
        _record(ka, actor, "targets", diff)
    return team


# --- template ----------------------------------------------------------------------------


@transaction.atomic
def key_activity_create_from_template(
    *,
    actor: User,
    valid_from: dt.date,
    template_code: str = "reference_visit",
    candidate_id: int | None = None,
) -> KeyActivity:
    """Start a draft from a shipped template (the article's worked example by default) with
    its measure, staged standard, checklist quality standard, guide, training and tools, in
    both languages. Owners and targets are the organisation's to name."""
    org_id = _require_designer(actor)
    template = TEMPLATES.get(template_code)
    if template is None:
        raise DomainError(_("Unknown template."), field="template_code")
    types = {t.code: t for t in ActivityType.objects.filter(organization_id=org_id, is_active=True)}

    def first_type(codes: Sequence[str], field: str) -> ActivityType:
        for code in codes:
            if code in types:
                return types[code]
        raise DomainError(
            _("The organisation lacks the activity type %(code)s.") % {"code": codes[0]},
            field=field,
        )

    stage_types = [first_type(s.type_codes, "template_code") for s in template.stages]
    ka = key_activity_create(
        actor=actor,
        valid_from=valid_from,
        name_en=template.name.en,
        name_zh=template.name.zh,
        purpose_en=template.purpose.en,
        purpose_zh=template.purpose.zh,
        candidate_id=candidate_id,
        period=template.period,
        quantity=template.stages[0].quantity if template.stages else None,
        # The measure counts exactly the stages' types (an organisation without the invitation
        # type falls back to communication for the first stage, and counts that).
        activity_type_ids=list(dict.fromkeys(t.pk for t in stage_types)),
        tracking_frequency=template.tracking_frequency,
        review_day=template.review_day,
    )
    ka.template_code = template.code
    ka.save(update_fields=["template_code"])
    StageStandard.objects.bulk_create(
        StageStandard(
            key_activity=ka,
            order=index,
            name_en=stage.name.en,
            name_zh=stage.name.zh,
            activity_type=stage_types[index - 1],
            quantity=stage.quantity,
        )
        for index, stage in enumerate(template.stages, start=1)
    )
    guide = GuideStep.objects.bulk_create(
        GuideStep(
            key_activity=ka,
            order=index,
            text_en=text.en,
            text_zh=text.zh,
            in_checklist=(index - 1) in template.checklist,
        )
        for index, text in enumerate(template.guide, start=1)
    )
    if template.checklist:
        ka.quality_kind = QualityKind.CHECKLIST
    TrainingItem.objects.bulk_create(
        TrainingItem(
            key_activity=ka,
            order=index,
            title_en=t.title.en,
            title_zh=t.title.zh,
            material_en=t.material.en,
            material_zh=t.material.zh,
        )
        for index, t in enumerate(template.training, start=1)
    )
    currency = ka.organization.default_currency
    Tool.objects.bulk_create(
        Tool(
            key_activity=ka,
            order=index,
            kind=t.kind,
            name_en=t.name.en,
            name_zh=t.name.zh,
            amount=t.amount,
            currency=currency if t.amount is not None else "",
            provided_by=t.provided_by,
        )
        for index, t in enumerate(template.tools, start=1)
    )
    return _record(
        ka,
        actor,
        "template",
        {
            "template_code": ("", template.code),
            "stages": (None, [[s.name.en, s.quantity] for s in template.stages]),
            "guide_steps": (None, len(guide)),
            "quality_kind": (QualityKind.NONE, ka.quality_kind),
        },
    )
