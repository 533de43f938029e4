"""Pages of reviews on the tracking frequency and of coaching."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from keyact.core.errors import DomainError, PermissionDenied
from keyact.keyactivities.periods import period_bounds
from keyact.orgs.access import acting_scope, acting_user, member_view
from keyact.orgs.selectors import user_list
from keyact.tracking.progress import progress_compute
from keyact.tracking.selectors import (
    calendar_get,
    coaching_list,
    deliveries_failed,
    follow_ups_open,
    my_tracking,
    notification_get,
    notification_list,
    published_key_activities,
    review_get,
    review_list,
    reviews_due,
    unread_count,
)
from keyact.tracking.services import (
    FollowUpSpec,
    coaching_acknowledge,
    coaching_done,
    coaching_note_create,
    follow_up_done,
    review_hold,
)
from keyact.tracking.services.reminders import delivery_retry, notification_read

FOLLOW_UP_ROWS = 3


@member_view
def reviews_view(request: HttpRequest) -> HttpResponse:
    """Which reviews are due, and the reviews held so far."""
    user = acting_user(request)
    if acting_scope(request).role not in ("manager", "department_head", "admin"):
        raise PermissionDenied(_("Reviews and coaching are for managers and above."))
    return render(
        request,
        "tracking/reviews.html",
        {"due": reviews_due(user=user), "reviews": review_list(user=user)[:50], "section": "board"},
    )


def _parse_date(value: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        return None


@member_view
def review_hold_view(request: HttpRequest, key_activity_id: int) -> HttpResponse:
    """Hold a review: the numbers now, follow-ups carried from earlier reviews, notes,
    decisions and new follow-ups. A refused form keeps everything typed."""
    user = acting_user(request)
    scope = acting_scope(request)
    due_on = _parse_date(request.GET.get("due", "") or request.POST.get("due_on", ""))
    ka = (
        published_key_activities(organization_id=scope.organization_id)
        .filter(pk=key_activity_id)
        .first()
    )
    if ka is None or due_on is None:
        messages.error(request, _("Pick a review from the list."))
        return redirect("tracking:reviews")
    if request.method == "POST":
        specs = []
        for i in range(FOLLOW_UP_ROWS):
            text = request.POST.get(f"fu_text_{i}", "").strip()
            owner = request.POST.get(f"fu_owner_{i}", "")
            when = _parse_date(request.POST.get(f"fu_due_{i}", ""))
            if text and owner.isdigit() and when:
                specs.append(FollowUpSpec(text, int(owner), when))
            elif text:
                messages.error(request, _("Give each follow-up an owner and a date."))
                break
        else:
            try:
                review = review_hold(
                    actor=user,
                    key_activity_id=ka.pk,
                    due_on=due_on,
                    notes=request.POST.get("notes", ""),
                    decisions=request.POST.get("decisions", ""),
                    follow_ups=specs,
                    log_team_meeting=request.POST.get("log_team_meeting") == "on",
                )
            except DomainError as exc:
                messages.error(request, exc.message)
            else:
                messages.success(request, _("Review saved."))
                return redirect("tracking:review", review_id=review.pk)
    cal = calendar_get(organization_id=scope.organization_id)
    today = cal.today()
    window = period_bounds(ka.period, min(due_on, today))
    [progress] = progress_compute(
        key_activities=[ka],
        owner_ids=scope.owner_ids,
        windows={ka.pk: window},
        calendar=cal.calendar,
        tz=cal.tz,
        today=today,
    )
    return render(
        request,
        "tracking/review_hold.html",
        {
            "ka": ka,
            "due_on": due_on,
            "progress": progress,
            "carried": follow_ups_open(user=user, key_activity_id=ka.pk, before=due_on),
            "people": user_list(user=user),
            "rows": range(FOLLOW_UP_ROWS),
            "form": request.POST,
            "section": "board",
        },
    )


@member_view
def review_view(request: HttpRequest, review_id: int) -> HttpResponse:
    """One review: its snapshot, notes, decisions, follow-ups and linked activities."""
    review = review_get(user=acting_user(request), review_id=review_id)
    return render(
        request,
        "tracking/review.html",
        {"review": review, "snapshot": review.snapshot, "section": "board"},
    )


@require_POST
@member_view
def follow_up_done_view(request: HttpRequest, follow_up_id: int) -> HttpResponse:
    """Mark a follow-up done and go back where the button was."""
    try:
        follow_up_done(actor=acting_user(request), follow_up_id=follow_up_id)
        messages.success(request, _("Follow-up done."))
    except DomainError as exc:
        messages.error(request, exc.message)
    return redirect(_back(request, "tracking:coaching"))


def _back(request: HttpRequest, default: str) -> str:
    target = request.POST.get("next", "")
    return target if target.startswith("/") and not target.startswith("//") else default


@member_view
def coaching_view(request: HttpRequest) -> HttpResponse:
    """Coaching notes: received (to acknowledge) and, for supervisors, given."""
    user = acting_user(request)
    notes = list(coaching_list(user=user)[:100])
    return render(
        request,
        "tracking/coaching.html",
        {
            "received": [n for n in notes if n.person_id == user.pk],
            "given": [n for n in notes if n.person_id != user.pk],
            "section": "coaching",
        },
    )


@require_POST
@member_view
def coaching_create_view(request: HttpRequest) -> HttpResponse:
    """Write a coaching note (from a board cell or an activity)."""
    user = acting_user(request)
    person = request.POST.get("person_id", "")
    ka = request.POST.get("key_activity_id", "")
    activity = request.POST.get("activity_id", "")
    try:
        coaching_note_create(
            actor=user,
            person_id=int(person) if person.isdigit() else 0,
            key_activity_id=int(ka) if ka.isdigit() else None,
            activity_id=int(activity) if activity.isdigit() else None,
            text=request.POST.get("text", ""),
            next_actions=request.POST.get("next_actions", ""),
            log_coaching=request.POST.get("log_coaching") == "on",
        )
        messages.success(request, _("Coaching note saved; the person sees it on My day."))
    except DomainError as exc:
        messages.error(request, exc.message)
    return redirect(_back(request, "tracking:coaching"))


@require_POST
@member_view
def coaching_answer_view(request: HttpRequest, note_id: int, action: str) -> HttpResponse:
    """The coached person acknowledges a note or marks its actions done."""
    user = acting_user(request)
    try:
        if action == "acknowledge":
            coaching_acknowledge(actor=user, note_id=note_id)
        else:
            coaching_done(actor=user, note_id=note_id)
    except DomainError as exc:
        messages.error(request, exc.message)
    return redirect(_back(request, "tracking:coaching"))


@member_view
def notifications_view(request: HttpRequest) -> HttpResponse:
    """The member's reminders, newest first; opening one marks it read."""
    user = acting_user(request)
    return render(
        request,
        "tracking/notifications.html",
        {"notifications": notification_list(user=user)[:100], "section": "notifications"},
    )


@require_POST
@member_view
def notification_open_view(request: HttpRequest, notification_id: int) -> HttpResponse:
    """Mark a notification read and go where it points (or mark all read)."""
    user = acting_user(request)
    if notification_id == 0:
        notification_read(actor=user)
        return redirect("tracking:notifications")
    notification = notification_get(user=user, notification_id=notification_id)
    notification_read(actor=user, notification_id=notification.pk)
    url = notification.url
    return redirect(
        url if url.startswith("/") and not url.startswith("//") else "tracking:notifications"
    )


@member_view
def deliveries_failed_view(request: HttpRequest) -> HttpResponse:
    """Administrators: messages that could not be delivered after every retry."""
    user = acting_user(request)
    if not acting_scope(request).is_admin:
        raise PermissionDenied(_("Only an administrator sees failed deliveries."))
    if request.method == "POST":
        try:
            delivery_retry(actor=user, delivery_id=int(request.POST.get("delivery_id", "0") or 0))
            messages.success(request, _("Queued again; the worker sends it within minutes."))
        except DomainError as exc:
            messages.error(request, exc.message)
        return redirect("tracking:deliveries_failed")
    return render(
        request,
        "tracking/deliveries_failed.html",
        {"deliveries": deliveries_failed(user=user)[:200], "section": "orgs"},
    )


@member_view
def bell_view(request: HttpRequest) -> HttpResponse:
    """The bell's content: its icon and the unread count (loaded after the page, so pages pay
    no query for it)."""
    count = unread_count(user=acting_user(request))
    return render(request, "tracking/_bell.html", {"count": count})


@member_view
def mine_view(request: HttpRequest) -> HttpResponse:
    """A person's own tracking: progress, coaching to acknowledge, follow-ups (the part My day
    composes)."""
    return render(
        request,
        "tracking/mine.html",
        {"mine": my_tracking(user=acting_user(request)), "section": "tracking"},
    )
