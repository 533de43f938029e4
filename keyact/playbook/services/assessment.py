"""An opportunity's assessment: influences, red flags and the decision."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from keyact.core.errors import DomainError, NotFound
from keyact.customers.models import Contact
from keyact.deals.models import Opportunity
from keyact.deals.selectors import opportunity_get
from keyact.deals.services import opportunity_ensure_editable
from keyact.playbook.models import (
    Assessment,
    BuyingInfluence,
    BuyingRole,
    ManualRedFlag,
    ResponseMode,
)
from keyact.users.models import User


def _editable_opportunity(actor: User, opportunity_id: int) -> Opportunity:
    # The assessment is part of the opportunity: the opportunity's own rule decides.
    opportunity = opportunity_get(user=actor, opportunity_id=opportunity_id)
    opportunity_ensure_editable(actor=actor, opportunity=opportunity)
    return opportunity


def _assessment_for(opportunity: Opportunity) -> Assessment:
    assessment, _created = Assessment.objects.get_or_create(
        opportunity=opportunity, defaults={"organization_id": opportunity.organization_id}
    )
    return assessment


@transaction.atomic
def influence_add(
    *,
    actor: User,
    opportunity_id: int,
    contact_id: int,
    role: str,
    response_mode: str,
    rating: int = 0,
    is_covered: bool = False,
    notes: str = "",
) -> BuyingInfluence:
    """Map a contact of the opportunity's customer as a buying influence."""
    opportunity = _editable_opportunity(actor, opportunity_id)
    if role not in BuyingRole.values:
        raise DomainError(_("Choose the buying role."), field="role")
    if response_mode not in ResponseMode.values:
        raise DomainError(_("Choose the response mode."), field="response_mode")
    if not -5 <= rating <= 5:
        raise DomainError(_("The rating lies between -5 and +5."), field="rating")
    contact = (
        None
        if opportunity.customer_id is None
        else Contact.objects.filter(
            pk=contact_id,
            organization_id=opportunity.organization_id,
            customer_id=opportunity.customer_id,
        ).first()
    )
    if contact is None:
        raise DomainError(
            _("The contact must work at the opportunity's customer."), field="contact_id"
        )
    assessment = _assessment_for(opportunity)
    if assessment.influences.filter(contact=contact, role=role).exists():
        raise DomainError(_("This contact is already mapped in this role."), field="contact_id")
    return BuyingInfluence.objects.create(
        assessment=assessment,
        contact=contact,
        role=role,
        response_mode=response_mode,
        rating=rating,
        is_covered=is_covered,
        notes=notes.strip()[:500],
    )


@transaction.atomic
def influence_remove(*, actor: User, opportunity_id: int, influence_id: int) -> None:
    """Remove a buying influence from an opportunity's map."""
    opportunity = _editable_opportunity(actor, opportunity_id)
    deleted, _detail = BuyingInfluence.objects.filter(
        pk=influence_id, assessment__opportunity=opportunity
    ).delete()
    if not deleted:
        raise NotFound(_("No such buying influence."), field="influence_id")


@transaction.atomic
def red_flag_add(*, actor: User, opportunity_id: int, text: str) -> ManualRedFlag:
    """Add a red flag by hand to an opportunity's assessment."""
    opportunity = _editable_opportunity(actor, opportunity_id)
    if not text.strip():
        raise DomainError(_("Describe the red flag."), field="text")
    return ManualRedFlag.objects.create(
        assessment=_assessment_for(opportunity), text=text.strip()[:300], created_by=actor
    )


@transaction.atomic
def red_flag_remove(*, actor: User, opportunity_id: int, red_flag_id: int) -> None:
    """Remove a red flag added by hand."""
    opportunity = _editable_opportunity(actor, opportunity_id)
    deleted, _detail = ManualRedFlag.objects.filter(
        pk=red_flag_id, assessment__opportunity=opportunity
    ).delete()
    if not deleted:
        raise NotFound(_("No such red flag."), field="red_flag_id")


@transaction.atomic
def red_flag_resolve(
    *, actor: User, opportunity_id: int, red_flag_id: int, resolved: bool
) -> ManualRedFlag:
    """Mark a red flag added by hand resolved (who and when) or open again."""
    opportunity = _editable_opportunity(actor, opportunity_id)
    flag = (
        ManualRedFlag.objects.select_for_update()
        .filter(pk=red_flag_id, assessment__opportunity=opportunity)
        .first()
    )
    if flag is None:
        raise NotFound(_("No such red flag."), field="red_flag_id")
    if resolved and flag.resolved_at is None:
        flag.resolved_at = timezone.now()
        flag.resolved_by = actor
    elif not resolved:
        flag.resolved_at = None
        flag.resolved_by = None
    flag.save(update_fields=["resolved_at", "resolved_by"])
    return flag


@transaction.atomic
def assessment_decide(
    *, actor: User, opportunity_id: int, decision: str, reasons: str, strengths: str = ""
) -> Assessment:
    """Record the strengths and the go / no-go decision with its reasons."""
    opportunity = _editable_opportunity(actor, opportunity_id)
    if decision not in Assessment.Decision.values:
        raise DomainError(_("Choose go, no go or not decided yet."), field="decision")
    if decision != Assessment.Decision.UNDECIDED and not reasons.strip():
        raise DomainError(_("Give the reasons for the decision."), field="reasons")
    assessment = _assessment_for(opportunity)
    assessment.decision = decision
    assessment.reasons = reasons.strip()
    assessment.strengths = strengths.strip()
    assessment.decided_by = actor
    assessment.decided_at = timezone.now()
    assessment.save()
    return assessment
