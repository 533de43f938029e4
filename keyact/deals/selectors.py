"""Scoped reads of opportunities and the stage list."""

from __future__ import annotations

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils.translation import gettext as _

from keyact.core.errors import NotFound
from keyact.deals.models import Opportunity, Stage, StageChange
from keyact.orgs.selectors import Scope, scope_for
from keyact.users.models import User


def opportunity_visibility(scope: Scope) -> Q:
    """The condition an opportunity meets when it lies inside ``scope``."""
    condition = Q(organization_id=scope.organization_id)
    if scope.owner_ids is None:
        return condition
    visible = Q(owner_id__in=scope.owner_ids)
    if scope.via_participation:
        visible |= Q(
            Exists(
                # Activities stand above opportunities: reach them through the relation.
                Opportunity.objects.filter(
                    pk=OuterRef("pk"), activities__participants__id=scope.user_id
                )
            )
        )
    return condition & visible


def opportunity_list(
    *,
    user: User,
    customer_id: int | None = None,
    owner_id: int | None = None,
    status: str = "",
    stage_id: int | None = None,
    search: str = "",
) -> QuerySet[Opportunity]:
    """Opportunities the user may see, newest first."""
    scope = scope_for(user)
    qs = Opportunity.objects.filter(opportunity_visibility(scope)).select_related(
        "customer", "owner", "stage"
    )
    if customer_id is not None:
        qs = qs.filter(customer_id=customer_id)
    if owner_id is not None:
        qs = qs.filter(owner_id=owner_id)
    if status:
        qs = qs.filter(status=status)
    if stage_id is not None:
        qs = qs.filter(stage_id=stage_id)
    if search:
        qs = qs.filter(name__icontains=search)
    return qs.order_by("-created_at", "-id")


def opportunity_get(*, user: User, opportunity_id: int) -> Opportunity:
    """One opportunity inside the user's scope; NotFound otherwise."""
    try:
        return opportunity_list(user=user).get(pk=opportunity_id)
    except Opportunity.DoesNotExist as exc:
        raise NotFound(_("No such opportunity."), field="opportunity_id") from exc


def stage_list(*, user: User) -> QuerySet[Stage]:
    """The organisation's pipeline stages in order."""
    return Stage.objects.filter(organization_id=scope_for(user).organization_id).order_by(
        "order", "id"
    )


def stage_history(*, opportunity: Opportunity) -> QuerySet[StageChange]:
    """An opportunity's stage moves, oldest first (the caller has already scoped it)."""
    return opportunity.stage_changes.select_related("from_stage", "to_stage", "changed_by")
