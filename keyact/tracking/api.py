"""API of tracking: progress of a key activity (under /api/v1/key-activities), reviews,
coaching and notifications."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Path, Query, Router, Status

from keyact.core.api_errors import ErrorOut
from keyact.core.api_fields import ParamId
from keyact.core.pagination import Page, PageParams, paginate
from keyact.tracking.models import CoachingNote, FollowUp, Notification, Review
from keyact.tracking.presenters import owner_progress_data, progress_data
from keyact.tracking.schemas import (
    CoachingIn,
    CoachingOut,
    CoachingQuery,
    FollowUpIn,
    FollowUpOut,
    MineOut,
    NotificationOut,
    NotificationQuery,
    ProgressOut,
    ProgressQuery,
    ReadOut,
    ReviewDueOut,
    ReviewIn,
    ReviewOut,
    ReviewQuery,
)
from keyact.tracking.selectors import (
    coaching_get,
    coaching_list,
    notification_get,
    notification_list,
    progress_for_owner,
    progress_of_key_activity,
    review_get,
    review_list,
    reviews_due,
)
from keyact.tracking.services import (
    FollowUpSpec,
    coaching_acknowledge,
    coaching_done,
    coaching_note_create,
    follow_up_add,
    follow_up_done,
    review_hold,
)
from keyact.tracking.services.reminders import notification_read
from keyact.users.api_auth import actor

ERRORS: dict[frozenset[int], type[ErrorOut]] = {frozenset({400, 401, 403, 404, 422}): ErrorOut}

progress_router = Router(tags=["progress"])


@progress_router.get(
    "/mine",
    response={200: list[MineOut], **ERRORS},
    summary="Key activities I own",
    tags=["key activities"],
)
def key_activities_mine(request: HttpRequest) -> list[dict[str, Any]]:
    """The published key activities the caller owns, each over its own current period, with
    target, actual, qualified, expected by today and pacing status from the progress engine
    (the figures of My day and the team board)."""
    result = []
    for p in progress_for_owner(user=actor(request)):
        for o in p.owners:
            result.append(
                {
                    "id": p.key_activity.pk,
                    "name": p.key_activity.name,
                    "is_lead": o.is_lead,
                    "guide": [g.text for g in p.key_activity.guide_steps.all()],
                    "period_start": p.start,
                    "period_end": p.end,
                    **{k: v for k, v in owner_progress_data(o).items() if k not in _WHO},
                }
            )
    return result


_WHO = {"user_id", "username", "name"}


@progress_router.get(
    "/{key_activity_id}/progress",
    response={200: ProgressOut, **ERRORS},
    summary="Progress of a key activity",
)
def key_activity_progress(
    request: HttpRequest, key_activity_id: Path[ParamId], query: Query[ProgressQuery]
) -> dict[str, Any]:
    """Each owner's target, actual, qualified, expected by today and pacing status over a month
    (the current one by default); only the owners inside the caller's scope."""
    result = progress_of_key_activity(
        user=actor(request), key_activity_id=key_activity_id, period=query.period
    )
    return progress_data((result.start, result.end), [result])


# --- reviews -------------------------------------------------------------------------------------

WRITE_ERRORS: dict[frozenset[int], type[ErrorOut]] = {
    frozenset({400, 401, 403, 404, 409, 422}): ErrorOut
}
reviews_router = Router(tags=["reviews"])


def review_out(review: Review) -> dict[str, Any]:
    """The API shape of a review (follow-ups and activities prefetched)."""
    return {
        "id": review.pk,
        "key_activity_id": review.key_activity_id,
        "due_on": review.due_on,
        "held_at": review.held_at,
        "held_by_id": review.held_by_id,
        "notes": review.notes,
        "decisions": review.decisions,
        "snapshot": review.snapshot,
        "follow_ups": [follow_up_out(f) for f in review.follow_ups.all()],
        "activity_ids": sorted(a.pk for a in review.activities.all()),
    }


def follow_up_out(follow_up: FollowUp) -> dict[str, Any]:
    """The API shape of a follow-up."""
    return {
        "id": follow_up.pk,
        "text": follow_up.text,
        "owner_id": follow_up.owner_id,
        "due_on": follow_up.due_on,
        "done_at": follow_up.done_at,
    }


@reviews_router.get("", response={200: Page[ReviewOut], **ERRORS}, summary="Reviews")
def reviews_list(
    request: HttpRequest, filters: Query[ReviewQuery], page: Query[PageParams]
) -> dict[str, Any]:
    """Reviews the caller may see (supervisors: of their people's key activities), newest
    first; empty for reps and supporters."""
    qs = review_list(user=actor(request), key_activity_id=filters.key_activity_id)
    return paginate(request, qs, page, prepare=lambda rows: [review_out(r) for r in rows])


@reviews_router.get("/due", response={200: list[ReviewDueOut], **ERRORS}, summary="Reviews due")
def reviews_due_list(request: HttpRequest) -> list[dict[str, Any]]:
    """For each key activity the caller supervises: its latest review date, whether the caller
    held that review, and the next date."""
    return [
        {
            "key_activity_id": r.key_activity.pk,
            "name": r.key_activity.name,
            "due_on": r.due_on,
            "held": r.held,
            "next_on": r.next_on,
        }
        for r in reviews_due(user=actor(request))
    ]


@reviews_router.post("", response={201: ReviewOut, **WRITE_ERRORS}, summary="Hold a review")
def reviews_create(request: HttpRequest, payload: ReviewIn) -> Status[Any]:
    """Hold the review of a key activity due on a date: the numbers are snapshot now."""
    user = actor(request)
    review = review_hold(
        actor=user,
        key_activity_id=payload.key_activity_id,
        due_on=payload.due_on,
        notes=payload.notes,
        decisions=payload.decisions,
        follow_ups=[FollowUpSpec(f.text, f.owner_id, f.due_on) for f in payload.follow_ups],
        log_team_meeting=payload.log_team_meeting,
    )
    return Status(201, review_out(review_get(user=user, review_id=review.pk)))


@reviews_router.get("/{review_id}", response={200: ReviewOut, **ERRORS}, summary="One review")
def reviews_get(request: HttpRequest, review_id: Path[ParamId]) -> dict[str, Any]:
    """One review the caller may see."""
    return review_out(review_get(user=actor(request), review_id=review_id))


@reviews_router.post(
    "/{review_id}/follow-ups",
    response={201: FollowUpOut, **WRITE_ERRORS},
    summary="Add a follow-up",
)
def reviews_follow_up_add(
    request: HttpRequest, review_id: Path[ParamId], payload: FollowUpIn
) -> Status[Any]:
    """Add a follow-up action (owner and date) to a review."""
    follow_up = follow_up_add(
        actor=actor(request),
        review_id=review_id,
        text=payload.text,
        owner_id=payload.owner_id,
        due_on=payload.due_on,
    )
    return Status(201, follow_up_out(follow_up))


@reviews_router.post(
    "/follow-ups/{follow_up_id}/done",
    response={200: FollowUpOut, **WRITE_ERRORS},
    summary="Mark a follow-up done",
)
def reviews_follow_up_done(request: HttpRequest, follow_up_id: Path[ParamId]) -> dict[str, Any]:
    """Its owner (or a supervisor of the review) marks a follow-up done."""
    return follow_up_out(follow_up_done(actor=actor(request), follow_up_id=follow_up_id))


# --- coaching ------------------------------------------------------------------------------------

coaching_router = Router(tags=["coaching"])


def coaching_out(note: CoachingNote) -> dict[str, Any]:
    """The API shape of a coaching note."""
    return {
        "id": note.pk,
        "person_id": note.person_id,
        "author_id": note.author_id,
        "key_activity_id": note.key_activity_id,
        "activity_id": note.activity_id,
        "review_id": note.review_id,
        "coaching_activity_id": note.coaching_activity_id,
        "text": note.text,
        "next_actions": note.next_actions,
        "created_at": note.created_at,
        "acknowledged_at": note.acknowledged_at,
        "done_at": note.done_at,
    }


@coaching_router.get("", response={200: Page[CoachingOut], **ERRORS}, summary="Coaching notes")
def coaching_notes_list(
    request: HttpRequest, filters: Query[CoachingQuery], page: Query[PageParams]
) -> dict[str, Any]:
    """Coaching notes the caller may see: their own, those they wrote, and (supervisors) those
    about their people; newest first."""
    qs = coaching_list(user=actor(request), person_id=filters.person_id)
    return paginate(request, qs, page, prepare=lambda rows: [coaching_out(n) for n in rows])


@coaching_router.post("", response={201: CoachingOut, **WRITE_ERRORS}, summary="Coach someone")
def coaching_notes_create(request: HttpRequest, payload: CoachingIn) -> Status[Any]:
    """Write a coaching note on a person of the caller's team, with agreed next actions."""
    note = coaching_note_create(actor=actor(request), **payload.model_dump())
    return Status(201, coaching_out(note))


@coaching_router.get("/{note_id}", response={200: CoachingOut, **ERRORS}, summary="One note")
def coaching_notes_get(request: HttpRequest, note_id: Path[ParamId]) -> dict[str, Any]:
    """One coaching note the caller may see."""
    return coaching_out(coaching_get(user=actor(request), note_id=note_id))


@coaching_router.post(
    "/{note_id}/acknowledge",
    response={200: CoachingOut, **WRITE_ERRORS},
    summary="Acknowledge a coaching note",
)
def coaching_notes_acknowledge(request: HttpRequest, note_id: Path[ParamId]) -> dict[str, Any]:
    """The coached person acknowledges the note and its next actions."""
    return coaching_out(coaching_acknowledge(actor=actor(request), note_id=note_id))


@coaching_router.post(
    "/{note_id}/done",
    response={200: CoachingOut, **WRITE_ERRORS},
    summary="Mark the agreed actions done",
)
def coaching_notes_done(request: HttpRequest, note_id: Path[ParamId]) -> dict[str, Any]:
    """The coached person or the author marks the agreed next actions done."""
    return coaching_out(coaching_done(actor=actor(request), note_id=note_id))


# --- notifications -------------------------------------------------------------------------------

notifications_router = Router(tags=["notifications"])


def notification_out(n: Notification) -> dict[str, Any]:
    """The API shape of a notification."""
    return {
        "id": n.pk,
        "kind": n.kind,
        "title": n.shown_title,
        "body": n.shown_body,
        "url": n.url,
        "created_at": n.created_at,
        "read_at": n.read_at,
    }


@notifications_router.get(
    "", response={200: Page[NotificationOut], **ERRORS}, summary="My notifications"
)
def notifications_list(
    request: HttpRequest, filters: Query[NotificationQuery], page: Query[PageParams]
) -> dict[str, Any]:
    """The caller's own reminders, newest first."""
    qs = notification_list(user=actor(request), unread=filters.unread)
    return paginate(request, qs, page, prepare=lambda rows: [notification_out(n) for n in rows])


@notifications_router.post(
    "/read-all", response={200: ReadOut, **WRITE_ERRORS}, summary="Mark all read"
)
def notifications_read_all(request: HttpRequest) -> dict[str, Any]:
    """Mark every unread notification of the caller read."""
    return {"marked_read": notification_read(actor=actor(request))}


@notifications_router.post(
    "/{notification_id}/read",
    response={200: NotificationOut, **WRITE_ERRORS},
    summary="Mark one read",
)
def notifications_read_one(request: HttpRequest, notification_id: Path[ParamId]) -> dict[str, Any]:
    """Mark one of the caller's notifications read (404 for anyone else's)."""
    user = actor(request)
    notification = notification_get(user=user, notification_id=notification_id)
    notification_read(actor=user, notification_id=notification.pk)
    notification.refresh_from_db()
    return notification_out(notification)
