"""A member's API tokens: list, create (the raw value shown once) and revoke."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from keyact.core.errors import DomainError
from keyact.orgs.access import acting_user, member_view
from keyact.users.forms import TokenCreateForm
from keyact.users.services import token_create, token_revoke


@member_view
def token_list(request: HttpRequest) -> HttpResponse:
    """The user's API tokens; creating one shows its raw value exactly once."""
    user = acting_user(request)
    raw: str | None = None
    form = TokenCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            _token, raw = token_create(user=user, name=form.cleaned_data["name"])
        except DomainError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            form = TokenCreateForm()
    tokens = user.api_tokens.order_by("-created_at", "-id")
    return render(request, "orgs/tokens.html", {"form": form, "tokens": tokens, "raw_token": raw})


@require_POST
@member_view
def token_revoke_view(request: HttpRequest, token_id: int) -> HttpResponse:
    """Revoke one of the user's tokens."""
    token = token_revoke(user=acting_user(request), token_id=token_id)
    messages.success(request, _("Token “%(name)s” revoked.") % {"name": token.name})
    return redirect("tokens")
