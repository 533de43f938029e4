"""Exports of what a member sees, and their calendar feed."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from keyact.core.errors import NotFound
from keyact.integrations.calendar_feed import calendar_ics
from keyact.integrations.exporting import EXPORTS, csv_lines, xlsx_bytes
from keyact.integrations.models import CalendarFeed
from keyact.integrations.services import (
    calendar_feed_create,
    calendar_feed_revoke,
    calendar_feed_user,
)
from keyact.orgs.access import acting_user, member_view
from keyact.orgs.selectors import scope_for

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@member_view
def exports(request: HttpRequest) -> HttpResponse:
    """Download what you see as CSV or XLSX; manage your calendar address."""
    user = acting_user(request)
    feed = CalendarFeed.objects.filter(user=user, revoked_at__isnull=True).first()
    return render(
        request,
        "integrations/exports.html",
        {
            "kinds": [
                ("activities", _("Activities")),
                ("customers", _("Customers")),
                ("opportunities", _("Opportunities")),
                ("key-activities", _("Key activities and targets")),
            ],
            "feed": feed,
            "feed_url": request.session.pop("calendar_feed_url", ""),
        },
    )


@require_GET
def export_download(
    request: HttpRequest, kind: str, fmt: str
) -> HttpResponse | StreamingHttpResponse:
    """One export as a file download (CSV streamed row by row)."""
    if kind not in EXPORTS or fmt not in ("csv", "xlsx"):
        raise Http404
    user = acting_user(request)  # 404 for anonymous visitors, like every member page
    try:
        scope_for(user)
    except NotFound as exc:
        raise Http404 from exc
    export = EXPORTS[kind](user=user)
    stamp = timezone.localdate().isoformat()
    filename = f"keyact-{export.name}-{stamp}.{fmt}"
    response: HttpResponse | StreamingHttpResponse
    if fmt == "csv":
        response = StreamingHttpResponse(csv_lines(export), content_type="text/csv; charset=utf-8")
    else:
        response = HttpResponse(xlsx_bytes(export), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@member_view
@require_POST
def calendar_feed(request: HttpRequest) -> HttpResponse:
    """Create (or replace) or revoke the member's secret calendar address."""
    user = acting_user(request)
    if request.POST.get("action") == "revoke":
        calendar_feed_revoke(actor=user)
        messages.success(request, _("Calendar address revoked: calendars using it stop updating."))
    else:
        _feed, secret = calendar_feed_create(actor=user)
        url = request.build_absolute_uri(reverse("integrations:calendar_ics", args=[secret]))
        request.session["calendar_feed_url"] = url
        messages.success(request, _("New calendar address created; the old one no longer works."))
    return redirect("integrations:exports")


@require_GET
def calendar_ics_view(request: HttpRequest, secret: str) -> HttpResponse:
    """The feed itself: no login (calendar apps cannot log in), the secret is the key."""
    try:
        user = calendar_feed_user(secret=secret)
    except NotFound as exc:
        raise Http404 from exc
    body = calendar_ics(user=user, host=request.get_host().split(":")[0])
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Cache-Control"] = "private, max-age=300"
    return response
