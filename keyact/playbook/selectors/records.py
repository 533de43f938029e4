"""Scoped reads of the playbook records: processes, steps, visit plans and assessments."""

from __future__ import annotations

from django.db.models import (
    Prefetch,
    QuerySet,
)

from keyact.core.errors import NotFound
from keyact.deals.models import Opportunity
from keyact.deals.selectors import opportunity_get, opportunity_visibility
from keyact.orgs.models import Organization
from keyact.orgs.selectors import scope_for
from keyact.playbook.models import (
    Assessment,
    ManualRedFlag,
    Process,
    Step,
    StepActivity,
    VisitPlan,
)
from keyact.playbook.selectors.diagnosis import thresholds_get
from keyact.users.models import User


def organization_get_by_slug(*, slug: str) -> Organization:
    """An organisation by slug (back-office callers only); NotFound otherwise."""
    try:
        return Organization.objects.get(slug=slug)
    except Organization.DoesNotExist as exc:
        raise NotFound(f"No organisation with slug {slug!r}.", field="org") from exc


def process_list(*, user: User) -> QuerySet[Process]:
    """The processes of the user's organisation's playbook, in order, with steps and activities."""
    organization_id = scope_for(user).organization_id
    return (
        Process.objects.filter(organization_id=organization_id)
        .prefetch_related(
            Prefetch(
                "steps",
                queryset=Step.objects.order_by("order", "id").prefetch_related(
                    Prefetch(
                        "activities",
                        queryset=StepActivity.objects.select_related("activity_type").order_by(
                            "order", "id"
                        ),
                    )
                ),
            )
        )
        .order_by("order", "id")
    )


def process_get(*, user: User, process_id: int) -> Process:
    """One process of the user's organisation; NotFound otherwise."""
    try:
        return process_list(user=user).get(pk=process_id)
    except Process.DoesNotExist as exc:
        raise NotFound("No such process.", field="process_id") from exc


def step_get(*, user: User, step_id: int) -> Step:
    """One step of the user's organisation's playbook; NotFound otherwise."""
    try:
        return Step.objects.select_related("process").get(
            pk=step_id, process__organization_id=scope_for(user).organization_id
        )
    except Step.DoesNotExist as exc:
        raise NotFound("No such step.", field="step_id") from exc


def step_activity_get(*, user: User, step_activity_id: int) -> StepActivity:
    """One step activity of the user's organisation's playbook; NotFound otherwise."""
    try:
        return StepActivity.objects.select_related("step", "step__process").get(
            pk=step_activity_id, step__process__organization_id=scope_for(user).organization_id
        )
    except StepActivity.DoesNotExist as exc:
        raise NotFound("No such activity.", field="step_activity_id") from exc


def visit_plan_list(*, user: User, status: str = "") -> QuerySet[VisitPlan]:
    """Visit plans the user may see (by owner scope), latest first."""
    scope = scope_for(user)
    qs = VisitPlan.objects.filter(organization_id=scope.organization_id)
    if scope.owner_ids is not None:
        qs = qs.filter(owner_id__in=scope.owner_ids)
    if status:
        qs = qs.filter(status=status)
    return qs.select_related("owner", "customer", "opportunity", "activity").order_by(
        "-planned_for", "-id"
    )


def visit_plan_get(*, user: User, plan_id: int) -> VisitPlan:
    """One visit plan inside the user's scope; NotFound otherwise."""
    try:
        return visit_plan_list(user=user).get(pk=plan_id)
    except VisitPlan.DoesNotExist as exc:
        raise NotFound("No such visit plan.", field="plan_id") from exc


def large_open_opportunities(*, user: User, limit: int = 20) -> list[Opportunity]:
    """Open opportunities in the user's scope of at least the large-order amount, largest first,
    with their assessment (if any): the candidates for strategic selling."""
    scope = scope_for(user)
    thresholds, currency, _set = thresholds_get(organization_id=scope.organization_id)
    return list(
        Opportunity.objects.filter(
            opportunity_visibility(scope),
            status=Opportunity.Status.OPEN,
            currency=currency,
            amount__gte=thresholds.large_order_amount,
        )
        .select_related("customer", "owner", "assessment")
        .order_by("-amount", "-id")[:limit]
    )


def assessment_get(*, user: User, opportunity_id: int) -> tuple[Opportunity, Assessment | None]:
    """An opportunity in the user's scope and its assessment (None when not started)."""
    opportunity = opportunity_get(user=user, opportunity_id=opportunity_id)
    assessment = (
        Assessment.objects.filter(opportunity=opportunity)
        .prefetch_related(
            "influences__contact",
            Prefetch("red_flags", ManualRedFlag.objects.select_related("resolved_by")),
        )
        .first()
    )
    return opportunity, assessment
