"""Reviews on the tracking frequency, their follow-ups, and coaching notes."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from keyact.activities.models import ActivityType
from keyact.activities.selectors import activity_get
from keyact.activities.services import activity_create
from keyact.core.errors import DomainError, NotFound, PermissionDenied
from keyact.keyactivities.models import KeyActivity
from keyact.keyactivities.periods import period_bounds
from keyact.keyactivities.selectors import key_activity_get
from keyact.orgs.models import Role
from keyact.orgs.selectors import scope_for
from keyact.tracking.models import CoachingNote, FollowUp, Review
from keyact.tracking.presenters import progress_data
from keyact.tracking.progress import progress_compute
from keyact.tracking.schedule import review_due_dates
from keyact.tracking.selectors import calendar_get, published_key_activities, review_get
from keyact.users.models import User

SUPERVISORS = frozenset({Role.MANAGER, Role.DEPARTMENT_HEAD, Role.ADMIN})


@dataclass(frozen=True)
class FollowUpSpec:
    """An action to agree at a review: what, who, by when."""

    text: str
    owner_id: int
    due_on: dt.date


def _require_supervisor(actor: User) -> None:
    if scope_for(actor).role not in SUPERVISORS:
        raise PermissionDenied(_("Reviews and coaching are for managers and above."))


def _check_follow_up(actor: User, spec: FollowUpSpec, index: int) -> None:
    scope = scope_for(actor)
    if not spec.text.strip():
        raise DomainError(_("Say what is to be done."), field=f"follow_ups.{index}.text")
    if spec.owner_id != actor.pk and not scope.covers_owner(spec.owner_id):
        raise DomainError(
            _("A follow-up belongs to you or someone in your team."),
            field=f"follow_ups.{index}.owner_id",
        )
    if not User.objects.filter(
        pk=spec.owner_id, membership__organization_id=scope.organization_id
    ).exists():
        raise DomainError(_("No such user."), field=f"follow_ups.{index}.owner_id")


def _type_id(organization_id: int, code: str) -> int | None:
    return (
        ActivityType.objects.filter(organization_id=organization_id, code=code, is_active=True)
        .values_list("pk", flat=True)
        .first()
    )


@transaction.atomic
def review_hold(
    *,
    actor: User,
    key_activity_id: int,
    due_on: dt.date,
    notes: str = "",
    decisions: str = "",
    follow_ups: Sequence[FollowUpSpec] = (),
    log_team_meeting: bool = False,
) -> Review:
    """Hold the review of a published key activity due on ``due_on``: snapshot every owner's
    numbers in the actor's scope at this moment, keep notes, decisions and follow-ups; with
    ``log_team_meeting`` the team meeting (例会) is logged as an activity linked to it."""
    _require_supervisor(actor)
    key_activity_get(user=actor, key_activity_id=key_activity_id)  # NotFound outside the scope
    scope = scope_for(actor)
    ka = (
        published_key_activities(organization_id=scope.organization_id)
        .filter(pk=key_activity_id)
        .first()
    )
    if ka is None:
        raise DomainError(_("Only a published key activity is reviewed."), field="key_activity_id")
    cal = calendar_get(organization_id=scope.organization_id)
    today = cal.today()
    if due_on > today + dt.timedelta(days=7) or due_on not in review_due_dates(
        ka.tracking_frequency, ka.review_day, ka.valid_from, due_on, due_on
    ):
        raise DomainError(
            _("Pick one of the key activity's review dates (not more than a week ahead)."),
            field="due_on",
        )
    for index, spec in enumerate(follow_ups):
        _check_follow_up(actor, spec, index)
    window = period_bounds(ka.period, min(due_on, today))
    [progress] = progress_compute(
        key_activities=[ka],
        owner_ids=scope.owner_ids,
        windows={ka.pk: window},
        calendar=cal.calendar,
        tz=cal.tz,
        today=today,
    )
    try:
        with transaction.atomic():
            review = Review.objects.create(
                organization_id=scope.organization_id,
                key_activity=ka,
                due_on=due_on,
                held_by=actor,
                notes=notes.strip(),
                decisions=decisions.strip(),
                snapshot=progress_data(window, [progress]),
            )
    except IntegrityError as exc:
        raise DomainError(_("You already held this review."), field="due_on") from exc
    FollowUp.objects.bulk_create(
        [
            FollowUp(review=review, text=s.text.strip()[:500], owner_id=s.owner_id, due_on=s.due_on)
            for s in follow_ups
        ]
    )
    if log_team_meeting:
        type_id = _type_id(scope.organization_id, "team_meeting")
        if type_id is not None:
            meeting = activity_create(
                actor=actor,
                type_id=type_id,
                owner_id=actor.pk,
                occurred_at=timezone.now(),
                participant_ids=[o.user_id for o in progress.owners if o.user_id != actor.pk],
                subject=(_("Review: %(name)s") % {"name": ka.name})[:200],
                notes=notes.strip()[:10000],
            )
            review.activities.add(meeting)
    return review


def _review_for(actor: User, review_id: int) -> Review:
    return review_get(user=actor, review_id=review_id)


@transaction.atomic
def follow_up_add(
    *, actor: User, review_id: int, text: str, owner_id: int, due_on: dt.date
) -> FollowUp:
    """Add a follow-up action to a review the actor may see."""
    _require_supervisor(actor)
    review = _review_for(actor, review_id)
    spec = FollowUpSpec(text, owner_id, due_on)
    _check_follow_up(actor, spec, 0)
    return FollowUp.objects.create(
        review=review, text=text.strip()[:500], owner_id=owner_id, due_on=due_on
    )


@transaction.atomic
def follow_up_done(*, actor: User, follow_up_id: int) -> FollowUp:
    """Mark a follow-up done: its owner, or a supervisor who may see its review."""
    follow_up = FollowUp.objects.select_related("review").filter(pk=follow_up_id).first()
    scope = scope_for(actor)
    if follow_up is None or follow_up.review.organization_id != scope.organization_id:
        raise NotFound(_("No such follow-up."), field="follow_up_id")
    if follow_up.owner_id != actor.pk:
        if scope.role not in SUPERVISORS:
            raise NotFound(_("No such follow-up."), field="follow_up_id")
        _review_for(actor, follow_up.review_id)
    if follow_up.done_at is None:
        follow_up.done_at = timezone.now()
        follow_up.save(update_fields=["done_at"])
    return follow_up


# --- coaching ------------------------------------------------------------------------------------


@transaction.atomic
def coaching_note_create(
    *,
    actor: User,
    person_id: int,
    text: str,
    next_actions: str = "",
    key_activity_id: int | None = None,
    activity_id: int | None = None,
    review_id: int | None = None,
    log_coaching: bool = False,
) -> CoachingNote:
    """Coach a person of the actor's team on a key activity (or comment on one of their
    activities) with agreed next actions; with ``log_coaching`` the coaching (辅导) is logged as
    the person's activity with the actor taking part."""
    _require_supervisor(actor)
    scope = scope_for(actor)
    if person_id == actor.pk or not scope.covers_owner(person_id):
        raise DomainError(_("Coach someone in your team."), field="person_id")
    if not User.objects.filter(
        pk=person_id, membership__organization_id=scope.organization_id
    ).exists():
        raise DomainError(_("No such user."), field="person_id")
    if not text.strip():
        raise DomainError(_("Write the coaching note."), field="text")
    ka: KeyActivity | None = None
    if key_activity_id is not None:
        ka = key_activity_get(user=actor, key_activity_id=key_activity_id)
    if activity_id is not None:
        activity = activity_get(user=actor, activity_id=activity_id)
        if activity.owner_id != person_id:
            raise DomainError(_("The activity belongs to someone else."), field="activity_id")
    review = _review_for(actor, review_id) if review_id is not None else None
    note = CoachingNote.objects.create(
        organization_id=scope.organization_id,
        person_id=person_id,
        author=actor,
        key_activity=ka,
        activity_id=activity_id,
        review=review,
        text=text.strip(),
        next_actions=next_actions.strip(),
    )
    if log_coaching:
        type_id = _type_id(scope.organization_id, "coaching")
        if type_id is not None:
            note.coaching_activity = activity_create(
                actor=actor,
                type_id=type_id,
                owner_id=person_id,
                occurred_at=timezone.now(),
                participant_ids=[actor.pk],
                subject=(ka.name if ka else _("Coaching"))[:200],
                notes=note.next_actions[:10000],
            )
            note.save(update_fields=["coaching_activity"])
            if review is not None:
                review.activities.add(note.coaching_activity)
    return note


def _note_of_person(actor: User, note_id: int) -> CoachingNote:
    note = CoachingNote.objects.filter(pk=note_id, person=actor).first()
    if note is None:
        raise NotFound(_("No such coaching note."), field="note_id")
    return note


@transaction.atomic
def coaching_acknowledge(*, actor: User, note_id: int) -> CoachingNote:
    """The coached person confirms they read the note and agree to the next actions."""
    note = _note_of_person(actor, note_id)
    if note.acknowledged_at is None:
        note.acknowledged_at = timezone.now()
        note.save(update_fields=["acknowledged_at"])
    return note


@transaction.atomic
def coaching_done(*, actor: User, note_id: int) -> CoachingNote:
    """The coached person (or the author) marks the agreed next actions done."""
    note = CoachingNote.objects.filter(pk=note_id).first()
    if note is None or actor.pk not in (note.person_id, note.author_id):
        raise NotFound(_("No such coaching note."), field="note_id")
    now = timezone.now()
    note.acknowledged_at = note.acknowledged_at or (now if actor.pk == note.person_id else None)
    note.done_at = note.done_at or now
    note.save(update_fields=["acknowledged_at", "done_at"])
    return note
