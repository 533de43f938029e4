"""A key activity's stage and quality standards."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from keyact.core.errors import DomainError
from keyact.keyactivities.models import (
    GuideStep,
    KeyActivity,
    MinimumOutcome,
    QualityKind,
    StageStandard,
)
from keyact.keyactivities.services._common import (
    _activity_types,
    _check_non_increasing,
    _lock,
    _record,
    _text,
)
from keyact.keyactivities.services.definition import key_activity_update
from keyact.users.models import User


@dataclass(frozen=True)
class StageSpec:
    """One stage of a staged standard as given by the caller."""

    activity_type_id: int
    quantity: int
    name_en: str = ""
    name_zh: str = ""


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


@dataclass(frozen=True)
class QualitySpec:
    """A quality standard as the define step gives it (see key_activity_set_quality)."""

    kind: str
    min_outcome: str = ""
    evidence_checkin: bool = False
    evidence_max_distance_m: int | None = None
    evidence_photo: bool = False
    evidence_confirmation: bool = False
    rubric_criteria: Sequence[str] = ()
    rubric_threshold: Decimal | float | str | None = None
    checklist_step_ids: Sequence[int] = ()


def _outcome_settings(spec: QualitySpec) -> dict[str, Any]:
    if spec.min_outcome not in MinimumOutcome.values:
        raise DomainError(_("Choose the minimum outcome."), field="min_outcome")
    return {"min_outcome": spec.min_outcome}


def _evidence_settings(spec: QualitySpec) -> dict[str, Any]:
    if not (spec.evidence_checkin or spec.evidence_photo or spec.evidence_confirmation):
        raise DomainError(_("Require at least one kind of evidence."), field="evidence_checkin")
    distance = spec.evidence_max_distance_m
    if distance is not None and not spec.evidence_checkin:
        raise DomainError(_("A distance needs a check-in."), field="evidence_max_distance_m")
    if distance is not None and not 0 < distance <= 100_000:
        raise DomainError(
            _("The distance lies between 1 and 100,000 metres."),
            field="evidence_max_distance_m",
        )
    return {
        "evidence_checkin": spec.evidence_checkin,
        "evidence_max_distance_m": distance,
        "evidence_photo": spec.evidence_photo,
        "evidence_confirmation": spec.evidence_confirmation,
    }


def _rubric_settings(spec: QualitySpec) -> dict[str, Any]:
    criteria = [c.strip() for c in spec.rubric_criteria if c.strip()]
    if not criteria:
        raise DomainError(_("List the rubric's criteria."), field="rubric_criteria")
    for index, criterion in enumerate(criteria):
        _text(criterion, f"rubric_criteria.{index}", 300)
    try:
        threshold = Decimal(str(spec.rubric_threshold))
    except (InvalidOperation, ValueError) as exc:
        raise DomainError(_("Enter the threshold score."), field="rubric_threshold") from exc
    if not threshold.is_finite() or not Decimal(1) <= threshold <= Decimal(5):
        raise DomainError(_("The threshold lies between 1 and 5."), field="rubric_threshold")
    return {"rubric_criteria": criteria, "rubric_threshold": threshold.quantize(Decimal("0.01"))}


# The settings each kind of standard keeps (checked); the settings of other kinds are cleared.
_QUALITY_SETTINGS: dict[str, Callable[[QualitySpec], dict[str, Any]]] = {
    QualityKind.OUTCOME: _outcome_settings,
    QualityKind.EVIDENCE: _evidence_settings,
    QualityKind.RUBRIC: _rubric_settings,
}


def _checklist_of(spec: QualitySpec, step_ids: set[int]) -> set[int]:
    """The guide steps a checklist standard requires: at least one, all of this key activity."""
    checklist = set(spec.checklist_step_ids)
    if not checklist:
        raise DomainError(
            _("Choose the guide steps the checklist requires."), field="checklist_step_ids"
        )
    if checklist - step_ids:
        raise DomainError(
            _("The checklist refers to a guide step that does not exist in this key activity."),
            field="checklist_step_ids",
        )
    return checklist


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
    spec = QualitySpec(
        kind=kind,
        min_outcome=min_outcome,
        evidence_checkin=evidence_checkin,
        evidence_max_distance_m=evidence_max_distance_m,
        evidence_photo=evidence_photo,
        evidence_confirmation=evidence_confirmation,
        rubric_criteria=rubric_criteria,
        rubric_threshold=rubric_threshold,
        checklist_step_ids=checklist_step_ids,
    )
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
    settings = _QUALITY_SETTINGS.get(kind)
    if settings is not None:
        new.update(settings(spec))
    checklist = _checklist_of(spec, set(steps)) if kind == QualityKind.CHECKLIST else set()
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


@transaction.atomic
def key_activity_define(
    *,
    actor: User,
    key_activity_id: int,
    version: int,
    activity_type_ids: Sequence[int],
    stages: Sequence[StageSpec],
    quality: QualitySpec,
    **definition: Any,
) -> KeyActivity:
    """The define step saved at once: definition, staged standard and quality standard, all or
    nothing (a refusal in the last part leaves the first unchanged). Each part that changed is
    its own version in the history; unchanged parts add none."""
    ka = key_activity_update(
        actor=actor,
        key_activity_id=key_activity_id,
        version=version,
        activity_type_ids=activity_type_ids,
        **definition,
    )
    ka = key_activity_set_stages(
        actor=actor, key_activity_id=key_activity_id, version=ka.version, stages=stages
    )
    return key_activity_set_quality(
        actor=actor,
        key_activity_id=key_activity_id,
        version=ka.version,
        kind=quality.kind,
        min_outcome=quality.min_outcome,
        evidence_checkin=quality.evidence_checkin,
        evidence_max_distance_m=quality.evidence_max_distance_m,
        evidence_photo=quality.evidence_photo,
        evidence_confirmation=quality.evidence_confirmation,
        rubric_criteria=quality.rubric_criteria,
        rubric_threshold=quality.rubric_threshold,
        checklist_step_ids=quality.checklist_step_ids,
    )
