"""Whether one activity meets a key activity's quality standard (METHOD.md §7).

Pure: the standard and the facts of an activity are frozen dataclasses, so the rules are tested
without a database. Tracking feeds it activities; an activity that fails still counts for
quantity-only views, but not for qualified progress.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING

from django.utils.translation import gettext as _

if TYPE_CHECKING:
    from keyact.activities.models import Activity

EARTH_RADIUS_M = 6_371_000.0

# Outcomes accepted by each minimum. A commitment obtained is a SPIN "advance": the customer
# promised to act. The commitment minimum also accepts a visit whose result reached at least the
# minimum acceptable action (playbook visit plans: "best" or "acceptable").
ACCEPTED_OUTCOMES: dict[str, frozenset[str]] = {
    "advance": frozenset({"advance", "commitment", "order"}),
    "commitment": frozenset({"commitment", "order"}),
    "order": frozenset({"order"}),
}
COMMITMENT_LEVELS_REACHED = frozenset({"best", "acceptable"})


@dataclass(frozen=True)
class QualityStandard:
    """One key activity's quality standard, as plain values."""

    kind: str = "none"
    min_outcome: str = ""
    evidence_checkin: bool = False
    evidence_max_distance_m: int | None = None
    evidence_photo: bool = False
    evidence_confirmation: bool = False
    rubric_threshold: Decimal | None = None
    checklist_step_ids: frozenset[int] = field(default_factory=frozenset)


@dataclass(frozen=True)
class ActivityFacts:
    """What the quality rules need to know about one activity."""

    status: str = "done"
    outcome: str = ""
    commitment_level: str = ""
    checkin: tuple[float, float] | None = None
    checkin_accuracy_m: float | None = None
    customer_location: tuple[float, float] | None = None
    has_photo: bool = False
    customer_confirmed: bool = False
    rubric_score: Decimal | None = None
    completed_step_ids: frozenset[int] = field(default_factory=frozenset)

    @classmethod
    def of(
        cls,
        activity: Activity,
        *,
        commitment_level: str = "",
        rubric_score: Decimal | None = None,
        completed_step_ids: frozenset[int] = frozenset(),
    ) -> ActivityFacts:
        """The facts of an activity record (its customer loaded), plus what lives elsewhere."""
        checkin = None
        if activity.checkin_latitude is not None and activity.checkin_longitude is not None:
            checkin = (activity.checkin_latitude, activity.checkin_longitude)
        customer = activity.customer
        location = None
        if (
            customer is not None
            and customer.latitude is not None
            and customer.longitude is not None
        ):
            location = (customer.latitude, customer.longitude)
        return cls(
            status=activity.status,
            outcome=activity.outcome,
            commitment_level=commitment_level,
            checkin=checkin,
            checkin_accuracy_m=activity.checkin_accuracy_m,
            customer_location=location,
            has_photo=bool(activity.photo),
            customer_confirmed=activity.customer_confirmed,
            rubric_score=rubric_score,
            completed_step_ids=completed_step_ids,
        )


@dataclass(frozen=True)
class Verdict:
    """Whether the activity qualifies, and why not when it does not."""

    qualified: bool
    reasons: tuple[str, ...] = ()


def distance_m(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Great-circle distance in metres between two (latitude, longitude) points."""
    lat1, lon1, lat2, lon2 = map(math.radians, (*a, *b))
    h = (
        math.sin((lat2 - lat1) / 2) ** 2
        + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    )
    return 2 * EARTH_RADIUS_M * math.asin(math.sqrt(min(1.0, h)))


def _outcome_reasons(standard: QualityStandard, facts: ActivityFacts) -> list[str]:
    accepted = ACCEPTED_OUTCOMES.get(standard.min_outcome, frozenset())
    if facts.outcome in accepted:
        return []
    if standard.min_outcome in {"advance", "commitment"} and (
        facts.commitment_level in COMMITMENT_LEVELS_REACHED
    ):
        return []
    return [_("The outcome does not reach the minimum.")]


def _evidence_reasons(standard: QualityStandard, facts: ActivityFacts) -> list[str]:
    reasons: list[str] = []
    if standard.evidence_checkin:
        limit = standard.evidence_max_distance_m
        if facts.checkin is None:
            reasons.append(_("No check-in."))
        elif limit is not None:
            if facts.customer_location is None:
                reasons.append(_("The customer has no location to compare the check-in with."))
            elif distance_m(facts.checkin, facts.customer_location) > limit:
                reasons.append(_("The check-in is too far from the customer."))
            elif facts.checkin_accuracy_m is not None and facts.checkin_accuracy_m > limit:
                reasons.append(_("The check-in is too imprecise."))
    if standard.evidence_photo and not facts.has_photo:
        reasons.append(_("No photo."))
    if standard.evidence_confirmation and not facts.customer_confirmed:
        reasons.append(_("Not confirmed by the customer."))
    return reasons


def qualifies(standard: QualityStandard, facts: ActivityFacts) -> Verdict:
    """Decide whether an activity meets the quality standard; only done activities can."""
    if facts.status != "done":
        return Verdict(False, (_("The activity is not done."),))
    reasons: list[str]
    if standard.kind == "outcome":
        reasons = _outcome_reasons(standard, facts)
    elif standard.kind == "evidence":
        reasons = _evidence_reasons(standard, facts)
    elif standard.kind == "rubric":
        if facts.rubric_score is None:
            reasons = [_("Not scored yet.")]
        elif (
            standard.rubric_threshold is not None and facts.rubric_score < standard.rubric_threshold
        ):
            reasons = [_("The score is below the threshold.")]
        else:
            reasons = []
        # A rubric without a threshold accepts any score.
    elif standard.kind == "checklist":
        missing = standard.checklist_step_ids - facts.completed_step_ids
        reasons = [_("Required guide steps are not done.")] if missing else []
    else:
        reasons = []
    return Verdict(not reasons, tuple(reasons))
