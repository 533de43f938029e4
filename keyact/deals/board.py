"""The pipeline board: opportunities in columns by stage, moved by drag or by a stage select."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from keyact.core.errors import DomainError
from keyact.core.htmx import is_htmx, with_toast
from keyact.deals.forms import BoardFilterForm, MoveStageForm
from keyact.deals.selectors import opportunity_board, opportunity_get
from keyact.deals.services import opportunity_move_stage
from keyact.orgs.access import acting_user, member_view
from keyact.orgs.selectors import scope_for
from keyact.users.models import User


def _board_context(
    user: User, form: BoardFilterForm, moved_id: int | None = None
) -> dict[str, Any]:
    filters = form.filters()
    columns = opportunity_board(user=user, **filters)
    scope = scope_for(user)
    locked = {
        card.pk
        for column in columns
        for card in column.cards
        if not scope.covers_owner(card.owner_id)
    }
    return {
        "form": form,
        "columns": columns,
        "stages": [column.stage for column in columns],
        "locked": locked,
        "filtered": any(v not in (None, "") for v in filters.values()),
        "moved_id": moved_id,
    }


@member_view
def opportunity_board_view(request: HttpRequest) -> HttpResponse:
    """The pipeline board of the opportunities in the user's scope."""
    user = acting_user(request)
    form = BoardFilterForm(request.GET or None, user=user)
    return render(request, "deals/opportunity_board.html", _board_context(user, form))


@require_POST
@member_view
def opportunity_board_move(request: HttpRequest, opportunity_id: int) -> HttpResponse:
    """Move a card to another stage through the deals service (stage rules and history); htmx
    gets the board back with a toast, a plain form post the board page again."""
    user = acting_user(request)
    opportunity_get(user=user, opportunity_id=opportunity_id)  # outside the scope: 404
    filters = BoardFilterForm(request.POST, user=user)
    move = MoveStageForm(request.POST, user=user)
    message, kind = _("Choose a stage."), "danger"
    if move.is_valid():
        try:
            moved = opportunity_move_stage(
                actor=user,
                opportunity_id=opportunity_id,
                stage_id=move.cleaned_data["stage_id"],
                expected_version=move.cleaned_data["expected_version"],
            )
        except DomainError as exc:
            message = exc.message
        else:
            message = _("“%(name)s” moved to “%(stage)s”.") % {
                "name": moved.name,
                "stage": moved.stage.name,
            }
            kind = "success"
    if is_htmx(request):
        response = render(
            request,
            "deals/opportunity_board.html#board",
            _board_context(user, filters, moved_id=opportunity_id),
        )
        return with_toast(response, message, kind)
    if kind == "success":
        messages.success(request, message)
    else:
        messages.error(request, message)
    query = {
        k: v
        for k, v in (("q", request.POST.get("q", "")), ("owner", request.POST.get("owner", "")))
        if v
    }
    url = reverse("deals:board")
    return redirect(f"{url}?{urlencode(query)}" if query else url)
