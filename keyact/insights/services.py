"""Writes of the insights app: request an analysis (cached per scope, period and data version),
run it with progress, and turn a finding into a key-activity candidate with its evidence."""

from __future__ import annotations

import datetime as dt
import hashlib
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from keyact.core.errors import DomainError, NotFound, PermissionDenied
from keyact.insights.impact import impact_score
from keyact.insights.models import Analysis
from keyact.insights.obstacles import obstacle_score
from keyact.insights.report import analysis_compute
from keyact.insights.selectors import closed_deals, data_version
from keyact.keyactivities.models import Candidate, Lens
from keyact.keyactivities.selectors import candidate_list
from keyact.keyactivities.services import candidate_from_evidence, candidates_set_measured_impact
from keyact.orgs.models import Organization, Role
from keyact.orgs.selectors import Scope, scope_for
from keyact.playbook.selectors import organization_scope
from keyact.users.models import User

INSIGHT_ROLES = frozenset({Role.MANAGER, Role.DEPARTMENT_HEAD, Role.ADMIN})
DEFAULT_DAYS = 365
MAX_DAYS = 366 * 5
STALL_RANGE = (3, 180)
STALE_AFTER = dt.timedelta(minutes=3)


def require_insights(scope: Scope) -> None:
    """Insights compare people and need many deals: managers, department heads and admins
    only. A rep's own deals are far too few to say anything, and the benchmark would show them
    their colleagues' results."""
    if scope.role not in INSIGHT_ROLES:
        raise PermissionDenied(_("Insights are for managers, department heads and administrators."))


def scope_key(scope: Scope) -> str:
    """A stable key of what the scope covers: "org", or a digest of its owners."""
    if scope.owner_ids is None:
        return "org"
    owners = ",".join(str(i) for i in sorted(scope.owner_ids))
    return hashlib.sha256(owners.encode()).hexdigest()[:64]


def default_period(today: dt.date) -> tuple[dt.date, dt.date]:
    """The last twelve months up to today."""
    return today - dt.timedelta(days=DEFAULT_DAYS), today


def _check_period(date_from: dt.date, date_to: dt.date, stall_days: int) -> None:
    if date_from > date_to:
        raise DomainError(_("The start lies after the end."), field="date_from")
    if (date_to - date_from).days > MAX_DAYS:
        raise DomainError(_("At most five years at a time."), field="date_from")
    low, high = STALL_RANGE
    if not low <= stall_days <= high:
        raise DomainError(
            _("Between %(low)d and %(high)d days.") % {"low": low, "high": high},
            field="stall_days",
        )


def _request(
    *,
    organization_id: int,
    key: str,
    requested_by: User | None,
    date_from: dt.date,
    date_to: dt.date,
    stall_days: int,
    enqueue: bool,
    scope: Scope | None = None,
) -> Analysis:
    _check_period(date_from, date_to, stall_days)
    version = data_version(organization_id=organization_id)
    reusable = (
        Analysis.objects.filter(
            organization_id=organization_id,
            scope_key=key,
            date_from=date_from,
            date_to=date_to,
            stall_days=stall_days,
            data_version=version,
        )
        .exclude(status=Analysis.Status.FAILED)
        .order_by("-created_at", "-id")
        .first()
    )
    if reusable is not None and _stale(reusable):
        Analysis.objects.filter(pk=reusable.pk).update(
            status=Analysis.Status.FAILED, error="stopped without finishing"
        )
        reusable = None
    if reusable is not None:
        return reusable
    analysis = Analysis.objects.create(
        organization_id=organization_id,
        scope_key=key,
        requested_by=requested_by,
        date_from=date_from,
        date_to=date_to,
        stall_days=stall_days,
        data_version=version,
    )
    if enqueue and scope is not None and _small(scope, date_from, date_to):
        enqueue = False  # left queued: analysis_obtain runs it at once
    if enqueue:
        from keyact.insights.tasks import analysis_task

        analysis_id = analysis.pk
        transaction.on_commit(lambda: analysis_task.enqueue(analysis_id=analysis_id))
    return analysis


@transaction.atomic
def analysis_request(
    *,
    actor: User,
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
    stall_days: int = 21,
) -> Analysis:
    """The analysis of the actor's scope for the period: the cached one while the data is
    unchanged, else a new one queued for a background worker (after the commit)."""
    scope = scope_for(actor)
    require_insights(scope)
    default_from, default_to = default_period(timezone.localdate())
    return _request(
        organization_id=scope.organization_id,
        key=scope_key(scope),
        requested_by=actor,
        date_from=date_from or default_from,
        date_to=date_to or default_to,
        stall_days=stall_days,
        enqueue=True,
        scope=scope,
    )


def _stale(analysis: Analysis) -> bool:
    """A running analysis whose process stopped (e.g. a web worker killed on its timeout)."""
    if analysis.status != Analysis.Status.RUNNING:
        return False
    last = analysis.heartbeat_at or analysis.created_at
    return timezone.now() - last > STALE_AFTER


def _small(scope: Scope, date_from: dt.date, date_to: dt.date) -> bool:
    """Whether the analysis is quick enough to run inside the request."""
    limit = int(getattr(settings, "KEYACT_INSIGHTS_INLINE_DEALS", 5000))
    return closed_deals(scope, date_from, date_to)[: limit + 1].count() <= limit


def analysis_obtain(
    *,
    actor: User,
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
    stall_days: int = 21,
) -> Analysis:
    """The analysis for a page: cached, or computed now when small, or queued for the worker
    (the page then shows its progress)."""
    analysis = analysis_request(
        actor=actor, date_from=date_from, date_to=date_to, stall_days=stall_days
    )
    if analysis.status == Analysis.Status.QUEUED:
        scope = scope_for(actor)
        if _small(scope, analysis.date_from, analysis.date_to):
            analysis = analysis_run(analysis_id=analysis.pk)
    return analysis


@transaction.atomic
def analysis_request_for_organization(
    *, organization: Organization, date_from: dt.date, date_to: dt.date, stall_days: int = 21
) -> Analysis:
    """The whole organisation's analysis (command line): cached or new, never enqueued (the
    caller runs it)."""
    return _request(
        organization_id=organization.pk,
        key="org",
        requested_by=None,
        date_from=date_from,
        date_to=date_to,
        stall_days=stall_days,
        enqueue=False,
    )


def analysis_run(*, analysis_id: int, progress: Any = None) -> Analysis:
    """Compute a queued analysis, saving its progress as it goes (each step commits so the page
    can show it). Idempotent: a finished analysis is returned as it is."""
    analysis = Analysis.objects.select_related("requested_by", "organization").get(pk=analysis_id)
    if analysis.status == Analysis.Status.DONE:
        return analysis
    if analysis.requested_by is not None:
        scope = scope_for(analysis.requested_by)
    else:
        scope = organization_scope(analysis.organization)
    Analysis.objects.filter(pk=analysis.pk).update(
        status=Analysis.Status.RUNNING, progress=1, heartbeat_at=timezone.now()
    )

    def advance(percent: int, step: str) -> None:
        Analysis.objects.filter(pk=analysis_id).update(
            progress=percent, step=step, heartbeat_at=timezone.now()
        )
        if progress is not None:
            progress(percent, step)

    try:
        result = analysis_compute(
            scope=scope,
            date_from=analysis.date_from,
            date_to=analysis.date_to,
            stall_days=analysis.stall_days,
            today=timezone.localdate(),
            progress=advance,
        )
    except Exception as exc:
        Analysis.objects.filter(pk=analysis.pk).update(
            status=Analysis.Status.FAILED, error=repr(exc)[:2000], finished_at=timezone.now()
        )
        raise
    analysis.result = result
    analysis.status = Analysis.Status.DONE
    analysis.progress = 100
    analysis.step = "done"
    analysis.finished_at = timezone.now()
    analysis.save(update_fields=["result", "status", "progress", "step", "finished_at"])
    return analysis


def analysis_get(*, actor: User, analysis_id: int) -> Analysis:
    """One analysis of the actor's own scope; NotFound otherwise."""
    scope = scope_for(actor)
    require_insights(scope)
    analysis = Analysis.objects.filter(
        pk=analysis_id, organization_id=scope.organization_id, scope_key=scope_key(scope)
    ).first()
    if analysis is None:
        raise NotFound(_("No such analysis."))
    return analysis


def _impact_of(result: dict[str, Any], type_ids: list[int]) -> tuple[int, dict[str, Any]] | None:
    """The measured impact of a set of types: the best score among them, with its numbers."""
    best: tuple[int, dict[str, Any]] | None = None
    for row in result["impact"]:
        if row["type_id"] not in type_ids:
            continue
        score = impact_score(row["adjusted_odds_ratio"], row["flags"])
        if score is not None and (best is None or score > best[0]):
            best = (score, _impact_evidence(result, row))
    return best


def _impact_evidence(result: dict[str, Any], row: dict[str, Any]) -> dict[str, Any]:
    keys = ("type_id", "code", "n_with", "n_without", "win_rate_with", "win_rate_without")
    return {
        "analysis": "impact",
        "period": [result["meta"]["date_from"], result["meta"]["date_to"]],
        **{k: row[k] for k in keys},
        "adjusted_odds_ratio": row["adjusted_odds_ratio"],
        "adjusted_ci": row["adjusted_ci"],
        "p_value_holm": row["p_value_holm"],
        "flags": row["flags"],
    }


def candidate_from_finding(*, actor: User, analysis_id: int, lens: str, type_id: int) -> Candidate:
    """Turn a finding into a key-activity candidate with its evidence attached: a habit of the
    top performers (benchmark lens) or an activity after which deals stall (obstacles lens).
    Its impact is measured from the data."""
    analysis = analysis_get(actor=actor, analysis_id=analysis_id)
    result = analysis.result
    if analysis.status != Analysis.Status.DONE or not result:
        raise DomainError(_("The analysis has not finished yet."))
    meta = result["meta"]
    period = [meta["date_from"], meta["date_to"]]
    if lens == Lens.BENCHMARK:
        item = next(
            (d for d in result["benchmark"]["differences"] if d["type_id"] == type_id), None
        )
        if item is None or not item["significant"]:
            raise DomainError(_("No clear difference for this activity type."), field="type_id")
        title_en = f"More “{item['name_en'] or item['name_zh']}”, as the top performers do"
        title_zh = f"像标杆销售一样多做“{item['name_zh'] or item['name_en']}”"
        evidence_data: dict[str, Any] = {
            "analysis": "benchmark",
            "period": period,
            "type_id": type_id,
            "top_rate": item["top_rate"],
            "rest_rate": item["rest_rate"],
            "effect_size": item["effect_size"],
            "p_value_holm": item["p_value_holm"],
            "n_top": result["benchmark"]["n_top"],
            "n_rest": result["benchmark"]["n_rest"],
        }
        evidence = _(
            "Top performers: %(top).1f a week, the rest: %(rest).1f (%(top_n)d vs %(rest_n)d "
            "people, effect size %(g).1f, corrected p %(p).3f; %(start)s to %(end)s)."
        ) % {
            "top": item["top_rate"],
            "rest": item["rest_rate"],
            "top_n": result["benchmark"]["n_top"],
            "rest_n": result["benchmark"]["n_rest"],
            "g": item["effect_size"] or 0.0,
            "p": item["p_value_holm"] or 0.0,
            "start": period[0],
            "end": period[1],
        }
        rationale = _("What the best sellers do more often than the rest.")
        measured = _impact_of(result, [type_id])
        impact = measured[0] if measured else None
        if measured:
            evidence_data["impact"] = measured[1]
    elif lens == Lens.OBSTACLES:
        item = next((s for s in result["obstacles"]["stalls"] if s["type_id"] == type_id), None)
        if item is None or item["flags"] or not item["stalled"]:
            raise DomainError(_("No stall found after this activity type."), field="type_id")
        days = meta["stall_days"]
        title_en = (
            f"Next customer step within {days} days after “{item['name_en'] or item['name_zh']}”"
        )
        title_zh = f"“{item['name_zh'] or item['name_en']}”后{days}天内推进下一步"
        evidence_data = {
            "analysis": "obstacles",
            "period": period,
            "type_id": type_id,
            "stall_days": days,
            "n": item["n"],
            "stall_rate": item["stall_rate"],
            "loss_rate_if_stalled": item["loss_rate_if_stalled"],
            "loss_rate_if_not_stalled": item["loss_rate_if_not_stalled"],
        }
        evidence = _(
            "%(rate).0f%% of %(n)d deals went silent for more than %(days)d days after it; "
            "%(loss).0f%% of those were lost, against %(other).0f%% of the others (%(start)s to "
            "%(end)s)."
        ) % {
            "rate": item["stall_rate"] * 100,
            "n": item["n"],
            "days": days,
            "loss": (item["loss_rate_if_stalled"] or 0) * 100,
            "other": (item["loss_rate_if_not_stalled"] or 0) * 100,
            "start": period[0],
            "end": period[1],
        }
        rationale = _("Where deals get stuck: keeping them moving after this step.")
        impact = obstacle_score(item["stall_rate"], item["loss_rate_if_stalled"])
    else:
        raise DomainError(
            _("Findings become candidates through the benchmark or obstacles lens."), field="lens"
        )
    return candidate_from_evidence(
        actor=actor,
        lens=lens,
        title_en=title_en,
        title_zh=title_zh,
        rationale=rationale,
        evidence=evidence,
        evidence_data=evidence_data,
        activity_type_ids=[type_id],
        impact=impact,
        suggestion_key=f"insights:{lens}:{type_id}",
    )


def candidates_score_from_data(*, actor: User, analysis_id: int) -> int:
    """Measure the impact of every proposed candidate with activity types from the analysis
    (replacing self-ratings where the data can say). Returns how many changed."""
    analysis = analysis_get(actor=actor, analysis_id=analysis_id)
    if analysis.status != Analysis.Status.DONE or not analysis.result:
        raise DomainError(_("The analysis has not finished yet."))
    impacts: dict[int, tuple[int, dict[str, Any]]] = {}
    for candidate in candidate_list(user=actor, status=Candidate.Status.PROPOSED):
        type_ids = [t.pk for t in candidate.activity_types.all()]
        if type_ids and candidate.lens != Lens.OBSTACLES:
            measured = _impact_of(analysis.result, type_ids)
            if measured is not None:
                impacts[candidate.pk] = measured
    return candidates_set_measured_impact(actor=actor, impacts=impacts)
