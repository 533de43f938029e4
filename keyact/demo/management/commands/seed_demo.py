"""``keyact seed-demo``: generate a deterministic organisation, from a demo to millions of rows."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from keyact.demo.generator import (
    DEMO_NAME,
    DEMO_PASSWORD,
    DEMO_SLUG,
    SeedOptions,
    SeedReport,
    organization_exists,
    seed_organization,
    taken_logins,
)


def print_report(command: BaseCommand, report: SeedReport) -> None:
    """Counts and the time taken, one line each."""
    for key, value in report.counts.items():
        command.stdout.write(f"  {key:<22} {value:>12,}")
    phases = ", ".join(f"{phase} {seconds:.1f}" for phase, seconds in report.phases.items())
    command.stdout.write(f"  phases (s): {phases}")
    rate = report.counts.get("activities", 0) / max(report.seconds, 1e-9)
    command.stdout.write(f"  {'seconds':<22} {report.seconds:>12.1f}  ({rate:,.0f} activities/s)")


class Command(BaseCommand):
    help = "Seed a deterministic demo organisation (same arguments, same data)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--org", default=DEMO_SLUG, help="organisation slug (default demo)")
        parser.add_argument("--name", default="", help="organisation name")
        parser.add_argument("--reps", type=int, default=30, help="number of sales reps")
        parser.add_argument("--months", type=int, default=12, help="months of history")
        parser.add_argument("--seed", type=int, default=2026, help="random seed")
        parser.add_argument(
            "--today",
            type=dt.date.fromisoformat,
            default=None,
            help="base date YYYY-MM-DD (default: today) - fix it for reproducible data",
        )
        parser.add_argument(
            "--activities",
            type=int,
            default=None,
            help="approximate total of activities (scales the daily volume), e.g. 1000000",
        )
        parser.add_argument("--password", default=DEMO_PASSWORD, help="password of every user")

    def handle(self, *args: Any, **options: Any) -> None:
        slug = options["org"]
        if options["reps"] < 1 or options["months"] < 1:
            raise CommandError("--reps and --months must be at least 1.")
        if organization_exists(slug):
            raise CommandError(
                f"The organisation {slug!r} exists already; choose another --org "
                "(seeding never touches existing data)."
            )
        taken = taken_logins(slug)
        if taken:
            raise CommandError(
                f"These usernames exist already: {', '.join(taken)}. Seed another --org "
                "(its users are prefixed with the slug) or use a fresh database."
            )
        name = options["name"] or (DEMO_NAME if slug == DEMO_SLUG else f"Keyact {slug}")
        report = seed_organization(
            SeedOptions(
                slug=slug,
                name=name,
                reps=options["reps"],
                months=options["months"],
                seed=options["seed"],
                today=options["today"],
                activities=options["activities"],
                password=options["password"],
            )
        )
        self.stdout.write(self.style.SUCCESS(f"Seeded {name} ({slug}):"))
        print_report(self, report)
