"""Activity pages: the customer and opportunity picker, the activity list, detail and changes,
and the organisation's activity-type catalog (admins only)."""

from __future__ import annotations

import datetime as dt
import mimetypes
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from keyact.activities.forms import (
    ActivityEditForm,
    ActivityFilterForm,
    ActivityTypeCreateForm,
    ActivityTypeRenameForm,
    CompleteForm,
    ReopenForm,
)
from keyact.activities.models import Activity, ActivityChange, Outcome
from keyact.activities.selectors import (
    ActivityFilters,
    activity_get,
    activity_history,
    activity_list,
    activity_type_get,
    activity_type_list,
)
from keyact.activities.services import (
    EDITABLE_FIELDS,
    activity_attach_photo,
    activity_can_change,
    activity_cancel,
    activity_complete,
    activity_reopen,
    activity_type_create,
    activity_type_update,
    activity_update,
)
from keyact.core.errors import DomainError, PermissionDenied
from keyact.core.forms import add_domain_error
from keyact.core.redirects import next_url
from keyact.customers.selectors import customer_list
from keyact.deals.models import Opportunity
from keyact.deals.selectors import opportunity_list
from keyact.orgs.access import acting_user, admin_view, member_view
from keyact.users.models import User

PICKER_LIMIT = 8


@member_view
def picker(request: HttpRequest) -> HttpResponse:
    """Customers and open opportunities in the user's scope matching ``q`` (for the picker).

    Without a query it offers the customers the user worked with most recently.
    """
    user = acting_user(request)
    query = request.GET.get("q", "").strip()[:100]
    if query:
        customers = list(customer_list(user=user, search=query)[:PICKER_LIMIT])
    else:
        recent_ids = list(
            dict.fromkeys(
                activity_list(user=user, filters=ActivityFilters(owner_id=user.pk))
                .filter(customer_id__isnull=False)
                .values_list("customer_id", flat=True)[: PICKER_LIMIT * 5]
            )
        )[:PICKER_LIMIT]
        by_id = {c.pk: c for c in customer_list(user=user).filter(pk__in=recent_ids)}
        customers = [by_id[pk] for pk in recent_ids if pk in by_id]
        if not customers:
            customers = list(customer_list(user=user)[:PICKER_LIMIT])
    opportunities = list(
        opportunity_list(user=user, search=query, status=Opportunity.Status.OPEN)[:PICKER_LIMIT]
    )
    return render(
        request,
        "activities/picker_results.html",
        {"customers": customers, "opportunities": opportunities, "query": query},
    )


@member_view
def activity_list_view(request: HttpRequest) -> HttpResponse:
    """All activities in the user's scope, filtered, 50 per page."""
    user = acting_user(request)
    form = ActivityFilterForm(request.GET or None, user=user)
    filters = ActivityFilters()
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        filters = ActivityFilters(
            owner_id=data["owner"],
            type_id=data["type"],
            status=data["status"],
            customer_id=data["customer"],
            opportunity_id=data["opportunity"],
            date_from=data["date_from"],
            date_to=data["date_to"],
            search=data["q"].strip(),
        )
    page = Paginator(activity_list(user=user, filters=filters), settings.KEYACT_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    filtered = filters != ActivityFilters()
    return render(
        request,
        "activities/activity_list.html",
        {"form": form, "page": page, "filtered": filtered},
    )


@dataclass(frozen=True)
class ChangeRow:
    """One field of an audit entry, ready to show: label, value before, value after."""

    label: str
    before: str
    after: str


def _display_value(field: str, value: Any, names: dict[str, dict[Any, str]]) -> str:
    if value in (None, "", []):
        return "—"
    if field in names:
        if isinstance(value, list):
            return ", ".join(names[field].get(v, f"#{v}") for v in value)
        return names[field].get(value, f"#{value}")
    if field in ("occurred_at", "ended_at", "completed_at") and isinstance(value, str):
        try:
            parsed = dt.datetime.fromisoformat(value)
        except ValueError:
            return value
        return formats.date_format(timezone.localtime(parsed), "SHORT_DATETIME_FORMAT")
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    return str(value)


def _field_label(field: str) -> str:
    if field == "contact_ids":
        return str(Activity._meta.get_field("contacts").verbose_name)
    if field == "participant_ids":
        return str(Activity._meta.get_field("participants").verbose_name)
    model_field = Activity._meta.get_field(field.removesuffix("_id"))
    return str(getattr(model_field, "verbose_name", field))


# The audit trail lists fields in form order (JSON objects keep no order on PostgreSQL).
FIELD_ORDER = (*EDITABLE_FIELDS, "contact_ids", "participant_ids")


def _field_rank(field: str) -> int:
    return FIELD_ORDER.index(field) if field in FIELD_ORDER else len(FIELD_ORDER)


def _audit_rows(
    user: User, changes: list[ActivityChange]
) -> list[tuple[ActivityChange, list[ChangeRow]]]:
    """The audit trail with readable names for types, statuses, outcomes, customers and deals."""
    ids: dict[str, set[Any]] = {"customer_id": set(), "opportunity_id": set(), "owner_id": set()}
    for change in changes:
        for field, pair in change.changes.items():
            if field in ids:
                ids[field].update(v for v in pair if v is not None)
    names: dict[str, dict[Any, str]] = {
        "type_id": {t.pk: t.name for t in activity_type_list(user=user, include_inactive=True)},
        "status": {k: str(v) for k, v in Activity.Status.choices},
        "outcome": {k: str(v) for k, v in Outcome.choices},
    }
    if ids["customer_id"]:
        names["customer_id"] = dict(
            customer_list(user=user).filter(pk__in=ids["customer_id"]).values_list("pk", "name")
        )
    if ids["opportunity_id"]:
        names["opportunity_id"] = dict(
            opportunity_list(user=user)
            .filter(pk__in=ids["opportunity_id"])
            .values_list("pk", "name")
        )
    if ids["owner_id"]:
        names["owner_id"] = {
            u.pk: u.label
            for u in User.objects.filter(pk__in=ids["owner_id"]).only(
                "username", "display_name", "first_name", "last_name"
            )
        }
    rows = []
    for change in changes:
        fields = [
            ChangeRow(
                label=_field_label(field),
                before=_display_value(field, pair[0], names),
                after=_display_value(field, pair[1], names),
            )
            for field, pair in sorted(change.changes.items(), key=lambda item: _field_rank(item[0]))
        ]
        rows.append((change, fields))
    return rows


def _detail_context(
    user: User,
    activity: Activity,
    *,
    complete_form: CompleteForm | None = None,
    reopen_form: ReopenForm | None = None,
) -> dict[str, Any]:
    history = list(activity_history(activity=activity))
    return {
        "activity": activity,
        "can_change": activity_can_change(actor=user, activity=activity),
        "contacts": list(activity.contacts.all()),
        "participants": list(activity.participants.all()),
        "audit": _audit_rows(user, history),
        "complete_form": complete_form or CompleteForm(),
        "reopen_form": reopen_form or ReopenForm(initial={"expected_version": activity.version}),
        "outcomes": Outcome.choices,
    }


@member_view
def activity_detail(request: HttpRequest, activity_id: int) -> HttpResponse:
    """Everything about one activity: fields, evidence and the audit trail."""
    user = acting_user(request)
    activity = activity_get(user=user, activity_id=activity_id)
    return render(request, "activities/activity_detail.html", _detail_context(user, activity))


@member_view
def activity_edit(request: HttpRequest, activity_id: int) -> HttpResponse:
    """Correct an activity; a stale form (someone saved meanwhile) is refused with a message."""
    user = acting_user(request)
    activity = activity_get(user=user, activity_id=activity_id)
    if request.method == "POST":
        form = ActivityEditForm(request.POST, user=user)
        if form.is_valid():
            data = dict(form.cleaned_data)
            expected = data.pop("expected_version")
            data["outcome"] = data["outcome"] or ""
            try:
                activity_update(
                    actor=user, activity_id=activity.pk, expected_version=expected, **data
                )
            except DomainError as exc:
                add_domain_error(form, exc)
            else:
                messages.success(request, _("Activity saved."))
                return redirect("activity_detail", activity_id=activity.pk)
    else:
        form = ActivityEditForm(initial=ActivityEditForm.initial_for(activity), user=user)
    return render(request, "activities/activity_edit.html", {"activity": activity, "form": form})


@require_POST
@member_view
def activity_photo_upload(request: HttpRequest, activity_id: int) -> HttpResponse:
    """Attach the photo evidence of an activity (a phone's camera or gallery)."""
    user = acting_user(request)
    activity = activity_get(user=user, activity_id=activity_id)
    photo = request.FILES.get("photo")
    if photo is None:
        messages.error(request, _("Choose a photo to upload."))
    else:
        try:
            activity_attach_photo(actor=user, activity_id=activity.pk, photo=photo)
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("Photo attached."))
    return redirect("activity_detail", activity_id=activity.pk)


@member_view
def activity_photo(request: HttpRequest, activity_id: int) -> HttpResponse:
    """Serve an activity's photo to those who may see the activity (media is not public)."""
    user = acting_user(request)
    activity = activity_get(user=user, activity_id=activity_id)
    if not activity.photo:
        raise Http404
    with activity.photo.open("rb") as photo:  # at most 5 MB (activity_attach_photo)
        content = photo.read()
    content_type = mimetypes.guess_type(activity.photo.name or "")[0] or "application/octet-stream"
    response = HttpResponse(content, content_type=content_type)
    response["Cache-Control"] = "private, max-age=3600"
    response["X-Content-Type-Options"] = "nosniff"
    return response


def _next_url(request: HttpRequest, default: str) -> str:
    return next_url(request, default)


@require_POST
@member_view
def activity_complete_view(request: HttpRequest, activity_id: int) -> HttpResponse:
    """Mark a planned activity done with its outcome."""
    user = acting_user(request)
    activity = activity_get(user=user, activity_id=activity_id)
    form = CompleteForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            activity_complete(
                actor=user,
                activity_id=activity.pk,
                outcome=data["outcome"] or "",
                commitment_text=data["commitment_text"],
                notes=data["notes"],
            )
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            messages.success(request, _("Done: %(type)s") % {"type": activity.type.name})
            return redirect(_next_url(request, activity_url(activity)))
    return render(
        request,
        "activities/activity_detail.html",
        _detail_context(user, activity, complete_form=form),
    )


@require_POST
@member_view
def activity_cancel_view(request: HttpRequest, activity_id: int) -> HttpResponse:
    """Cancel a planned activity (a done one is a fact and stays)."""
    user = acting_user(request)
    activity = activity_get(user=user, activity_id=activity_id)
    try:
        activity_cancel(actor=user, activity_id=activity.pk)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Activity cancelled."))
    return redirect(_next_url(request, activity_url(activity)))


@require_POST
@member_view
def activity_reopen_view(request: HttpRequest, activity_id: int) -> HttpResponse:
    """Set a done activity back to planned with the reason (audited)."""
    user = acting_user(request)
    activity = activity_get(user=user, activity_id=activity_id)
    form = ReopenForm(request.POST)
    if form.is_valid():
        try:
            activity_reopen(
                actor=user,
                activity_id=activity.pk,
                reason=form.cleaned_data["reason"],
                expected_version=form.cleaned_data["expected_version"],
            )
        except PermissionDenied as exc:
            # The page offers no reopen form to this user: say why on the page itself.
            messages.error(request, exc.message)
            return redirect(activity_url(activity))
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            messages.success(request, _("Activity reopened: it is planned again."))
            return redirect(activity_url(activity))
    context = _detail_context(user, activity, reopen_form=form)
    return render(request, "activities/activity_detail.html", context, status=400)


def activity_url(activity: Activity) -> str:
    """The detail page of an activity."""
    return reverse("activity_detail", kwargs={"activity_id": activity.pk})


@admin_view
def activity_types(request: HttpRequest) -> HttpResponse:
    """The activity-type catalog, inactive ones included; add an industry type."""
    user = acting_user(request)
    form = ActivityTypeCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            created = activity_type_create(actor=user, **form.cleaned_data)
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            messages.success(request, _("“%(name)s” added.") % {"name": created.name})
            return redirect("activity_types")
    return render(
        request,
        "activities/activity_types.html",
        {"types": list(activity_type_list(user=user, include_inactive=True)), "form": form},
    )


@admin_view
def activity_type_edit(request: HttpRequest, type_id: int) -> HttpResponse:
    """Rename an activity type in both languages, or pick another icon."""
    user = acting_user(request)
    activity_type = activity_type_get(user=user, type_id=type_id)
    if request.method == "POST":
        form = ActivityTypeRenameForm(request.POST, current_icon=activity_type.icon)
        if form.is_valid():
            changes = dict(form.cleaned_data)
            if not changes["icon"]:
                del changes["icon"]  # no icon picked: the type keeps its own
            try:
                activity_type_update(actor=user, type_id=activity_type.pk, **changes)
            except DomainError as exc:
                add_domain_error(form, exc)
            else:
                messages.success(request, _("Activity type saved."))
                return redirect("activity_types")
    else:
        form = ActivityTypeRenameForm(
            initial={
                "name_en": activity_type.name_en,
                "name_zh": activity_type.name_zh,
                "icon": activity_type.icon,
            },
            current_icon=activity_type.icon,
        )
    return render(
        request,
        "activities/activity_type_form.html",
        {"form": form, "activity_type": activity_type},
    )


@require_POST
@admin_view
def activity_type_toggle(request: HttpRequest, type_id: int) -> HttpResponse:
    """Deactivate an activity type (recorded activities keep it) or bring it back."""
    user = acting_user(request)
    activity_type = activity_type_get(user=user, type_id=type_id)
    updated = activity_type_update(
        actor=user, type_id=activity_type.pk, is_active=not activity_type.is_active
    )
    if updated.is_active:
        messages.success(request, _("“%(name)s” is in use again.") % {"name": updated.name})
    else:
        messages.success(request, _("“%(name)s” deactivated.") % {"name": updated.name})
    return redirect("activity_types")
