"""Writes for opportunities and stages."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from keyact.core.errors import DomainError, NotFound, PermissionDenied, version_check
from keyact.customers.selectors import customer_get
from keyact.deals.catalog import DEFAULT_STAGES
from keyact.deals.models import Opportunity, Stage, StageChange
from keyact.deals.rules import opportunity_values_check
from keyact.deals.selectors import opportunity_get
from keyact.orgs.models import Organization
from keyact.orgs.selectors import scope_for
from keyact.users.models import User


def stages_install_defaults(*, organization: Organization) -> list[Stage]:
    """Give an organisation the default pipeline when it has none yet."""
    if organization.stages.exists():
        return list(organization.stages.all())
    return Stage.objects.bulk_create(
        Stage(
            organization=organization,
            name_en=s.name_en,
            name_zh=s.name_zh,
            order=index,
            probability=s.probability,
            is_won=s.is_won,
            is_lost=s.is_lost,
        )
        for index, s in enumerate(DEFAULT_STAGES, start=1)
    )


def _stage_of_org(organization_id: int, stage_id: int) -> Stage:
    try:
        return Stage.objects.get(pk=stage_id, organization_id=organization_id)
    except Stage.DoesNotExist as exc:
        raise NotFound(_("No such stage."), field="stage_id") from exc


def _owner_in_scope(actor: User, owner_id: int | None) -> int:
    scope = scope_for(actor)
    if owner_id is None:
        return actor.pk
    if (
        not scope.covers_owner(owner_id)
        or not User.objects.filter(
            pk=owner_id, membership__organization_id=scope.organization_id
        ).exists()
    ):
        raise DomainError(
            _("The owner must be yourself or someone in your team."), field="owner_id"
        )
    return owner_id


def _status_for(stage: Stage) -> str:
    if stage.is_won:
        return Opportunity.Status.WON
    if stage.is_lost:
        return Opportunity.Status.LOST
    return Opportunity.Status.OPEN


@transaction.atomic
def opportunity_create(
    *,
    actor: User,
    name: str,
    customer_id: int | None,
    stage_id: int | None = None,
    amount: Decimal | None = None,
    currency: str | None = None,
    owner_id: int | None = None,
    expected_close_date: dt.date | None = None,
    source: str = "",
) -> Opportunity:
    """Open an opportunity; the first stage is the default, a closing stage closes it today."""
    scope = scope_for(actor)
    if customer_id is not None:
        customer_get(user=actor, customer_id=customer_id)
    opportunity_values_check(
        {
            "name": name.strip(),
            "amount": amount,
            "currency": (currency or "").upper(),
            "source": source,
        }
    )
    if stage_id is None:
        stage = (
            Stage.objects.filter(organization_id=scope.organization_id).order_by("order").first()
        )
        if stage is None:
            raise DomainError(_("The organisation has no pipeline stages."), field="stage_id")
    else:
        stage = _stage_of_org(scope.organization_id, stage_id)
    status = _status_for(stage)
    opportunity = Opportunity.objects.create(
        organization_id=scope.organization_id,
        customer_id=customer_id,
        owner_id=_owner_in_scope(actor, owner_id),
        name=name.strip(),
        amount=amount,
        currency=(
            currency or Organization.objects.get(pk=scope.organization_id).default_currency
        ).upper(),
        stage=stage,
        status=status,
        source=source,
        expected_close_date=expected_close_date,
        closed_date=timezone.localdate() if status != Opportunity.Status.OPEN else None,
    )
    StageChange.objects.create(opportunity=opportunity, to_stage=stage, changed_by=actor)
    return opportunity


def opportunity_ensure_editable(*, actor: User, opportunity: Opportunity) -> None:
    """Raise PermissionDenied unless the actor may change the opportunity and what hangs off it
    (stage moves, its assessment): the owner's team and administrators, never a mere viewer."""
    if not scope_for(actor).covers_owner(opportunity.owner_id):
        raise PermissionDenied(_("You can only change opportunities of your own team."))


@transaction.atomic
def _locked(actor: User, opportunity_id: int, expected_version: int | None) -> Opportunity:
    """The opportunity for a write: visible (404), editable (403), locked and current (409)."""
    opportunity = opportunity_get(user=actor, opportunity_id=opportunity_id)
    opportunity_ensure_editable(actor=actor, opportunity=opportunity)
    opportunity = Opportunity.objects.select_for_update().get(pk=opportunity.pk)
    version_check(
        expected=expected_version,
        current=opportunity.version,
        message=_("Someone else changed this opportunity meanwhile."),
    )
    return opportunity


@transaction.atomic
def opportunity_move_stage(
    *,
    actor: User,
    opportunity_id: int,
    stage_id: int,
    at: dt.datetime | None = None,
    expected_version: int | None = None,
) -> Opportunity:
    """Move an opportunity to a stage, record the move, and close it on a won or lost stage.

    A move is a change of the opportunity: it bumps the version, and a stale
    ``expected_version`` raises StaleVersion (409)."""
    opportunity = _locked(actor, opportunity_id, expected_version)
    stage = _stage_of_org(opportunity.organization_id, stage_id)
    if stage.pk == opportunity.stage_id:
        return opportunity
    when = at or timezone.now()
    StageChange.objects.create(
        opportunity=opportunity,
        from_stage_id=opportunity.stage_id,
        to_stage=stage,
        changed_by=actor,
        changed_at=when,
    )
    opportunity.stage = stage
    opportunity.status = _status_for(stage)
    opportunity.closed_date = (
        timezone.localdate(when) if opportunity.status != Opportunity.Status.OPEN else None
    )
    opportunity.version += 1
    opportunity.save(update_fields=["stage", "status", "closed_date", "updated_at", "version"])
    return opportunity


@transaction.atomic
def opportunity_update(
    *,
    actor: User,
    opportunity_id: int,
    name: str | None = None,
    amount: Decimal | None = None,
    currency: str | None = None,
    expected_close_date: dt.date | None = None,
    source: str | None = None,
    owner_id: int | None = None,
    customer_id: int | None = None,
    expected_version: int | None = None,
) -> Opportunity:
    """Change an opportunity's fields (None leaves a field as it is); the version goes up, and
    a stale ``expected_version`` raises StaleVersion (409)."""
    opportunity = _locked(actor, opportunity_id, expected_version)
    given = {
        "name": None if name is None else name.strip(),
        "amount": amount,
        "currency": None if currency is None else currency.upper(),
        "source": source,
    }
    opportunity_values_check({k: v for k, v in given.items() if v is not None})
    if name is not None:
        opportunity.name = name.strip()
    if amount is not None:
        opportunity.amount = amount
    if currency is not None:
        opportunity.currency = currency.upper()
    if expected_close_date is not None:
        opportunity.expected_close_date = expected_close_date
    if source is not None:
        opportunity.source = source
    if owner_id is not None:
        opportunity.owner_id = _owner_in_scope(actor, owner_id)
    if customer_id is not None:
        customer_get(user=actor, customer_id=customer_id)
        opportunity.customer_id = customer_id
    opportunity.version += 1
    opportunity.save()
    return opportunity
