"""Visit plans: create, record the outcome, cancel."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from keyact.activities.models import ActivityType, Outcome
from keyact.activities.services import activity_create
from keyact.core.errors import DomainError, PermissionDenied
from keyact.customers.selectors import customer_get
from keyact.deals.selectors import opportunity_get
from keyact.orgs.selectors import scope_for
from keyact.playbook.models import (
    CommitmentLevel,
    VisitPlan,
)
from keyact.playbook.selectors import (
    visit_plan_get,
)
from keyact.users.models import User


def _can_act_for(actor: User, owner_id: int) -> None:
    scope = scope_for(actor)
    if owner_id != actor.pk and (scope.role == "supporter" or not scope.covers_owner(owner_id)):
        raise PermissionDenied(_("You can only plan visits for yourself or your team."))


@transaction.atomic
def visit_plan_create(
    *,
    actor: User,
    customer_id: int,
    planned_for: dt.datetime,
    best_action: str,
    minimum_action: str,
    opportunity_id: int | None = None,
    purpose: str = "",
    owner_id: int | None = None,
) -> VisitPlan:
    """Plan a customer visit with its commitment objective (best action and minimum action)."""
    scope = scope_for(actor)
    owner = actor.pk if owner_id is None else owner_id
    _can_act_for(actor, owner)
    if not User.objects.filter(
        pk=owner, membership__organization_id=scope.organization_id
    ).exists():
        raise DomainError(_("No such user."), field="owner_id")
    customer = customer_get(user=actor, customer_id=customer_id)
    if opportunity_id is not None:
        opportunity = opportunity_get(user=actor, opportunity_id=opportunity_id)
        if opportunity.customer_id != customer.pk:
            raise DomainError(
                _("The opportunity belongs to another customer."), field="opportunity_id"
            )
    if not best_action.strip():
        raise DomainError(_("Say what the best action commitment would be."), field="best_action")
    if not minimum_action.strip():
        raise DomainError(_("Say what the minimum acceptable action is."), field="minimum_action")
    return VisitPlan.objects.create(
        organization_id=scope.organization_id,
        owner_id=owner,
        customer=customer,
        opportunity_id=opportunity_id,
        planned_for=planned_for,
        purpose=purpose.strip(),
        best_action=best_action.strip(),
        minimum_action=minimum_action.strip(),
    )


_OUTCOME_FOR_LEVEL = {
    CommitmentLevel.BEST: Outcome.COMMITMENT,
    CommitmentLevel.ACCEPTABLE: Outcome.COMMITMENT,
    CommitmentLevel.BELOW: Outcome.CONTINUATION,
    CommitmentLevel.NONE: Outcome.NO_SALE,
}


@transaction.atomic
def visit_plan_record(
    *,
    actor: User,
    plan_id: int,
    commitment_level: str,
    information_obtained: str = "",
    information_given: str = "",
    commitment_text: str = "",
    next_step: str = "",
    occurred_at: dt.datetime | None = None,
) -> VisitPlan:
    """Record the result of a planned visit and log the done visit activity.

    The visit is successful when ``commitment_level`` reaches at least the minimum acceptable
    action (best or acceptable). The done activity is of the organisation's ``visit`` type
    (when it has an active one) with the SPIN-style outcome: commitment for a successful visit,
    continuation for a smaller commitment, no sale for none.
    """
    plan = visit_plan_get(user=actor, plan_id=plan_id)
    _can_act_for(actor, plan.owner_id)
    plan = VisitPlan.objects.select_for_update().get(pk=plan.pk)
    if plan.status != VisitPlan.Status.PLANNED:
        raise DomainError(_("This visit's result has already been recorded."), field="status")
    if commitment_level not in CommitmentLevel.values:
        raise DomainError(_("Choose which commitment level was reached."), field="commitment_level")
    if commitment_level != CommitmentLevel.NONE and not commitment_text.strip():
        raise DomainError(_("Say what the customer committed to."), field="commitment_text")
    when = occurred_at or timezone.now()
    visit_type = ActivityType.objects.filter(
        organization_id=plan.organization_id, code="visit", is_active=True
    ).first()
    if visit_type is not None:
        notes = "\n".join(
            line
            for line in (
                information_obtained.strip()
                and f"{_('Information obtained')}: {information_obtained.strip()}",
                information_given.strip()
                and f"{_('Information given')}: {information_given.strip()}",
                next_step.strip() and f"{_('Next step')}: {next_step.strip()}",
            )
            if line
        )
        outcome = _OUTCOME_FOR_LEVEL[CommitmentLevel(commitment_level)]
        plan.activity = activity_create(
            actor=actor,
            type_id=visit_type.pk,
            occurred_at=when,
            owner_id=plan.owner_id,
            customer_id=plan.customer_id,
            opportunity_id=plan.opportunity_id,
            subject=(plan.purpose or _("Customer visit"))[:200],
            outcome=outcome,
            commitment_text=commitment_text.strip() if outcome == Outcome.COMMITMENT else "",
            notes=notes,
        )
    plan.status = VisitPlan.Status.DONE
    plan.commitment_level = commitment_level
    plan.commitment_text = commitment_text.strip()
    plan.information_obtained = information_obtained.strip()
    plan.information_given = information_given.strip()
    plan.next_step = next_step.strip()
    plan.recorded_at = timezone.now()
    plan.save()
    return plan


@transaction.atomic
def visit_plan_cancel(*, actor: User, plan_id: int) -> VisitPlan:
    """Cancel a planned visit (a done one is a fact and stays)."""
    plan = visit_plan_get(user=actor, plan_id=plan_id)
    _can_act_for(actor, plan.owner_id)
    if plan.status != VisitPlan.Status.PLANNED:
        raise DomainError(_("Only a planned visit can be cancelled."), field="status")
    plan.status = VisitPlan.Status.CANCELLED
    plan.save(update_fields=["status", "updated_at"])
    return plan
