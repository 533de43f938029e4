"""Writes for activity types and activities. A done activity is a fact: every change is audited."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from keyact.activities import rules
from keyact.activities.catalog import STANDARD_ACTIVITY_TYPES
from keyact.activities.models import Activity, ActivityChange, ActivityType, Counterpart
from keyact.activities.selectors import activity_get, activity_type_get
from keyact.core.bilingual import bilingual_text
from keyact.core.errors import Conflict, DomainError, PermissionDenied
from keyact.core.files import file_check
from keyact.core.ttl_cache import TTLCache
from keyact.core.uploads import stored_file_admit, stored_file_record, stored_file_release
from keyact.customers.models import Contact
from keyact.customers.selectors import customer_ensure_visible
from keyact.deals.selectors import opportunity_get
from keyact.orgs.models import Organization
from keyact.orgs.selectors import scope_for
from keyact.users.models import User

# Fields a caller may change on an activity; the audit trail records each of them.
EDITABLE_FIELDS = (
    "type_id",
    "status",
    "occurred_at",
    "ended_at",
    "duration_minutes",
    "customer_id",
    "opportunity_id",
    "subject",
    "outcome",
    "commitment_text",
    "notes",
    "checkin_latitude",
    "checkin_longitude",
    "checkin_accuracy_m",
    "customer_confirmed",
    "customer_confirmed_by",
    "owner_id",
)


def activity_types_install_standard(*, organization: Organization) -> int:
    """Install the article's standard activity types that the organisation lacks; return count."""
    existing = set(organization.activity_types.values_list("code", flat=True))
    new = [
        ActivityType(
            organization=organization,
            code=t.code,
            name_en=t.name_en,
            name_zh=t.name_zh,
            counterpart=t.counterpart,
            category=ActivityType.Category.STANDARD,
            icon=t.icon,
            order=index * 10,
        )
        for index, t in enumerate(STANDARD_ACTIVITY_TYPES, start=1)
        if t.code not in existing
    ]
    ActivityType.objects.bulk_create(new)
    return len(new)


def _require_admin(actor: User) -> int:
    scope = scope_for(actor)
    if not scope.is_admin:
        raise PermissionDenied(_("Only administrators can change activity types."))
    return scope.organization_id


CODE_PATTERN = re.compile(r"^[-a-zA-Z0-9_]{1,50}$")  # as the API documents it
ICON_PATTERN = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")


def _generated_code(organization_id: int, name_en: str) -> str:
    """A code for a new type from its English name (``site_survey``), else ``industry``; a
    number is appended when the organisation has it already (``site_survey_2``)."""
    base = slugify(name_en).replace("-", "_")[:40].strip("_")
    if not base or not base[0].isalpha() or not CODE_PATTERN.match(base):
        base = "industry"
    taken = set(
        ActivityType.objects.filter(
            organization_id=organization_id, code__startswith=base
        ).values_list("code", flat=True)
    )
    code, number = base, 1
    while code in taken:
        number += 1
        code = f"{base}_{number}"
    return code


def _check_icon(icon: str) -> str:
    icon = icon.strip()
    if icon and (len(icon) > 40 or not ICON_PATTERN.match(icon)):
        raise DomainError(
            _("Choose an icon from the palette (a Bootstrap icon name such as geo-alt)."),
            field="icon",
        )
    return icon


@transaction.atomic
def activity_type_create(
    *,
    actor: User,
    name_en: str,
    name_zh: str,
    code: str = "",
    counterpart: str = Counterpart.CUSTOMER,
    icon: str = "",
    order: int = 500,
) -> ActivityType:
    """Add an industry activity type to the organisation (admins only). Without a code, one is
    made from the English name (``industry``, ``industry_2``… without one); the icon is a
    Bootstrap icon name (the pages offer a palette)."""
    org_id = _require_admin(actor)
    if counterpart not in Counterpart.values:
        raise DomainError(_("Unknown counterpart."), field="counterpart")
    name_en, name_zh = bilingual_text(name_en, name_zh, field="name", max_length=100)
    code = code.strip()
    if not code:
        code = _generated_code(org_id, name_en)
    elif not CODE_PATTERN.match(code):
        raise DomainError(_("A code is at most 50 letters, digits, - and _."), field="code")
    if ActivityType.objects.filter(organization_id=org_id, code=code).exists():
        raise DomainError(_("An activity type with this code already exists."), field="code")
    return ActivityType.objects.create(
        organization_id=org_id,
        code=code,
        name_en=name_en,
        name_zh=name_zh,
        counterpart=counterpart,
        category=ActivityType.Category.INDUSTRY,
        icon=_check_icon(icon),
        order=order,
    )


@transaction.atomic
def activity_type_update(*, actor: User, type_id: int, **changes: Any) -> ActivityType:
    """Rename, reorder or (de)activate an activity type. Types in use are deactivated, never
    deleted, so no recorded activity loses its type."""
    _require_admin(actor)
    allowed = {"name_en", "name_zh", "counterpart", "icon", "order", "is_active"}
    unknown = set(changes) - allowed
    if unknown:
        raise DomainError(_("Unknown field: %s") % sorted(unknown)[0], field=sorted(unknown)[0])
    activity_type = activity_type_get(user=actor, type_id=type_id)
    if "counterpart" in changes and changes["counterpart"] not in Counterpart.values:
        raise DomainError(_("Unknown counterpart."), field="counterpart")
    if "name_en" in changes or "name_zh" in changes:
        changes["name_en"], changes["name_zh"] = bilingual_text(
            changes.get("name_en", activity_type.name_en),
            changes.get("name_zh", activity_type.name_zh),
            field="name",
            max_length=100,
        )
    if "icon" in changes:
        changes["icon"] = _check_icon(str(changes["icon"]))
    for field, value in changes.items():
        setattr(activity_type, field, value)
    activity_type.save()
    _type_active_cache.discard((activity_type.organization_id, activity_type.pk))
    return activity_type


# Whether an activity type is active and whom it is done with, per (organisation, type), cached
# per worker for a few seconds: logging an activity then needs no query for its type. A change
# applies at once in the process that made it and within TYPE_CACHE_SECONDS elsewhere.
TYPE_CACHE_SECONDS = 10.0
_type_active_cache: TTLCache[tuple[bool, str]] = TTLCache(ttl=TYPE_CACHE_SECONDS, max_entries=4096)


def _type_state(actor: User, organization_id: int, type_id: int) -> tuple[bool, str]:
    """(in use, counterpart) of a type of the organisation (NotFound for any other type)."""
    key = (organization_id, type_id)
    state = _type_active_cache.get(key)
    if state is None:
        activity_type = activity_type_get(user=actor, type_id=type_id)
        state = (activity_type.is_active, activity_type.counterpart)
        _type_active_cache.set(key, state)
    return state


def activity_type_cache_clear() -> None:
    """Forget every cached activity-type state in this process."""
    _type_active_cache.clear()


def _jsonable(value: Any) -> Any:
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    return value


def _validate(actor: User, values: dict[str, Any], *, creating: bool) -> str | None:
    """Check references and permissions; fills ``customer_id`` from the opportunity when missing.

    Returns the counterpart of the type named in ``values`` (None when no type is named). The
    value rules themselves are ``rules.activity_values_check``.
    """
    scope = scope_for(actor)
    type_id = values.get("type_id")
    counterpart: str | None = None
    if type_id is not None or creating:
        if type_id is None:
            raise DomainError(_("Choose an activity type."), field="type_id")
        active, counterpart = _type_state(actor, scope.organization_id, type_id)
        if not active and creating:
            raise DomainError(_("This activity type is no longer in use."), field="type_id")
    owner_id = values.get("owner_id")
    if owner_id is not None and (
        (scope.role == "supporter" and owner_id != actor.pk) or not scope.covers_owner(owner_id)
    ):
        raise DomainError(
            _("You can log activities for yourself or for people in your team."), field="owner_id"
        )
    # The actor's own membership is already established by scope_for: no query for them.
    if (
        owner_id is not None
        and owner_id != actor.pk
        and not User.objects.filter(
            pk=owner_id, membership__organization_id=scope.organization_id
        ).exists()
    ):
        raise DomainError(_("No such user."), field="owner_id")
    opportunity_id = values.get("opportunity_id")
    if opportunity_id is not None:
        opportunity = opportunity_get(user=actor, opportunity_id=opportunity_id)
        if values.get("customer_id") is None:
            values["customer_id"] = opportunity.customer_id
        elif opportunity.customer_id not in (None, values["customer_id"]):
            raise DomainError(
                _("The opportunity belongs to another customer."), field="opportunity_id"
            )
    if values.get("customer_id") is not None:
        customer_ensure_visible(user=actor, customer_id=values["customer_id"])
    return counterpart


def _check_contacts(actor: User, customer_id: int | None, contact_ids: Sequence[int]) -> None:
    if not contact_ids:
        return
    if customer_id is None:
        raise DomainError(_("Contacts need a customer."), field="contact_ids")
    found = Contact.objects.filter(pk__in=contact_ids, customer_id=customer_id).count()
    if found != len(set(contact_ids)):
        raise DomainError(_("Some contacts do not belong to the customer."), field="contact_ids")


def _check_participants(actor: User, participant_ids: Sequence[int]) -> None:
    if not participant_ids:
        return
    scope = scope_for(actor)
    found = User.objects.filter(
        pk__in=participant_ids, membership__organization_id=scope.organization_id
    ).count()
    if found != len(set(participant_ids)):
        raise DomainError(
            _("Some participants are not in your organisation."), field="participant_ids"
        )


def activity_create(
    *,
    actor: User,
    type_id: int,
    occurred_at: dt.datetime | None = None,
    status: str = Activity.Status.DONE,
    owner_id: int | None = None,
    customer_id: int | None = None,
    opportunity_id: int | None = None,
    contact_ids: Sequence[int] = (),
    participant_ids: Sequence[int] = (),
    ended_at: dt.datetime | None = None,
    duration_minutes: int | None = None,
    subject: str = "",
    outcome: str = "",
    commitment_text: str = "",
    notes: str = "",
    checkin_latitude: float | None = None,
    checkin_longitude: float | None = None,
    checkin_accuracy_m: float | None = None,
    customer_confirmed: bool = False,
    customer_confirmed_by: str = "",
) -> Activity:
    """Record an activity (done by default, now by default, owned by the actor by default).

    The row itself records who created it and when (the first entry of its history); later
    changes go to ActivityChange. Without contacts or participants the create is one INSERT,
    so it runs without an explicit transaction (docs/adr/0007-api-create-hot-path.md).
    """
    scope = scope_for(actor)
    now = timezone.now()
    subject, commitment_text = subject.strip(), commitment_text.strip()
    values: dict[str, Any] = {
        "type_id": type_id,
        "status": status,
        "occurred_at": occurred_at or now,
        "ended_at": ended_at,
        "owner_id": owner_id if owner_id is not None else actor.pk,
        "customer_id": customer_id,
        "opportunity_id": opportunity_id,
        "subject": subject,
        "outcome": outcome,
        "commitment_text": commitment_text,
        "notes": notes,
        "checkin_latitude": checkin_latitude,
        "checkin_longitude": checkin_longitude,
        "checkin_accuracy_m": checkin_accuracy_m,
        "duration_minutes": duration_minutes,
        "customer_confirmed_by": customer_confirmed_by,
    }
    if status == Activity.Status.CANCELLED:
        raise DomainError(_("A new activity is either planned or done."), field="status")
    rules.activity_values_check(values, counterpart=None, now=now)
    counterpart = _validate(actor, values, creating=True)
    rules.customer_check(counterpart or "", values["customer_id"])
    occurred = values["occurred_at"]
    if duration_minutes is None and ended_at is not None:
        duration_minutes = int((ended_at - occurred).total_seconds() // 60)
    _check_contacts(actor, values["customer_id"], contact_ids)
    _check_participants(actor, participant_ids)
    activity = Activity(
        organization_id=scope.organization_id,
        type_id=type_id,
        owner_id=values["owner_id"],
        status=status,
        occurred_at=occurred,
        ended_at=ended_at,
        duration_minutes=duration_minutes,
        customer_id=values["customer_id"],
        opportunity_id=opportunity_id,
        subject=subject,
        outcome=outcome,
        commitment_text=commitment_text,
        notes=notes,
        checkin_latitude=checkin_latitude,
        checkin_longitude=checkin_longitude,
        checkin_accuracy_m=checkin_accuracy_m,
        checkin_at=now if checkin_latitude is not None else None,
        customer_confirmed=customer_confirmed,
        customer_confirmed_by=customer_confirmed_by,
        completed_at=now if status == Activity.Status.DONE else None,
        created_by=actor,
        created_at=now,
        updated_by=actor,
        updated_at=now,
    )
    if not contact_ids and not participant_ids:
        activity.save(force_insert=True)
        return activity
    with transaction.atomic():
        activity.save(force_insert=True)
        if contact_ids:
            activity.contacts.set(contact_ids)
        if participant_ids:
            activity.participants.set(participant_ids)
    return activity


def activity_can_change(*, actor: User, activity: Activity) -> bool:
    """Whether the actor may change (and reopen) the activity: their own, or their team's."""
    scope = scope_for(actor)
    return activity.owner_id == actor.pk or (
        scope.role != "supporter" and scope.covers_owner(activity.owner_id)
    )


def activity_ensure_changeable(*, actor: User, activity: Activity) -> None:
    """Raise PermissionDenied unless the actor may change the activity and what hangs off it
    (photo, checklist ticks): its owner, or the owner's managers; never a supporter of it."""
    if not activity_can_change(actor=actor, activity=activity):
        raise PermissionDenied(_("You can only change your own or your team's activities."))


def _locked_for_update(actor: User, activity_id: int, expected_version: int | None) -> Activity:
    """The activity, locked, once the actor may change it and the version is current."""
    activity = activity_get(user=actor, activity_id=activity_id)
    activity_ensure_changeable(actor=actor, activity=activity)
    activity = Activity.objects.select_for_update().get(pk=activity.pk)
    if expected_version is not None and expected_version != activity.version:
        raise Conflict(
            _("Someone else changed this activity meanwhile. Reload it and try again."),
            field="version",
        )
    return activity


def _relation_set(manager: Any, key: str, ids: Sequence[int], diff: dict[str, list[Any]]) -> None:
    """Set a many-to-many relation (contacts, participants); a change goes to the diff."""
    before_ids = sorted(manager.values_list("pk", flat=True))
    if before_ids != sorted(set(ids)):
        diff[key] = [before_ids, sorted(set(ids))]
        manager.set(ids)


def _update_action(activity: Activity, diff: dict[str, list[Any]], now: dt.datetime) -> str:
    """The audit action of an update; completing stamps ``completed_at``."""
    if "status" not in diff:
        return ActivityChange.Action.UPDATED
    if activity.status == Activity.Status.DONE:
        activity.completed_at = now
        return ActivityChange.Action.COMPLETED
    if activity.status == Activity.Status.CANCELLED:
        return ActivityChange.Action.CANCELLED
    return ActivityChange.Action.UPDATED


def _field_diff(activity: Activity, changes: dict[str, Any]) -> dict[str, list[Any]]:
    """Apply the field changes to the activity; the changed ones with before and after."""
    diff: dict[str, list[Any]] = {}
    for field, value in changes.items():
        before = getattr(activity, field)
        if before != value:
            diff[field] = [_jsonable(before), _jsonable(value)]
            setattr(activity, field, value)
    return diff


@transaction.atomic
def activity_update(
    *,
    actor: User,
    activity_id: int,
    expected_version: int | None = None,
    contact_ids: Sequence[int] | None = None,
    participant_ids: Sequence[int] | None = None,
    **changes: Any,
) -> Activity:
    """Change an activity. Every changed field goes to the audit trail with before and after.

    ``expected_version`` guards against lost updates: a stale version raises Conflict.
    """
    unknown = set(changes) - set(EDITABLE_FIELDS)
    if unknown:
        field = sorted(unknown)[0]
        raise DomainError(_("Unknown field: %s") % field, field=field)
    activity = _locked_for_update(actor, activity_id, expected_version)
    rules.transition_check(activity.status, changes.get("status", activity.status))
    merged: dict[str, Any] = {f: getattr(activity, f) for f in EDITABLE_FIELDS}
    merged.update(changes)
    checked = dict(changes)
    if {"customer_id", "opportunity_id", "type_id"} & changes.keys():
        # The customer rule depends on the type's counterpart and the resulting customer.
        for key in ("type_id", "customer_id", "opportunity_id"):
            checked[key] = merged[key]
    counterpart = _validate(actor, checked, creating=False)
    if "customer_id" in checked:
        changes["customer_id"] = merged["customer_id"] = checked["customer_id"]
    now = timezone.now()
    completing = activity.status != merged["status"] == Activity.Status.DONE
    if completing and "occurred_at" not in changes and merged["occurred_at"] > now:
        # Done before its due time: it happened now (the ADR 0013 rule), audited as a change.
        changes["occurred_at"] = merged["occurred_at"] = now
    rules.activity_values_check(merged, counterpart=counterpart, now=now)
    diff = _field_diff(activity, changes)
    if contact_ids is not None:
        _check_contacts(actor, activity.customer_id, contact_ids)
        _relation_set(activity.contacts, "contact_ids", contact_ids, diff)
    if participant_ids is not None:
        _check_participants(actor, participant_ids)
        _relation_set(activity.participants, "participant_ids", participant_ids, diff)
    if not diff:
        return activity
    action = _update_action(activity, diff, now)
    if "checkin_latitude" in diff or "checkin_longitude" in diff:
        activity.checkin_at = now if activity.checkin_latitude is not None else None
    activity.updated_by = actor
    activity.updated_at = now
    activity.version += 1
    activity.save()
    ActivityChange.objects.create(
        activity=activity, action=action, changed_by=actor, changed_at=now, changes=diff
    )
    return activity


def activity_complete(
    *,
    actor: User,
    activity_id: int,
    outcome: str = "",
    commitment_text: str = "",
    notes: str = "",
    expected_version: int | None = None,
) -> Activity:
    """Mark a planned activity done, optionally with its outcome (a stale ``expected_version``
    raises Conflict)."""
    changes: dict[str, Any] = {"status": Activity.Status.DONE}
    if outcome:
        changes["outcome"] = outcome
    if commitment_text:
        changes["commitment_text"] = commitment_text
    if notes:
        changes["notes"] = notes
    return activity_update(
        actor=actor, activity_id=activity_id, expected_version=expected_version, **changes
    )


@transaction.atomic
def activity_reopen(
    *, actor: User, activity_id: int, reason: str, expected_version: int | None = None
) -> Activity:
    """Set a done activity back to planned, saying why (the only way back from done).

    Its completion time is cleared, so it stops counting toward progress until it is done
    again; the history shows who reopened it, when and why. Needs the right to change it.
    """
    reason = rules.reason_check(reason)
    activity = activity_get(user=actor, activity_id=activity_id)
    activity_ensure_changeable(actor=actor, activity=activity)
    activity = Activity.objects.select_for_update().get(pk=activity.pk)
    if expected_version is not None and expected_version != activity.version:
        raise Conflict(
            _("Someone else changed this activity meanwhile. Reload it and try again."),
            field="version",
        )
    if activity.status not in rules.REOPENABLE:
        raise DomainError(_("Only a done activity can be reopened."), field="status")
    now = timezone.now()
    diff = {
        "status": [activity.status, rules.REOPENED_STATUS],
        "completed_at": [_jsonable(activity.completed_at), None],
    }
    activity.status = rules.REOPENED_STATUS
    activity.completed_at = None
    activity.updated_by = actor
    activity.updated_at = now
    activity.version += 1
    activity.save()
    ActivityChange.objects.create(
        activity=activity,
        action=ActivityChange.Action.REOPENED,
        changed_by=actor,
        changed_at=now,
        changes=diff,
        reason=reason,
    )
    return activity


def activity_cancel(
    *, actor: User, activity_id: int, expected_version: int | None = None
) -> Activity:
    """Cancel a planned activity (done activities are facts and cannot be cancelled); a stale
    ``expected_version`` raises Conflict."""
    return activity_update(
        actor=actor,
        activity_id=activity_id,
        expected_version=expected_version,
        status=Activity.Status.CANCELLED,
    )


PHOTO_MAX_BYTES = 5 * 1024 * 1024


@transaction.atomic
def activity_attach_photo(*, actor: User, activity_id: int, photo: UploadedFile[bytes]) -> Activity:
    """Attach (or replace) the photo evidence of an activity; the change is audited.

    Only JPEG, PNG, WebP and HEIC images up to 5 MB are accepted, recognised by their content
    (Pillow), within the uploader's upload limits. A replaced photo is deleted after the commit.
    """
    activity = activity_get(user=actor, activity_id=activity_id)
    activity_ensure_changeable(actor=actor, activity=activity)
    checked = file_check(photo, field="photo", max_bytes=PHOTO_MAX_BYTES, images_only=True)
    stored_file_admit(user_id=actor.pk, size=checked.size, field="photo")
    activity = Activity.objects.select_for_update().get(pk=activity.pk)
    before = activity.photo.name or None
    activity.photo.save(f"activity-{activity.pk}{checked.extension}", photo, save=False)
    stored_file_record(user_id=actor.pk, name=activity.photo.name or "", size=checked.size)
    stored_file_release(name=before)
    now = timezone.now()
    activity.updated_by = actor
    activity.updated_at = now
    activity.version += 1
    activity.save(update_fields=["photo", "updated_by", "updated_at", "version"])
    ActivityChange.objects.create(
        activity=activity,
        action=ActivityChange.Action.UPDATED,
        changed_by=actor,
        changed_at=now,
        changes={"photo": [before, activity.photo.name]},
    )
    return activity
