"""Quality records of activities: checklist ticks, rubric scores, the customer's location."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from keyact.activities.models import Activity
from keyact.activities.selectors import activity_get
from keyact.activities.services import activity_ensure_changeable
from keyact.core.errors import DomainError, NotFound, PermissionDenied
from keyact.customers.models import Customer
from keyact.customers.services import customer_update
from keyact.keyactivities.models import KeyActivity, QualityKind
from keyact.orgs.selectors import scope_for
from keyact.tracking.models import ChecklistTick, RubricScore
from keyact.tracking.progress import counts_toward
from keyact.tracking.selectors import (
    may_score,
    published_key_activities,
)
from keyact.users.models import User

# --- quality records: checklist ticks, rubric scores, the customer's location -------------------


def _matching_key_activity(actor: User, activity: Activity, key_activity_id: int) -> KeyActivity:
    """A published key activity of the actor's organisation that the activity counts toward."""
    ka = (
        published_key_activities(organization_id=activity.organization_id)
        .filter(pk=key_activity_id)
        .first()
    )
    if ka is None or not counts_toward(ka, activity):
        raise NotFound(_("This activity does not count toward that key activity."))
    return ka


@transaction.atomic
def checklist_ticks_set(
    *, actor: User, activity_id: int, key_activity_id: int, step_ids: Sequence[int]
) -> list[int]:
    """Record which guide steps of a key activity's checklist were done for an activity (the
    ticks given replace the earlier ones of that key activity). Returns the ticked step ids."""
    activity = activity_get(user=actor, activity_id=activity_id)
    activity_ensure_changeable(actor=actor, activity=activity)
    ka = _matching_key_activity(actor, activity, key_activity_id)
    steps = {s.pk for s in ka.guide_steps.all()}
    unknown = set(step_ids) - steps
    if unknown:
        raise DomainError(
            _("That step is not part of this key activity's guide."), field="step_ids"
        )
    ChecklistTick.objects.filter(activity=activity, step_id__in=steps - set(step_ids)).delete()
    have = set(
        ChecklistTick.objects.filter(activity=activity, step_id__in=steps).values_list(
            "step_id", flat=True
        )
    )
    ChecklistTick.objects.bulk_create(
        [ChecklistTick(activity=activity, step_id=s, ticked_by=actor) for s in set(step_ids) - have]
    )
    return sorted(set(step_ids))


def _activity_for_scorer(actor: User, activity_id: int, key_activity_id: int) -> Activity:
    try:
        return activity_get(user=actor, activity_id=activity_id)
    except NotFound:
        scope = scope_for(actor)
        activity = Activity.objects.filter(
            pk=activity_id, organization_id=scope.organization_id
        ).first()
        if activity is not None:
            ka = (
                published_key_activities(organization_id=scope.organization_id)
                .filter(pk=key_activity_id, owners__user=actor)
                .first()
            )
            if ka is not None and counts_toward(ka, activity):
                return activity
        raise


@transaction.atomic
def rubric_score_set(
    *,
    actor: User,
    activity_id: int,
    key_activity_id: int,
    scores: Sequence[int],
    comment: str = "",
) -> RubricScore:
    """Score an activity against a key activity's rubric, one 1-5 score per criterion; a
    scorer's new scores replace their earlier ones. The scorer and the time are kept. A peer
    reaches a co-owner's activity through the key activity they share."""
    activity = _activity_for_scorer(actor, activity_id, key_activity_id)
    ka = _matching_key_activity(actor, activity, key_activity_id)
    if ka.quality_kind != QualityKind.RUBRIC or not ka.rubric_criteria:
        raise DomainError(_("This key activity has no rubric."), field="key_activity_id")
    if not may_score(actor, activity, ka):
        raise PermissionDenied(
            _("A manager or a peer on the same key activity scores it, not its owner.")
        )
    if len(scores) != len(ka.rubric_criteria):
        raise DomainError(_("Give one score per criterion."), field="scores")
    if any(not 1 <= s <= 5 for s in scores):
        raise DomainError(_("Each score lies between 1 and 5."), field="scores")
    average = (Decimal(sum(scores)) / len(scores)).quantize(Decimal("0.01"))
    score, _created = RubricScore.objects.update_or_create(
        activity=activity,
        key_activity=ka,
        scorer=actor,
        defaults={
            "scores": list(scores),
            "average": average,
            "comment": comment.strip()[:2000],
            "scored_at": timezone.now(),
        },
    )
    return score


@transaction.atomic
def customer_location_from_checkin(*, actor: User, activity_id: int) -> Customer:
    """Take the customer's location from the check-in of an activity at that customer (so that
    later check-ins can be compared with it)."""
    activity = activity_get(user=actor, activity_id=activity_id)
    activity_ensure_changeable(actor=actor, activity=activity)
    if activity.customer_id is None:
        raise DomainError(_("The activity has no customer."), field="customer_id")
    if activity.checkin_latitude is None or activity.checkin_longitude is None:
        raise DomainError(_("The activity has no check-in."), field="checkin")
    return customer_update(
        actor=actor,
        customer_id=activity.customer_id,
        latitude=activity.checkin_latitude,
        longitude=activity.checkin_longitude,
    )
