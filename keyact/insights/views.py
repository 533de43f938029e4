"""Insights pages: overview, impact, benchmark, obstacles, effectiveness (thin: parse, one
service call, render). An analysis not finished yet shows its progress and polls."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from keyact.core.errors import DomainError
from keyact.core.params import parse_id
from keyact.core.redirects import next_url
from keyact.insights import presentation
from keyact.insights.forms import AnalysisForm
from keyact.insights.models import Analysis
from keyact.insights.services import (
    analysis_get,
    analysis_obtain,
    candidate_from_finding,
    candidates_score_from_data,
)
from keyact.keyactivities.selectors import can_design
from keyact.orgs.access import acting_user, member_view
from keyact.orgs.selectors import scope_for

PAGES = ("index", "impact", "benchmark", "obstacles", "effectiveness")
MIN_STALLS = 5


def _period(request: HttpRequest) -> tuple[AnalysisForm, dict[str, Any]]:
    form = AnalysisForm(request.GET or None)
    values: dict[str, Any] = {}
    if form.is_bound and form.is_valid():
        values = {k: v for k, v in form.cleaned_data.items() if v is not None}
    return form, values


def _page(request: HttpRequest, page: str) -> HttpResponse:
    form, values = _period(request)
    analysis = analysis_obtain(actor=acting_user(request), **values)
    if not form.is_bound:
        form = AnalysisForm(
            initial={
                "date_from": analysis.date_from,
                "date_to": analysis.date_to,
                "stall_days": analysis.stall_days,
            }
        )
    query = urlencode(
        {
            "date_from": analysis.date_from.isoformat(),
            "date_to": analysis.date_to.isoformat(),
            "stall_days": str(analysis.stall_days),
        }
    )
    context: dict[str, Any] = {
        "section": "insights",
        "tab": page,
        "form": form,
        "analysis": analysis,
        "query": query,
        "status_url": reverse("insights:status", args=[analysis.pk]) + "?" + query,
        "can_propose": can_design(scope_for(acting_user(request))),
    }
    result = analysis.result if analysis.status == Analysis.Status.DONE else None
    if result is not None:
        context.update(_content(page, result))
    return render(request, f"insights/{page}.html", context)


def _content(page: str, result: dict[str, Any]) -> dict[str, Any]:
    meta = result["meta"]
    context: dict[str, Any] = {"result": result, "meta": meta}
    if page in ("index", "impact"):
        rows = presentation.impact_rows(result)
        context["impact_rows"] = rows
        context["impact_reading"] = presentation.impact_reading(result)
        context["forest"] = [
            {
                "name": r["name"],
                "or": r["adjusted_odds_ratio"],
                "low": r["adjusted_ci"][0],
                "high": r["adjusted_ci"][1],
            }
            for r in rows
            if r["rank"] is not None
        ]
    if page in ("index", "benchmark"):
        bench = result["benchmark"]
        context["benchmark_reading"] = presentation.benchmark_reading(result)
        context["people"] = [
            {
                **p,
                "win_rate_text": presentation.percent(p["win_rate"]),
                "mode_text": presentation.mode_label(p.get("sales_mode", "")),
            }
            for p in bench["people"]
        ]
        context["differences"] = [
            {
                **d,
                "name": presentation.localized(d),
                "top_text": presentation.number(d["top_rate"], 1),
                "rest_text": presentation.number(d["rest_rate"], 1),
                "ratio_text": presentation.number(d["ratio"], 1),
                "g_text": presentation.number(d["effect_size"], 1),
                "p_text": "—"
                if d["p_value_holm"] is None
                else presentation.number(d["p_value_holm"], 3),
                "flag_labels": presentation.flags(d["flags"]),
            }
            for d in bench["differences"]
        ]
        context["bench_chart"] = [
            {"name": d["name"], "top": d["top_rate"], "rest": d["rest_rate"]}
            for d in context["differences"][:10]
        ]
    if page in ("index", "obstacles"):
        obstacles = result["obstacles"]
        context["obstacles_reading"] = presentation.obstacles_reading(result)
        context["stalls"] = [
            {
                **s,
                "name": presentation.localized(s),
                "rate_text": presentation.percent(s["stall_rate"]),
                "rate_ci_text": presentation.interval(s["stall_rate_ci"], as_percent=True),
                "loss_text": presentation.percent(s["loss_rate_if_stalled"]),
                "other_loss_text": presentation.percent(s["loss_rate_if_not_stalled"]),
                "flag_labels": presentation.flags(s["flags"]),
                # Worth a candidate: enough stalls to matter, and stalling goes with losing.
                "proposable": not s["flags"]
                and s["stalled"] >= MIN_STALLS
                and (s["loss_rate_if_stalled"] or 0) > (s["loss_rate_if_not_stalled"] or 0),
            }
            for s in obstacles["stalls"]
        ]
        context["stages"] = [
            {
                **s,
                "name": presentation.localized(s),
                "conversion_text": presentation.percent(s["conversion"]),
                "median_text": presentation.number(s["median_days"], 0),
                "mean_text": presentation.number(s["mean_days"], 1),
            }
            for s in obstacles["stages"]
        ]
        context["funnel"] = [{"name": s["name"], "value": s["reached"]} for s in context["stages"]]
        context["stall_chart"] = [
            {
                "name": s["name"],
                "stall": s["stall_rate"],
                # A loss rate over a handful of stalled deals would only be noise on the chart.
                "loss": s["loss_rate_if_stalled"] if s["stalled"] >= MIN_STALLS else None,
            }
            for s in context["stalls"]
            if not s["flags"]
        ][:8]
    if page in ("index", "effectiveness"):
        context["effectiveness"] = presentation.effectiveness_rows(result)
        context["effectiveness_reading"] = presentation.effectiveness_reading(result)
    return context


@member_view
def index(request: HttpRequest) -> HttpResponse:
    """The four analyses at a glance, with the reading of each."""
    return _page(request, "index")


@member_view
def impact(request: HttpRequest) -> HttpResponse:
    """Activity impact: forest plot of adjusted odds ratios and the full table."""
    return _page(request, "impact")


@member_view
def benchmark(request: HttpRequest) -> HttpResponse:
    """Top performers vs the rest."""
    return _page(request, "benchmark")


@member_view
def obstacles(request: HttpRequest) -> HttpResponse:
    """Stage funnel, time in stage and stalls."""
    return _page(request, "obstacles")


@member_view
def effectiveness(request: HttpRequest) -> HttpResponse:
    """Published key activities: did meeting the targets go with converting better?"""
    return _page(request, "effectiveness")


@member_view
def status(request: HttpRequest, analysis_id: int) -> HttpResponse:
    """The progress of a running analysis (polled by htmx); refreshes the page when done."""
    analysis = analysis_get(actor=acting_user(request), analysis_id=analysis_id)
    response = render(
        request,
        "insights/_progress.html",
        {"analysis": analysis, "status_url": request.get_full_path()},
    )
    if analysis.status == Analysis.Status.DONE:
        response["HX-Refresh"] = "true"
    return response


@require_POST
@member_view
def propose(request: HttpRequest) -> HttpResponse:
    """Turn a finding into a key-activity candidate, then show it among the candidates."""
    actor = acting_user(request)
    try:
        candidate = candidate_from_finding(
            actor=actor,
            analysis_id=parse_id(request.POST.get("analysis"), name="analysis"),
            lens=request.POST.get("lens", ""),
            type_id=parse_id(request.POST.get("type_id"), name="type_id"),
        )
    except (ValueError, DomainError) as exc:
        messages.error(request, getattr(exc, "message", _("That finding cannot be proposed.")))
        return redirect(next_url(request, reverse("insights:index")))
    messages.success(
        request,
        _("Candidate “%(title)s” added with its evidence; its impact comes from the data.")
        % {"title": candidate.title},
    )
    return redirect(reverse("keyactivities:candidates") + f"#candidate-{candidate.pk}")


@require_POST
@member_view
def score(request: HttpRequest) -> HttpResponse:
    """Measure the impact of the proposed candidates from the analysis."""
    actor = acting_user(request)
    try:
        changed = candidates_score_from_data(
            actor=actor, analysis_id=parse_id(request.POST.get("analysis"), name="analysis")
        )
    except (ValueError, DomainError) as exc:
        messages.error(request, getattr(exc, "message", _("The candidates could not be scored.")))
        return redirect(next_url(request, reverse("insights:impact")))
    messages.success(
        request,
        ngettext(
            "%(n)d candidate now has its impact measured from the data.",
            "%(n)d candidates now have their impact measured from the data.",
            changed,
        )
        % {"n": changed},
    )
    return redirect(reverse("keyactivities:candidates"))
