"""Targets of a key activity per owner and per team, and their generation."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from keyact.core.errors import DomainError, PermissionDenied
from keyact.keyactivities.models import (
    KeyActivity,
    Target,
    TeamTarget,
)
from keyact.keyactivities.periods import period_bounds
from keyact.keyactivities.selectors import (
    owner_ids_in_units,
)
from keyact.keyactivities.services._common import _check_non_increasing, _lock, _record
from keyact.orgs.models import Department
from keyact.orgs.selectors import scope_for
from keyact.users.models import User


def _period(ka: KeyActivity, period_start: dt.date) -> tuple[dt.date, dt.date]:
    start, end = period_bounds(ka.period, period_start)
    if end < ka.valid_from or (ka.valid_to is not None and start > ka.valid_to):
        raise DomainError(
            _("The period %(start)s to %(end)s lies outside the key activity's dates.")
            % {"start": start.isoformat(), "end": end.isoformat()},
            field="period_start",
        )
    return start, end


def _stage_quantities(ka: KeyActivity, quantity: int) -> list[int]:
    """Stage targets scaled from the standard so that the first stage equals ``quantity``."""
    stages = list(ka.stages.all())
    if not stages:
        return []
    first = stages[0].quantity
    return [quantity] + [s.quantity * quantity // first for s in stages[1:]]


@transaction.atomic
def targets_generate(
    *, actor: User, key_activity_id: int, version: int, period_start: dt.date
) -> list[Target]:
    """Give every owner a target for the period containing ``period_start`` from the standard.
    Targets already set (generated or adjusted) are kept. Returns the targets added."""
    ka = _lock(actor, key_activity_id, version)
    start, end = _period(ka, period_start)
    if ka.quantity is None:
        raise DomainError(_("Set the quantity standard first."), field="quantity")
    owner_ids = list(ka.owners.values_list("user_id", flat=True))
    if not owner_ids:
        raise DomainError(_("Name the owners first."), field="owners")
    existing = set(
        Target.objects.filter(key_activity=ka, period_start=start).values_list(
            "owner_id", flat=True
        )
    )
    stages = _stage_quantities(ka, ka.quantity)
    added = [
        Target.objects.create(
            key_activity=ka,
            owner_id=pk,
            period_start=start,
            period_end=end,
            quantity=ka.quantity,
            stage_quantities=stages,
        )
        for pk in owner_ids
        if pk not in existing
    ]
    if added:
        _record(
            ka,
            actor,
            "targets",
            {
                f"target.{start.isoformat()}.{t.owner_id}": (
                    None,
                    [t.quantity, *t.stage_quantities],
                )
                for t in added
            },
        )
    return added


@transaction.atomic
def target_set(
    *,
    actor: User,
    key_activity_id: int,
    version: int,
    owner_id: int,
    period_start: dt.date,
    quantity: int,
    stage_quantities: Sequence[int] | None = None,
) -> Target:
    """Adjust one owner's target for one period (staged: one quantity per stage, the first
    equal to ``quantity``, none exceeding the one before)."""
    ka = _lock(actor, key_activity_id, version)
    start, end = _period(ka, period_start)
    if not ka.owners.filter(user_id=owner_id).exists():
        raise DomainError(_("Targets are set for owners of the key activity."), field="owner_id")
    scope = scope_for(actor)
    if not scope.covers_owner(owner_id):
        raise PermissionDenied(_("You can only set targets for people in your team."))
    if not 0 <= quantity <= 100_000:
        raise DomainError(_("The target lies between 0 and 100,000."), field="quantity")
    stage_count = ka.stages.count()
    if stage_quantities is None:
        stages = _stage_quantities(ka, quantity)
    else:
        stages = list(stage_quantities)
        if len(stages) != stage_count:
            raise DomainError(
                _("Give one quantity per stage (%(n)d).") % {"n": stage_count},
                field="stage_quantities",
            )
        if any(not 0 <= q <= 100_000 for q in stages):
            raise DomainError(_("The target lies between 0 and 100,000."), field="stage_quantities")
        _check_non_increasing(stages, "stage_quantities")
        if stages and stages[0] != quantity:
            raise DomainError(
                _("The first stage is the target itself."), field="stage_quantities.0"
            )
    target = Target.objects.filter(key_activity=ka, owner_id=owner_id, period_start=start).first()
    before = [target.quantity, *target.stage_quantities] if target else None
    if target is None:
        target = Target(key_activity=ka, owner_id=owner_id, period_start=start, period_end=end)
    target.quantity = quantity
    target.stage_quantities = stages
    target.is_adjusted = True
    target.save()
    if before != [quantity, *stages]:
        _record(
            ka,
            actor,
            "targets",
            {f"target.{start.isoformat()}.{owner_id}": (before, [quantity, *stages])},
        )
    return target


def _cascade(
    ka: KeyActivity, owner_ids: list[int], start: dt.date, end: dt.date, quantity: int
) -> dict[str, tuple[Any, Any]]:
    """Split a team target evenly among the owners (the first take any remainder) and set
    their targets; the changed ones with before and after."""
    diff: dict[str, tuple[Any, Any]] = {}
    share, remainder = divmod(quantity, len(owner_ids))
    for index, owner_id in enumerate(owner_ids):
        member_quantity = share + (1 if index < remainder else 0)
        target = Target.objects.filter(
            key_activity=ka, owner_id=owner_id, period_start=start
        ).first()
        before = [target.quantity, *target.stage_quantities] if target else None
        if target is None:
            target = Target(key_activity=ka, owner_id=owner_id, period_start=start, period_end=end)
        target.quantity = member_quantity
        target.stage_quantities = _stage_quantities(ka, member_quantity)
        target.save()
        after = [target.quantity, *target.stage_quantities]
        if before != after:
            diff[f"target.{start.isoformat()}.{owner_id}"] = (before, after)
    return diff


@transaction.atomic
def team_target_set(
    *,
    actor: User,
    key_activity_id: int,
    version: int,
    department_id: int,
    period_start: dt.date,
    quantity: int,
    cascade: bool = True,
) -> TeamTarget:
    """Set a team's target for a period; with ``cascade`` it is split evenly among the owners
    in the team (the lead takes any remainder first), so member targets add up to it."""
    ka = _lock(actor, key_activity_id, version)
    start, end = _period(ka, period_start)
    department = Department.objects.filter(
        organization_id=ka.organization_id, pk=department_id
    ).first()
    if department is None:
        raise DomainError(_("Unknown team."), field="department_id")
    if not 0 <= quantity <= 1_000_000:
        raise DomainError(_("The target lies between 0 and 1,000,000."), field="quantity")
    members = owner_ids_in_units(organization_id=ka.organization_id, department_id=department_id)
    owners = [o for o in ka.owners.order_by("-is_lead", "id") if o.user_id in members]
    scope = scope_for(actor)
    if not scope.is_admin and any(not scope.covers_owner(o.user_id) for o in owners):
        raise PermissionDenied(_("You can only set targets for people in your team."))
    if cascade and not owners:
        raise DomainError(
            _("No owner of this key activity belongs to this team."), field="department_id"
        )
    team, _created = TeamTarget.objects.get_or_create(
        key_activity=ka,
        department=department,
        period_start=start,
        defaults={"period_end": end, "quantity": quantity},
    )
    diff: dict[str, tuple[Any, Any]] = {}
    before_team = None if _created else team.quantity
    if before_team != quantity:
        diff[f"team_target.{start.isoformat()}.{department.pk}"] = (before_team, quantity)
    team.quantity = quantity
    team.save()
    if cascade:
        diff.update(_cascade(ka, [o.user_id for o in owners], start, end, quantity))
    if diff:
        _record(ka, actor, "targets", diff)
    return team
