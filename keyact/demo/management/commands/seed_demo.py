"""``keyact seed-demo``: generate a deterministic organisation, from a demo to millions of rows."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from keyact.core import cli_args
from keyact.demo.generator import (
    DEMO_NAME,
    DEMO_PASSWORD,
    DEMO_SLUG,
    LANGUAGES,
    SeedOptions,
    SeedReport,
    organization_exists,
    seed_organization,
    taken_logins,
)

# Bounds that keep a seed within what the generator, the database and a demo can hold.
MAX_REPS = 10_000
MAX_MONTHS = 120
MAX_ACTIVITIES = 100_000_000
# History reaches back up to MAX_MONTHS and plans a few weeks ahead: dates stay in 1900-2200.
EARLIEST_TODAY = dt.date(1911, 1, 1)
LATEST_TODAY = dt.date(2199, 1, 1)


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
        parser.add_argument(
            "--org",
            type=cli_args.slug(60),
            default=DEMO_SLUG,
            help="organisation slug (default demo)",
        )
        parser.add_argument(
            "--name", type=cli_args.text(200), default=None, help="organisation name"
        )
        parser.add_argument(
            "--reps",
            type=cli_args.bounded_int(1, MAX_REPS),
            default=30,
            help="number of sales reps",
        )
        parser.add_argument(
            "--months",
            type=cli_args.bounded_int(1, MAX_MONTHS),
            default=12,
            help="months of history",
        )
        parser.add_argument("--seed", type=cli_args.bounded_int(0, 2**32 - 1), default=2026)
        parser.add_argument(
            "--today",
            type=cli_args.iso_date(EARLIEST_TODAY, LATEST_TODAY),
            default=None,
            help="base date YYYY-MM-DD (default: today) - fix it for reproducible data",
        )
        parser.add_argument(
            "--activities",
            type=cli_args.bounded_int(0, MAX_ACTIVITIES),
            default=None,
            help="approximate total of activities (scales the daily volume), e.g. 1000000",
        )
        parser.add_argument(
            "--password",
            type=cli_args.text(128),
            default=DEMO_PASSWORD,
            help="password of every user",
        )
        parser.add_argument(
            "--lang",
            choices=LANGUAGES,
            default="zh-hans",
            help="the language of the content: customers, subjects, notes, teams "
            "(default: zh-hans)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        slug = options["org"]
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
                language=options["lang"],
            )
        )
        self.stdout.write(self.style.SUCCESS(f"Seeded {name} ({slug}):"))
        print_report(self, report)
