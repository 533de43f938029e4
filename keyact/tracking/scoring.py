"""Rubric scoring by managers and peers: the activities waiting for the user's score.

A rubric is scored by someone other than the owner (``selectors.may_score``): a peer who owns
the same key activity, or a manager whose scope covers the owner. Reps cannot open a colleague's
activity anywhere else, so this list is where peers find what to score. Reads only.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Q

from keyact.activities.models import Activity
from keyact.keyactivities.models import KeyActivity, QualityKind
from keyact.keyactivities.selectors import key_activity_visibility
from keyact.orgs.models import Role
from keyact.orgs.selectors import scope_for
from keyact.tracking.models import RubricScore
from keyact.tracking.selectors import calendar_get, published_key_activities
from keyact.users.models import User

# How far back the list looks, and how long it may get.
SCORING_DAYS = 30
SCORING_LIMIT = 100


@dataclass(frozen=True)
class ToScore:
    """An activity the user may score against a key activity's rubric, not yet scored by them."""

    key_activity: KeyActivity
    activity: Activity
    as_peer: bool


def scoring_queue(*, user: User, today: dt.date | None = None) -> list[ToScore]:
    """Done activities of the last ``SCORING_DAYS`` days that count toward a published rubric
    key activity, owned by someone else the user may score for, and not yet scored by the user;
    newest first, at most ``SCORING_LIMIT``. Three queries plus one per rubric key activity."""
    scope = scope_for(user)
    supervises = scope.role in (Role.MANAGER, Role.DEPARTMENT_HEAD, Role.ADMIN)
    candidates = published_key_activities(organization_id=scope.organization_id).filter(
        quality_kind=QualityKind.RUBRIC
    )
    if supervises:
        candidates = candidates.filter(key_activity_visibility(scope) | Q(owners__user=user))
    else:
        candidates = candidates.filter(owners__user=user)
    key_activities = [ka for ka in candidates.distinct() if ka.rubric_criteria]
    if not key_activities:
        return []
    cal = calendar_get(organization_id=scope.organization_id)
    today = today or cal.today()
    since = dt.datetime.combine(today - dt.timedelta(days=SCORING_DAYS), dt.time.min, cal.tz)
    until = dt.datetime.combine(today + dt.timedelta(days=1), dt.time.min, cal.tz)
    scored = set(
        RubricScore.objects.filter(
            scorer=user, key_activity_id__in=[ka.pk for ka in key_activities]
        ).values_list("key_activity_id", "activity_id")
    )
    result: list[ToScore] = []
    for ka in key_activities:
        owners = {o.user_id for o in ka.owners.all()} - {user.pk}
        peers = owners if user.pk in {o.user_id for o in ka.owners.all()} else set()
        reachable = set(peers)
        if supervises:
            reachable |= owners if scope.owner_ids is None else owners & scope.owner_ids
        if not reachable:
            continue
        types = {t.pk for t in ka.activity_types.all()} | {
            s.activity_type_id for s in ka.stages.all()
        }
        for activity in (
            Activity.objects.filter(
                organization_id=scope.organization_id,
                status=Activity.Status.DONE,
                owner_id__in=sorted(reachable),
                type_id__in=sorted(types),
                occurred_at__gte=since,
                occurred_at__lt=until,
            )
            .select_related("owner", "type", "customer")
            .order_by("-occurred_at", "-id")[:SCORING_LIMIT]
        ):
            if (ka.pk, activity.pk) not in scored:
                result.append(ToScore(ka, activity, as_peer=activity.owner_id in peers))
    result.sort(key=lambda row: (row.activity.occurred_at, row.activity.pk), reverse=True)
    return result[:SCORING_LIMIT]
