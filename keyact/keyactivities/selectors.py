"""Scoped reads of key activities and candidates: lists, details, comparison, history, target
reconciliation and what an owner needs on My day."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Collection
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, IntegerField, OuterRef, Prefetch, Q, QuerySet, Subquery

from keyact.activities.models import Activity
from keyact.core.errors import NotFound
from keyact.keyactivities.models import (
    Candidate,
    Change,
    KeyActivity,
    Owner,
    StageStandard,
    Target,
    TeamTarget,
)
from keyact.keyactivities.quality import QualityStandard
from keyact.orgs.models import Membership, Role
from keyact.orgs.selectors import Scope, department_subtree_ids, scope_for
from keyact.users.models import User

DESIGNER_ROLES = frozenset({Role.MANAGER, Role.DEPARTMENT_HEAD, Role.ADMIN})
VISIBLE_TO_OWNERS = (KeyActivity.Status.PUBLISHED, KeyActivity.Status.RETIRED)


def can_design(scope: Scope) -> bool:
    """Whether the scope's role designs and publishes key activities (managers and above)."""
    return scope.role in DESIGNER_ROLES


def key_activity_visibility(scope: Scope) -> Q:
    """The condition a key activity meets when the scope may see it.

    Admins: the organisation. Managers and department heads: those they or people in their
    scope created, and those owned by someone in their scope. Reps: the published (or retired)
    ones they own. Supporters: the published ones they own or support.
    """
    condition = Q(organization_id=scope.organization_id)
    if scope.is_admin:
        return condition
    assert scope.owner_ids is not None
    if can_design(scope):
        owned_in_scope = Owner.objects.filter(user_id__in=scope.owner_ids).values("key_activity_id")
        return condition & (Q(created_by_id__in=scope.owner_ids) | Q(pk__in=owned_in_scope))
    mine = Q(pk__in=Owner.objects.filter(user_id=scope.user_id).values("key_activity_id"))
    if scope.role == Role.SUPPORTER:
        mine |= Q(
            pk__in=KeyActivity.supporters.through.objects.filter(user_id=scope.user_id).values(
                "keyactivity_id"
            )
        )
    return condition & mine & Q(status__in=VISIBLE_TO_OWNERS)


def key_activity_list(*, user: User, status: str = "") -> QuerySet[KeyActivity]:
    """Key activities the user may see, newest first, with owners and their counts."""
    scope = scope_for(user)
    qs = KeyActivity.objects.filter(key_activity_visibility(scope))
    if status:
        qs = qs.filter(status=status)
    return (
        qs.select_related("candidate", "process", "step")
        .prefetch_related(Prefetch("owners", queryset=Owner.objects.select_related("user")))
        .annotate(owner_count=Count("owners", distinct=True))
        .order_by("-created_at", "-id")
    )


def key_activity_get(*, user: User, key_activity_id: int) -> KeyActivity:
    """One key activity the user may see, with everything hanging off it; NotFound otherwise."""
    scope = scope_for(user)
    try:
        return (
            KeyActivity.objects.filter(key_activity_visibility(scope))
            .select_related("candidate", "process", "step", "created_by")
            .prefetch_related(
                "activity_types",
                "supporters",
                Prefetch("stages", queryset=StageStandard.objects.select_related("activity_type")),
                "guide_steps",
                "training_items__completions__owner",
                "tools",
                Prefetch("owners", queryset=Owner.objects.select_related("user__membership")),
            )
            .get(pk=key_activity_id)
        )
    except KeyActivity.DoesNotExist as exc:
        raise NotFound("No such key activity.", field="key_activity_id") from exc


def key_activity_history(*, key_activity: KeyActivity) -> QuerySet[Change]:
    """The version history of a key activity the caller already holds, oldest first."""
    return key_activity.changes.select_related("changed_by").order_by("version", "id")


def quality_standard_of(key_activity: KeyActivity) -> QualityStandard:
    """The key activity's quality standard as plain values for ``quality.qualifies``."""
    return QualityStandard(
        kind=key_activity.quality_kind,
        min_outcome=key_activity.min_outcome,
        evidence_checkin=key_activity.evidence_checkin,
        evidence_max_distance_m=key_activity.evidence_max_distance_m,
        evidence_photo=key_activity.evidence_photo,
        evidence_confirmation=key_activity.evidence_confirmation,
        rubric_threshold=key_activity.rubric_threshold,
        checklist_step_ids=frozenset(
            s.pk for s in key_activity.guide_steps.all() if s.in_checklist
        ),
    )


# --- candidates --------------------------------------------------------------------------


def candidate_list(*, user: User, lens: str = "", status: str = "") -> QuerySet[Candidate]:
    """Candidates the user may see: designers see those proposed in their scope and the
    suggested ones (admins all); other roles see none. Highest estimated impact first."""
    scope = scope_for(user)
    qs = Candidate.objects.filter(organization_id=scope.organization_id)
    if not can_design(scope):
        return qs.none()
    if scope.owner_ids is not None:
        qs = qs.filter(Q(proposed_by_id__in=scope.owner_ids) | Q(proposed_by__isnull=True))
    if lens:
        qs = qs.filter(lens=lens)
    if status:
        qs = qs.filter(status=status)
    return (
        qs.select_related("process", "step", "proposed_by", "decided_by")
        .prefetch_related("activity_types")
        .order_by("-impact", "lens", "id")
    )


def candidate_get(*, user: User, candidate_id: int) -> Candidate:
    """One candidate the user may see; NotFound otherwise."""
    try:
        return candidate_list(user=user).get(pk=candidate_id)
    except Candidate.DoesNotExist as exc:
        raise NotFound("No such candidate.", field="candidate_id") from exc


def candidate_comparison(*, user: User, candidate_ids: list[int]) -> list[Candidate]:
    """The chosen candidates side by side, largest estimated impact first (all proposed ones
    when none are chosen); unknown or invisible ids are left out."""
    qs = candidate_list(user=user)
    if candidate_ids:
        qs = qs.filter(pk__in=candidate_ids)
    else:
        qs = qs.filter(status=Candidate.Status.PROPOSED)
    return list(qs.order_by("-impact", "lens", "id"))


# --- targets -----------------------------------------------------------------------------


@dataclass(frozen=True)
class TeamReconciliation:
    """A team target against the sum of its members' targets for one period."""

    department_id: int
    department_name: str
    period_start: dt.date
    team_quantity: int
    member_sum: int
    difference: int  # team target minus the sum of member targets
    members: tuple[tuple[str, int], ...]

    @property
    def reconciled(self) -> bool:
        """Whether the member targets add up exactly to the team target."""
        return self.difference == 0


def targets_reconcile(*, key_activity: KeyActivity) -> list[TeamReconciliation]:
    """For each team target of a key activity the caller holds: the sum of the targets of the
    owners inside that team (and its sub-teams) in the same period, and the difference."""
    team_targets = list(
        TeamTarget.objects.filter(key_activity=key_activity).select_related("department")
    )
    if not team_targets:
        return []
    org_id = key_activity.organization_id
    unit_of = dict(
        Membership.objects.filter(organization_id=org_id).values_list("user_id", "department_id")
    )
    targets = list(Target.objects.filter(key_activity=key_activity).select_related("owner"))
    result = []
    for team in team_targets:
        units = department_subtree_ids(organization_id=org_id, department_id=team.department_id)
        members = [
            t
            for t in targets
            if t.period_start == team.period_start and unit_of.get(t.owner_id) in units
        ]
        total = sum(t.quantity for t in members)
        result.append(
            TeamReconciliation(
                department_id=team.department_id,
                department_name=team.department.name,
                period_start=team.period_start,
                team_quantity=team.quantity,
                member_sum=total,
                difference=team.quantity - total,
                members=tuple((str(t.owner), t.quantity) for t in members),
            )
        )
    return result


def target_list(*, key_activity: KeyActivity, period_start: dt.date | None = None) -> list[Target]:
    """The per-owner targets of a key activity the caller holds, by period and owner."""
    qs = Target.objects.filter(key_activity=key_activity).select_related("owner")
    if period_start is not None:
        qs = qs.filter(period_start=period_start)
    return list(qs.order_by("period_start", "owner__username"))


def owner_ids_in_units(*, organization_id: int, department_id: int) -> set[int]:
    """Members of a department and its sub-units."""
    units = department_subtree_ids(organization_id=organization_id, department_id=department_id)
    return set(
        Membership.objects.filter(
            organization_id=organization_id, department_id__in=units, is_active=True
        ).values_list("user_id", flat=True)
    )


def training_status(*, key_activity: KeyActivity) -> dict[int, dict[int, dt.date]]:
    """For each training item: owner id → completion date (items of a held key activity)."""
    status: dict[int, dict[int, dt.date]] = defaultdict(dict)
    for item in key_activity.training_items.all():
        for completion in item.completions.all():
            status[item.pk][completion.owner_id] = completion.completed_on
    return status


def budget_total(*, key_activity: KeyActivity) -> Decimal:
    """The sum of the budgeted tools of a key activity."""
    return sum((t.amount for t in key_activity.tools.all() if t.amount is not None), Decimal(0))


def live_key_activities_by_candidate(
    *, user: User, candidate_ids: list[int]
) -> dict[int, KeyActivity]:
    """The live (not retired) key activity each candidate was defined as, by candidate id."""
    if not candidate_ids:
        return {}
    rows = key_activity_list(user=user).filter(candidate_id__in=candidate_ids)
    return {
        ka.candidate_id: ka
        for ka in rows.exclude(status=KeyActivity.Status.RETIRED)
        if ka.candidate_id is not None
    }


def owners_meeting_targets(
    *, key_activity: KeyActivity, owner_ids: Collection[int] | None, today: dt.date
) -> tuple[set[int], set[int]]:
    """The owners (of ``owner_ids``, or all) who met the key activity's targets in at least half
    of their finished periods (done activities of its types), and those who did not."""
    type_ids = [t.pk for t in key_activity.activity_types.all()]
    targets = Target.objects.filter(key_activity=key_activity, period_end__lt=today)
    if owner_ids is not None:
        targets = targets.filter(owner_id__in=list(owner_ids))
    actual = (
        Activity.objects.filter(
            organization_id=key_activity.organization_id,
            owner_id=OuterRef("owner_id"),
            type_id__in=type_ids,
            status=Activity.Status.DONE,
            occurred_at__date__gte=OuterRef("period_start"),
            occurred_at__date__lte=OuterRef("period_end"),
        )
        .values("owner_id")
        .annotate(n=Count("id"))
        .values("n")
    )
    met_periods: dict[int, list[bool]] = {}
    for owner_id, quantity, done in targets.annotate(
        done=Subquery(actual, output_field=IntegerField())
    ).values_list("owner_id", "quantity", "done"):
        met_periods.setdefault(owner_id, []).append((done or 0) >= quantity)
    met = {o for o, periods in met_periods.items() if sum(periods) * 2 >= len(periods)}
    not_met = set(met_periods) - met
    return met, not_met
