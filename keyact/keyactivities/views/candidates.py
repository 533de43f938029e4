"""Candidate pages: the four lenses, new, suggested, inspired, decided, compared."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from keyact.core.errors import DomainError, NotFound, PermissionDenied
from keyact.core.htmx import is_htmx, with_toast
from keyact.core.params import id_list
from keyact.core.templatetags.keyact_forms import reader_is_chinese
from keyact.keyactivities.catalog import INSPIRATIONS, LENS_EXPLANATIONS
from keyact.keyactivities.forms import (
    CandidateForm,
    DecisionForm,
)
from keyact.keyactivities.models import Candidate, Lens
from keyact.keyactivities.selectors import (
    candidate_comparison,
    candidate_get,
    candidate_list,
    live_key_activities_by_candidate,
)
from keyact.keyactivities.services import (
    candidate_create,
    candidate_decide,
    candidate_from_inspiration,
    candidates_suggest_key_steps,
)
from keyact.keyactivities.views._common import _lang, _require_designer
from keyact.orgs.access import acting_user, member_view
from keyact.users.models import User


@member_view
def candidates(request: HttpRequest) -> HttpResponse:
    """The four lenses with their candidates, suggestions from key steps and inspirations."""
    user = acting_user(request)
    _require_designer(user)
    return _render_candidates(request, user)


def _render_candidates(
    request: HttpRequest,
    user: User,
    *,
    form: CandidateForm | None = None,
    error: str = "",
    status: int = 200,
) -> HttpResponse:
    rows = list(candidate_list(user=user))
    selected = [c for c in rows if c.status == Candidate.Status.SELECTED]
    defined = live_key_activities_by_candidate(user=user, candidate_ids=[c.pk for c in selected])
    for candidate in selected:
        candidate.defined_as = defined.get(candidate.pk)  # type: ignore[attr-defined]
    lens_open = request.GET.get("lens") or (form["lens"].value() if form else "") or "key_steps"
    lenses = [
        {
            "code": code,
            "label": label,
            "explanation": LENS_EXPLANATIONS[code].pick(_lang()),
            "candidates": [c for c in rows if c.lens == code],
            "form": form
            if form is not None and form["lens"].value() == code
            else CandidateForm(user=user, initial={"lens": code}, auto_id=f"{code}_%s"),
        }
        for code, label in Lens.choices
    ]
    return render(
        request,
        "keyactivities/candidates.html",
        {
            "lenses": lenses,
            "lens_open": lens_open,
            "selected": selected,
            "inspirations": [
                {
                    "code": i.code,
                    "title": i.title.pick(_lang()),
                    "rationale": i.rationale.pick(_lang()),
                }
                for i in INSPIRATIONS
            ],
            "error": error,
        },
        status=status,
    )


@require_POST
@member_view
def candidate_new(request: HttpRequest) -> HttpResponse:
    """Record a candidate under one lens."""
    user = acting_user(request)
    form = CandidateForm(request.POST, user=user)
    if form.is_valid():
        try:
            candidate = candidate_create(actor=user, **form.cleaned_data)
        except DomainError as exc:
            if exc.status_code in (403, 404):
                raise
            field = _shown_field(form, exc.field or "")
            form.add_error(field, exc.message)
            return _render_candidates(
                request,
                user,
                form=form,
                error="" if field else exc.message,
                status=400,
            )
        messages.success(request, _("Candidate added: %(title)s") % {"title": candidate.title})
        return redirect(f"{reverse('keyactivities:candidates')}?lens={candidate.lens}")
    return _render_candidates(
        request, user, form=form, error=_("Check the highlighted fields."), status=400
    )


def _shown_field(form: CandidateForm, field: str) -> str | None:
    """The form field a service's refusal belongs to: a missing title lands on the one the
    reader's language shows first. None when the form has no such field."""
    if field == "title_en" and reader_is_chinese():
        return "title_zh"
    return field if field in form.fields else None


@require_POST
@member_view
def candidate_suggest(request: HttpRequest) -> HttpResponse:
    """Suggest candidates from the critical steps of the processes in use."""
    added = candidates_suggest_key_steps(actor=acting_user(request))
    if added:
        messages.success(
            request, _("%(n)d candidates suggested from key steps.") % {"n": len(added)}
        )
    else:
        messages.info(
            request,
            _(
                "Nothing new to suggest: every critical step of the processes you use is "
                "already a candidate (mark the processes you use in the playbook)."
            ),
        )
    return redirect(f"{reverse('keyactivities:candidates')}?lens=key_steps")


@require_POST
@member_view
def candidate_inspire(request: HttpRequest) -> HttpResponse:
    """Start an innovation candidate from an inspiration of the article."""
    user = acting_user(request)
    try:
        candidate_from_inspiration(actor=user, code=request.POST.get("code", ""), language=_lang())
    except (NotFound, PermissionDenied):
        raise  # member_view answers 404 / 403
    except DomainError as exc:  # an unknown inspiration (an edited form): say so, no 500
        messages.error(request, exc.message)
    else:
        messages.success(
            request, _("Inspiration added as a candidate: adjust it to your customers.")
        )
    return redirect(f"{reverse('keyactivities:candidates')}?lens=innovation")


@require_POST
@member_view
def candidate_decide_view(request: HttpRequest, candidate_id: int) -> HttpResponse:
    """Select a candidate or leave it unselected with the reason. With htmx only the card (and
    the list of selected candidates) is swapped; a refusal shows on the card."""
    user = acting_user(request)
    form = DecisionForm(request.POST)
    error = ""
    candidate: Candidate | None = None
    if not form.is_valid():
        error = _("Choose a decision.")
    else:
        try:
            candidate = candidate_decide(actor=user, candidate_id=candidate_id, **form.cleaned_data)
        except DomainError as exc:
            if exc.status_code in (403, 404):
                raise
            error = exc.message
    if is_htmx(request):
        context = {
            "c": candidate or candidate_get(user=user, candidate_id=candidate_id),
            "card_error": error,
            "selected": list(candidate_list(user=user, status=Candidate.Status.SELECTED)),
            "oob": True,
        }
        card = render_to_string("keyactivities/candidates.html#candidate_card", context, request)
        selected = render_to_string("keyactivities/candidates.html#selected_list", context, request)
        response = HttpResponse(card + selected)
        return with_toast(response, _decision_message(candidate)) if candidate else response
    if candidate is None:
        return _render_candidates(request, user, error=error, status=400)
    messages.success(request, _decision_message(candidate))
    return redirect(f"{reverse('keyactivities:candidates')}?lens={candidate.lens}")


def _decision_message(candidate: Candidate) -> str:
    if candidate.status == Candidate.Status.SELECTED:
        return _("Selected: %(title)s") % {"title": candidate.title}
    return _("Not selected, reason kept: %(title)s") % {"title": candidate.title}


@member_view
def candidate_compare(request: HttpRequest) -> HttpResponse:
    """Candidates side by side, largest estimated impact first."""
    user = acting_user(request)
    _require_designer(user)
    ids = id_list(request.GET.getlist("ids"), name="ids", limit=50)
    return render(
        request,
        "keyactivities/compare.html",
        {"rows": candidate_comparison(user=user, candidate_ids=ids)},
    )
