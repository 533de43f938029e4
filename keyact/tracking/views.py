"""Pages of tracking: the quality of one activity against the key activities it counts toward."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from keyact.activities.selectors import activity_get
from keyact.core.errors import DomainError, PermissionDenied
from keyact.core.params import parse_id, parse_int
from keyact.orgs.access import acting_scope, acting_user, member_view
from keyact.tracking.board import cell_activities, fresh_month, team_board
from keyact.tracking.focus import focus_figures
from keyact.tracking.scorecards import month_label, scorecard_get, scorecard_xlsx
from keyact.tracking.scoring import scoring_queue
from keyact.tracking.selectors import activity_quality, calendar_get
from keyact.tracking.services import (
    checklist_ticks_set,
    customer_location_from_checkin,
    rubric_score_set,
)
from keyact.tracking.templatetags.tracking_tags import status_label


def _int_list(values: list[str]) -> list[int]:
    return [int(v) for v in values if v.isdigit()]


@member_view
def activity_quality_view(request: HttpRequest, activity_id: int) -> HttpResponse:
    """Whether an activity meets the quality standard of each key activity it counts toward,
    why not, and where to fix it: checklist ticks, rubric scores, the customer's location."""
    user = acting_user(request)
    activity = activity_get(user=user, activity_id=activity_id)
    rows = activity_quality(user=user, activity=activity)
    return render(
        request,
        "tracking/activity_quality.html",
        {
            "activity": activity,
            "rows": rows,
            "can_take_location": activity.customer_id is not None
            and activity.checkin_latitude is not None
            and any(r.can_tick for r in rows),
        },
    )


@require_POST
@member_view
def activity_quality_post(request: HttpRequest, activity_id: int, action: str) -> HttpResponse:
    """Record checklist ticks, a rubric score or the customer's location from the check-in."""
    user = acting_user(request)
    activity = activity_get(user=user, activity_id=activity_id)
    key_activity_id = int(request.POST.get("key_activity_id", "0") or 0)
    try:
        if action == "checklist":
            checklist_ticks_set(
                actor=user,
                activity_id=activity.pk,
                key_activity_id=key_activity_id,
                step_ids=_int_list(request.POST.getlist("step")),
            )
            messages.success(request, _("Checklist saved."))
        elif action == "rubric":
            count = int(request.POST.get("criteria", "0") or 0)
            scores = [request.POST.get(f"score_{i}", "") for i in range(count)]
            if not all(s.isdigit() for s in scores):
                raise DomainError(_("Give one score per criterion."), field="scores")
            rubric_score_set(
                actor=user,
                activity_id=activity.pk,
                key_activity_id=key_activity_id,
                scores=[int(s) for s in scores],
                comment=request.POST.get("comment", ""),
            )
            messages.success(request, _("Score saved."))
        elif action == "location":
            customer_location_from_checkin(actor=user, activity_id=activity.pk)
            messages.success(request, _("The customer's location is now this check-in."))
    except DomainError as exc:
        messages.error(request, exc.message)
    return redirect("tracking:activity_quality", activity_id=activity.pk)


def _period_param(request: HttpRequest) -> str | None:
    period = request.GET.get("period", "").strip()
    return period or None


# People shown on the board before "Show everyone" (a director's 500 rows are 2.4 MiB of HTML).
BOARD_PEOPLE = 50


@member_view
def board_view(request: HttpRequest) -> HttpResponse:
    """The team board: people x key activities this month, sorted by how far behind they are.
    In the first working days of a month it opens on the month before, and says so."""
    user = acting_user(request)
    period = _period_param(request)
    fresh = fresh_month(organization_id=acting_scope(request).organization_id)
    showing_previous = period is None and fresh is not None
    if fresh is not None and period is None:
        period = fresh.previous
    try:
        board = team_board(user=user, period=period)
    except PermissionDenied:
        raise
    except DomainError as exc:  # a malformed period: show the current month and say so
        messages.error(request, exc.message)
        board = team_board(user=user)
    cal = calendar_get(organization_id=acting_scope(request).organization_id)
    figures = focus_figures(
        organization_id=acting_scope(request).organization_id,
        owner_ids=acting_scope(request).owner_ids,
        window=board.window,
        tz=cal.tz,
    )
    chart = {
        "labels": list(board.trend_labels),
        "series": [
            {"name": ka.name, "data": [None if v is None else round(v * 100) for v in values]}
            for ka, values in board.trend
        ],
        "title": _("Share of the team's target reached, by month"),
    }
    # Most behind first: the first people are the ones to act on; everyone on request.
    shown = board.rows if request.GET.get("people") == "all" else board.rows[:BOARD_PEOPLE]
    previous = (board.window[0] - dt.timedelta(days=1)).strftime("%Y-%m")
    following = (board.window[1] + dt.timedelta(days=1)).strftime("%Y-%m")
    return render(
        request,
        "tracking/board.html",
        {
            "board": board,
            "table": [
                {"row": row, "cells": list(zip(board.key_activities, row.cells, strict=True))}
                for row in shown
            ],
            "people_total": len(board.rows),
            "people_hidden": len(board.rows) - len(shown),
            "figures": figures,
            "chart": chart,
            "period": board.window[0].strftime("%Y-%m"),
            "previous": previous,
            "following": following if board.window[1] < board.today else "",
            "fresh": fresh,
            "showing_previous": showing_previous,
            "current": board.today.strftime("%Y-%m"),
            "section": "board",
            # The board is also the home page of supervisors: highlight it, not My day.
            "nav_section": "tracking",
        },
    )


@member_view
def board_cell_view(request: HttpRequest, key_activity_id: int, owner_id: int) -> HttpResponse:
    """The activities behind one number of the board, each with its quality verdict."""
    user = acting_user(request)
    ka, owner, window, rows = cell_activities(
        user=user, key_activity_id=key_activity_id, owner_id=owner_id, period=_period_param(request)
    )
    return render(
        request,
        "tracking/board_cell.html",
        {
            "key_activity": ka,
            "owner": owner,
            "window": window,
            "rows": rows,
            "can_coach": owner.pk != user.pk
            and acting_scope(request).role in ("manager", "department_head", "admin"),
            "section": "board",
        },
    )


@member_view
def scorecard_view(request: HttpRequest, person_id: int) -> HttpResponse:
    """A person's scorecard for a month, ready to print."""
    card = scorecard_get(
        user=acting_user(request), person_id=person_id, period=_period_param(request)
    )
    return render(
        request,
        "tracking/scorecard.html",
        {"card": card, "period": month_label(card.window), "section": "board"},
    )


@member_view
def scorecard_xlsx_view(request: HttpRequest, person_id: int) -> HttpResponse:
    """A person's scorecard for a month as an XLSX workbook."""
    card = scorecard_get(
        user=acting_user(request), person_id=person_id, period=_period_param(request)
    )
    labels = {s: status_label(s) for s in ("achieved", "on_track", "at_risk", "off_track", None)}
    response = HttpResponse(
        scorecard_xlsx(card, labels),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    name = f"scorecard-{card.person.username}-{month_label(card.window)}.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@member_view
def scoring_view(request: HttpRequest) -> HttpResponse:
    """Activities of colleagues (as a peer on the same key activity) or of one's people (as a
    manager) waiting for one's rubric score, each with the criteria to score on the spot."""
    user = acting_user(request)
    if request.method == "POST":
        activity_id = parse_id(request.POST.get("activity_id"), name="activity_id")
        key_activity_id = parse_id(request.POST.get("key_activity_id"), name="key_activity_id")
        count = parse_int(request.POST.get("criteria"), name="criteria", maximum=50)
        scores = [request.POST.get(f"score_{i}", "") for i in range(count)]
        try:
            if not all(s.isdigit() for s in scores):
                raise DomainError(_("Give one score per criterion."), field="scores")
            rubric_score_set(
                actor=user,
                activity_id=activity_id,
                key_activity_id=key_activity_id,
                scores=[int(s) for s in scores],
                comment=request.POST.get("comment", ""),
            )
            messages.success(request, _("Score saved."))
        except DomainError as exc:
            messages.error(request, exc.message)
        return redirect("tracking:scoring")
    return render(
        request, "tracking/scoring.html", {"rows": scoring_queue(user=user), "section": "tracking"}
    )
