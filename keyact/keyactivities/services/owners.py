"""Who owns a key activity, and staffing gaps."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from keyact.core.errors import DomainError, PermissionDenied
from keyact.keyactivities.models import (
    KeyActivity,
    Owner,
)
from keyact.keyactivities.services._common import Status, _lock, _record, _text
from keyact.orgs.selectors import scope_for
from keyact.users.models import User


@dataclass(frozen=True)
class OwnerSpec:
    """One owner as given by the caller."""

    user_id: int
    is_lead: bool = False


def _leads_of(owners: Sequence[OwnerSpec], lead_id: int | None) -> list[OwnerSpec]:
    """The owners marked or named as the lead, once the list itself is sound."""
    ids = [o.user_id for o in owners]
    if len(ids) != len(set(ids)):
        raise DomainError(_("A person is listed twice."), field="owners")
    if lead_id is not None and lead_id not in ids:
        raise DomainError(
            _(
                "The lead is chosen among the owners: tick them as an owner too, or choose "
                "another lead."
            ),
            field="lead_id",
        )
    leads = [o for o in owners if o.is_lead or o.user_id == lead_id]
    if len(leads) > 1:
        raise DomainError(_("Only one owner can be the lead."), field="owners")
    return leads


def _members_check(actor: User, ka: KeyActivity, ids: list[int], current: set[int]) -> None:
    """Owners are active members; a manager adds and removes only people in their scope."""
    known = set(
        User.objects.filter(
            pk__in=ids,
            membership__organization_id=ka.organization_id,
            membership__is_active=True,
        ).values_list("pk", flat=True)
    )
    if known != set(ids):
        raise DomainError(_("Owners must be active members of the organisation."), field="owners")
    scope = scope_for(actor)
    changed_people = set(ids) ^ current
    if not scope.is_admin and any(not scope.covers_owner(pk) for pk in changed_people):
        raise PermissionDenied(_("You can only assign people in your team as owners."))


def _lead_check(
    ka: KeyActivity, ids: list[int], lead_id: int | None, named: bool, staffing_gap: bool
) -> None:
    """A published key activity keeps a lead; several owners have one unless a staffing gap
    is declared, and a gap cannot be declared while a lead is named."""
    if ka.status == Status.PUBLISHED and (not ids or lead_id is None):
        raise DomainError(
            _("A published key activity needs its owners and exactly one lead."), field="owners"
        )
    if staffing_gap and len(ids) > 1 and named:
        raise DomainError(
            _(
                "A lead is named, so the key activity is staffed: untick the staffing gap, or "
                "leave the lead empty."
            ),
            field="staffing_gap",
        )
    if staffing_gap and ka.status not in (Status.DRAFT, Status.STAFFING_GAP):
        raise DomainError(_("Only a draft can be marked as a staffing gap."), field="status")
    if ids and lead_id is None and not staffing_gap:
        raise DomainError(
            _(
                "Choose the lead among the owners, or declare a staffing gap if nobody suitable "
                "can lead it yet."
            ),
            field="lead_id",
        )


def _staffing_apply(
    ka: KeyActivity, staffed: bool, staffing_gap: bool, note: str, diff: dict[str, Any]
) -> None:
    """Declare a staffing gap (with its note), or close it once owners are named."""
    if staffing_gap:
        if ka.status != Status.STAFFING_GAP:
            diff["status"] = (ka.status, Status.STAFFING_GAP)
            ka.status = Status.STAFFING_GAP
        if ka.staffing_note != note:
            diff["staffing_note"] = (ka.staffing_note, note)
            ka.staffing_note = note
    elif staffed and ka.status == Status.STAFFING_GAP:
        diff["status"] = (ka.status, Status.DRAFT)
        ka.status = Status.DRAFT
        ka.staffing_note = ""


@transaction.atomic
def owners_set(
    *,
    actor: User,
    key_activity_id: int,
    version: int,
    owners: Sequence[OwnerSpec],
    lead_id: int | None = None,
    staffing_gap: bool = False,
    staffing_note: str = "",
) -> KeyActivity:
    """Replace the owners. A single owner is the lead; with several, exactly one is the lead
    (负责人) — unless a staffing gap is declared openly (nobody suitable to lead yet), which
    keeps the key activity unpublishable until it is staffed. The lead is marked on an owner
    or named by ``lead_id``, who must be one of the owners: nobody becomes an owner by being
    named the lead. A manager adds and removes only people in their scope. Naming owners with a
    lead closes a staffing gap; a published key activity keeps owners and a lead."""
    ka = _lock(actor, key_activity_id, version)
    ids = [o.user_id for o in owners]
    leads = _leads_of(owners, lead_id)
    current = {o.user_id: o for o in ka.owners.all()}
    _members_check(actor, ka, ids, set(current))
    lead_id = leads[0].user_id if leads else (ids[0] if len(ids) == 1 else None)
    _lead_check(ka, ids, lead_id, bool(leads), staffing_gap)
    note = _text(staffing_note, "staffing_note", 500)
    before = sorted([pk, o.is_lead] for pk, o in current.items())
    after = sorted([pk, pk == lead_id] for pk in ids)
    diff: dict[str, tuple[Any, Any]] = {}
    if before != after:
        diff["owners"] = (before, after)
        Owner.objects.filter(key_activity=ka).exclude(user_id__in=ids).delete()
        Owner.objects.filter(key_activity=ka).update(is_lead=False)
        for pk in ids:
            Owner.objects.update_or_create(
                key_activity=ka, user_id=pk, defaults={"is_lead": pk == lead_id}
            )
    _staffing_apply(ka, bool(ids), staffing_gap, note, diff)
    if not diff:
        return ka
    return _record(ka, actor, "owners", diff)


@transaction.atomic
def key_activity_mark_staffing_gap(
    *, actor: User, key_activity_id: int, version: int, note: str = ""
) -> KeyActivity:
    """Say openly that nobody suitable owns this key activity yet: it cannot be published
    until someone is assigned (which returns it to draft) or it is removed."""
    ka = _lock(actor, key_activity_id, version)
    if ka.status != Status.DRAFT:
        raise DomainError(_("Only a draft can be marked as a staffing gap."), field="status")
    if ka.owners.exists():
        raise DomainError(
            _("It has owners: remove them first if none of them is suitable."), field="owners"
        )
    note = _text(note, "note", 500)
    diff = {"status": (ka.status, Status.STAFFING_GAP), "staffing_note": (ka.staffing_note, note)}
    ka.status = Status.STAFFING_GAP
    ka.staffing_note = note
    return _record(ka, actor, "staffing_gap", diff)
