"""One analysis of a scope and period: the selectors feed the pure analyses, the result is a
JSON-ready dict (stored as the cache), and ``public_json`` gives the documented shape shared by
``keyact analyze --json`` and ``GET /api/v1/insights/...``."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable
from typing import Any

import numpy as np
import numpy.typing as npt
from django.utils.translation import get_language
from threadpoolctl import threadpool_limits

from keyact.activities.models import ActivityType
from keyact.deals.models import Stage
from keyact.insights import selectors
from keyact.insights.benchmark import benchmark_analyze
from keyact.insights.effectiveness import effectiveness_analyze
from keyact.insights.impact import MODES, DealFrame, impact_analyze
from keyact.insights.obstacles import stages_summarize, stalls_rank
from keyact.orgs.selectors import Scope
from keyact.users.models import User

Progress = Callable[[int, str], None]
STEPS = ("impact", "benchmark", "obstacles", "effectiveness")


def _round(value: float | None, digits: int = 4) -> float | None:
    return None if value is None else round(float(value), digits)


def _pair(pair: tuple[float, float | None] | None, digits: int = 4) -> list[float | None] | None:
    return None if pair is None else [_round(pair[0], digits), _round(pair[1], digits)]


def analysis_compute(
    *,
    scope: Scope,
    date_from: dt.date,
    date_to: dt.date,
    stall_days: int,
    today: dt.date,
    progress: Progress | None = None,
) -> dict[str, Any]:
    """Run the four analyses; ``progress(percent, step)`` is called as they advance."""

    def report(percent: int, step: str) -> None:
        if progress is not None:
            progress(percent, step)

    org_id = scope.organization_id
    types = {
        t.pk: t
        for t in ActivityType.objects.filter(organization_id=org_id).only(
            "id", "name_en", "name_zh", "code"
        )
    }

    def type_names(type_id: int) -> dict[str, Any]:
        t = types[type_id]
        return {"type_id": type_id, "code": t.code, "name_en": t.name_en, "name_zh": t.name_zh}

    with threadpool_limits(limits=1, user_api="blas"):
        report(2, "impact")
        frame = selectors.deal_frame(scope=scope, date_from=date_from, date_to=date_to)
        report(20, "impact")
        impact_rows = impact_analyze(frame)
        impact = [
            {
                **type_names(r.type_id),
                "n_with": r.n_with,
                "n_without": r.n_without,
                "wins_with": r.wins_with,
                "wins_without": r.wins_without,
                "win_rate_with": _round(r.win_rate_with),
                "win_rate_without": _round(r.win_rate_without),
                "win_rate_with_ci": _pair(r.win_rate_with_ci),
                "win_rate_without_ci": _pair(r.win_rate_without_ci),
                "lift": _round(r.lift),
                "lift_ci": _pair(r.lift_ci),
                "adjusted_odds_ratio": _round(r.adjusted_odds_ratio),
                "adjusted_ci": _pair(r.adjusted_ci),
                "p_value": _round(r.p_value, 6),
                "p_value_holm": _round(r.p_value_holm, 6),
                "rank": r.rank,
                "flags": list(r.flags),
            }
            for r in impact_rows
        ]
        report(40, "benchmark")
        people = selectors.people_frame(scope=scope, date_from=date_from, date_to=date_to)
        bench = benchmark_analyze(
            dataclasses.replace(people, mode=main_modes(frame, people.owner_ids))
        )
        users = {
            u.pk: u
            for u in User.objects.filter(pk__in=[p.owner_id for p in bench.people]).select_related(
                "membership"
            )
        }
        ranking = [
            {
                "id": p.owner_id,
                "name": str(users[p.owner_id]) if p.owner_id in users else "",
                "external_id": _external_id(users.get(p.owner_id)),
                "closed": p.closed,
                "wins": p.wins,
                "win_rate": _round(p.win_rate),
                "won_revenue": _round(p.won_revenue, 2),
                "top": p.top,
                "sales_mode": MODES[p.mode],
                "compared": p.compared,
            }
            for p in bench.people
        ]
        # A type only ever logged (before the close) on won deals is likelier a consequence of
        # winning (the signing, the contract review) than a habit that wins.
        won_only = {
            r.type_id
            for r in impact_rows
            if "separation" in r.flags and r.n_with and r.wins_with == r.n_with
        }
        benchmark = {
            "enough_data": bench.enough_data,
            "n_top": bench.n_top,
            "n_rest": bench.n_rest,
            "people": ranking,
            "differences": [
                {
                    **type_names(d.type_id),
                    "top_rate": _round(d.top_rate),
                    "rest_rate": _round(d.rest_rate),
                    "ratio": _round(d.ratio),
                    "effect_size": _round(d.effect_size),
                    "p_value": _round(d.p_value, 6),
                    "p_value_holm": _round(d.p_value_holm, 6),
                    "significant": d.significant,
                    "flags": [*d.flags, *(["only_on_won_deals"] if d.type_id in won_only else [])],
                }
                for d in bench.differences
            ],
        }
        report(60, "obstacles")
        stalls = stalls_rank(
            selectors.stall_counts(
                scope=scope, date_from=date_from, date_to=date_to, stall_days=stall_days
            )
        )
        stage_names = {
            s.pk: {"name_en": s.name_en, "name_zh": s.name_zh}
            for s in Stage.objects.filter(organization_id=org_id)
        }
        steps = stages_summarize(
            selectors.stage_counts(scope=scope, date_from=date_from, date_to=date_to)
        )
        obstacles = {
            "stalls": [
                {
                    **type_names(s.type_id),
                    "n": s.n,
                    "stalled": s.stalled,
                    "stall_rate": _round(s.stall_rate),
                    "stall_rate_ci": _pair(s.stall_rate_ci),
                    "loss_rate_if_stalled": _round(s.loss_rate_if_stalled),
                    "loss_rate_if_not_stalled": _round(s.loss_rate_if_not_stalled),
                    "importance": _round(s.importance),
                    "flags": list(s.flags),
                }
                for s in stalls
            ],
            "stages": [
                {
                    "stage_id": s.stage_id,
                    **stage_names.get(s.stage_id, {"name_en": "", "name_zh": ""}),
                    "order": s.order,
                    "reached": s.reached,
                    "passed": s.passed,
                    "lost_here": s.lost_here,
                    "conversion": _round(s.conversion),
                    "mean_days": _round(s.mean_days, 1),
                    "median_days": _round(s.median_days, 1),
                }
                for s in steps
            ],
        }
        report(85, "effectiveness")
        effectiveness = []
        for ka, data in selectors.effectiveness_inputs(scope=scope, date_to=date_to, today=today):
            verdict = effectiveness_analyze(data)
            effectiveness.append(
                {
                    "key_activity_id": ka.pk,
                    "name_en": ka.name_en,
                    "name_zh": ka.name_zh,
                    "method": verdict.method,
                    "estimate": _round(verdict.estimate),
                    "ci": _pair(verdict.ci),
                    "owners_met": verdict.owners_met,
                    "owners_not_met": verdict.owners_not_met,
                    "cells": {
                        key: {"deals": c.deals, "wins": c.wins} for key, c in verdict.cells.items()
                    },
                }
            )
    report(100, "done")
    return {
        "meta": {
            "date_from": date_from.isoformat(),
            "date_to": date_to.isoformat(),
            "stall_days": stall_days,
            "deals_closed": frame.n,
            "deals_won": int(frame.won.sum()),
        },
        "impact": impact,
        "benchmark": benchmark,
        "obstacles": obstacles,
        "effectiveness": effectiveness,
    }


def main_modes(frame: DealFrame, owner_ids: npt.NDArray[np.int64]) -> npt.NDArray[np.int64]:
    """Each owner's sales mode: the one of most of their closed deals (ties: the first in
    ``MODES``); owners without a closed deal in the frame are unclassified."""
    counts = np.zeros((len(owner_ids), len(MODES)), dtype=np.int64)
    position = {int(o): i for i, o in enumerate(owner_ids)}
    rows = np.array([position.get(int(o), -1) for o in frame.owner_ids], dtype=np.int64)
    known = rows >= 0
    np.add.at(counts, (rows[known], frame.mode[known]), 1)
    modes = counts.argmax(axis=1)
    modes[counts.sum(axis=1) == 0] = MODES.index("unclassified")
    result: npt.NDArray[np.int64] = modes.astype(np.int64)
    return result


def _external_id(user: User | None) -> str | None:
    """The person's id in the system they were imported from (None when created here)."""
    membership = getattr(user, "membership", None) if user is not None else None
    return (membership.external_id or None) if membership is not None else None


def _name(item: dict[str, Any]) -> str:
    """The item's name in the active language, else the other one (as imported or created)."""
    english, chinese = item.get("name_en") or "", item.get("name_zh") or ""
    if (get_language() or "").startswith("zh"):
        return str(chinese or english)
    return str(english or chinese)


def public_json(result: dict[str, Any]) -> dict[str, Any]:
    """The documented shape (issue 11): impact, benchmark, obstacles, effectiveness."""
    return {
        "impact": public_impact(result),
        "benchmark": public_benchmark(result),
        "obstacles": public_obstacles(result),
        "effectiveness": public_effectiveness(result),
    }


def public_impact(result: dict[str, Any]) -> list[dict[str, Any]]:
    """Activity impact, ranked rows first."""
    keys = (
        "n_with",
        "n_without",
        "win_rate_with",
        "win_rate_without",
        "lift",
        "lift_ci",
        "adjusted_odds_ratio",
        "adjusted_ci",
        "p_value",
        "rank",
        "flags",
    )
    return [{"activity_type": _name(r), **{k: r[k] for k in keys}} for r in result["impact"]]


def public_benchmark(result: dict[str, Any]) -> dict[str, Any]:
    """The top performers and what distinguishes them."""
    bench = result["benchmark"]
    return {
        "top_performers": [
            {"id": p["id"], "name": p["name"], "external_id": p["external_id"]}
            for p in bench["people"]
            if p["top"]
        ],
        "differences": [
            {
                "activity_type": _name(d),
                **{
                    k: d[k]
                    for k in (
                        "top_rate",
                        "rest_rate",
                        "ratio",
                        "effect_size",
                        "p_value",
                        "significant",
                        "flags",
                    )
                },
            }
            for d in bench["differences"]
        ],
    }


def public_obstacles(result: dict[str, Any]) -> dict[str, Any]:
    """Stalls ordered by importance, and the stage funnel."""
    obstacles = result["obstacles"]
    return {
        "stalls": [
            {
                "after_activity_type": _name(s),
                "stall_rate": s["stall_rate"],
                "loss_rate_if_stalled": s["loss_rate_if_stalled"],
                "n": s["n"],
            }
            for s in obstacles["stalls"]
        ],
        "stages": [
            {
                "stage": _name(s),
                **{
                    k: s[k]
                    for k in (
                        "reached",
                        "passed",
                        "lost_here",
                        "conversion",
                        "mean_days",
                        "median_days",
                    )
                },
            }
            for s in obstacles["stages"]
        ],
    }


def public_effectiveness(result: dict[str, Any]) -> list[dict[str, Any]]:
    """Per published key activity: the method used and the estimate."""
    return [
        {
            "key_activity": _name(e),
            **{
                k: e[k]
                for k in ("method", "estimate", "ci", "owners_met", "owners_not_met", "cells")
            },
        }
        for e in result["effectiveness"]
    ]
