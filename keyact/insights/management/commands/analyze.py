"""``keyact analyze --org SLUG [--from DATE --to DATE] [--stall-days N] [--json]``: the evidence
(impact, top performers, obstacles, key-activity effectiveness) for a whole organisation.

Runs in this process with a progress bar on stderr; a result cached for the same period and
unchanged data is reused. ``--json`` prints the documented shape (the same objects as
``GET /api/v1/insights/...``)."""

from __future__ import annotations

import datetime as dt
import json
import sys
from argparse import ArgumentParser, ArgumentTypeError
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from keyact.core.errors import DomainError
from keyact.insights.report import public_json
from keyact.insights.services import (
    analysis_request_for_organization,
    analysis_run,
    default_period,
)
from keyact.playbook.selectors import organization_get_by_slug


def _date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError as exc:
        raise ArgumentTypeError(f"not a date (YYYY-MM-DD): {value!r}") from exc


class ProgressBar:
    """A one-line progress bar on stderr (redrawn in place on a terminal)."""

    def __init__(self, stream: Any) -> None:
        self.stream = stream
        self.tty = bool(getattr(stream, "isatty", lambda: False)())
        self.last = -1

    def __call__(self, percent: int, step: str) -> None:
        if percent == self.last:
            return
        self.last = percent
        filled = percent * 30 // 100
        line = f"[{'#' * filled}{'.' * (30 - filled)}] {percent:3d}% {step}"
        if self.tty:
            self.stream.write("\r" + line.ljust(60))
            if percent >= 100:
                self.stream.write("\n")
        else:
            self.stream.write(line + "\n")
        self.stream.flush()


class Command(BaseCommand):
    help = "Which activities drive results: impact, top performers, obstacles, effectiveness."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--org", required=True, help="organisation slug")
        parser.add_argument("--from", dest="date_from", type=_date, help="first close date")
        parser.add_argument("--to", dest="date_to", type=_date, help="last close date")
        parser.add_argument(
            "--stall-days", type=int, default=21, help="days without customer activity (21)"
        )
        parser.add_argument("--json", action="store_true", help="print JSON")
        parser.add_argument("--quiet", action="store_true", help="no progress bar")

    def handle(self, *args: Any, **options: Any) -> None:
        default_from, default_to = default_period(timezone.localdate())
        try:
            organization = organization_get_by_slug(slug=options["org"])
            analysis = analysis_request_for_organization(
                organization=organization,
                date_from=options["date_from"] or default_from,
                date_to=options["date_to"] or default_to,
                stall_days=options["stall_days"],
            )
            progress = None if options["quiet"] else ProgressBar(sys.stderr)
            analysis = analysis_run(analysis_id=analysis.pk, progress=progress)
        except DomainError as exc:
            raise CommandError(exc.message) from exc
        result = analysis.result or {}
        report = public_json(result)
        if options["json"]:
            self.stdout.write(json.dumps(report, ensure_ascii=False, indent=2))
            return
        meta = result["meta"]
        self.stdout.write(
            f"{organization.name}: {meta['deals_closed']} deals closed "
            f"{meta['date_from']}..{meta['date_to']} ({meta['deals_won']} won)"
        )
        self.stdout.write("\nImpact (adjusted odds ratio of winning, 95% interval):")
        for row in report["impact"]:
            estimate = (
                f"{row['adjusted_odds_ratio']:.2f} ({row['adjusted_ci'][0]:.2f}-"
                f"{row['adjusted_ci'][1]:.2f})"
                if row["adjusted_odds_ratio"] is not None
                else "-"
            )
            self.stdout.write(
                f"  {row['rank'] or '-':>3} {row['activity_type'][:28]:<28} "
                f"{row['n_with']:>7}/{row['n_without']:<7} {estimate:<22} "
                f"{', '.join(row['flags'])}"
            )
        self.stdout.write(
            "\nTop performers: "
            + ", ".join(p["name"] for p in report["benchmark"]["top_performers"])
        )
        for d in report["benchmark"]["differences"]:
            if d["significant"]:
                self.stdout.write(
                    f"  {d['activity_type']}: {d['top_rate']:.1f}/week vs {d['rest_rate']:.1f}"
                )
        self.stdout.write(f"\nStalls (no customer activity for {options['stall_days']} days):")
        for s in report["obstacles"]["stalls"][:5]:
            loss = s["loss_rate_if_stalled"]
            self.stdout.write(
                f"  after {s['after_activity_type']}: {s['stall_rate'] * 100:.0f}% of {s['n']} "
                f"deals stalled, {'-' if loss is None else f'{loss * 100:.0f}%'} of those lost"
            )
        self.stdout.write("\nKey-activity effectiveness:")
        for e in report["effectiveness"]:
            self.stdout.write(f"  {e['key_activity']}: {e['method']} {e['estimate']}")
