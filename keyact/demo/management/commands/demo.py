"""``keyact demo``: migrate, seed the demo organisation once, print the logins, start the task
worker (reminders) beside the server, serve."""

from __future__ import annotations

import os
import subprocess
import sys
from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser

from keyact.core import cli_args
from keyact.demo.generator import (
    DEMO_PASSWORD,
    DEMO_SLUG,
    LANGUAGES,
    SeedOptions,
    organization_exists,
    seed_organization,
    taken_logins,
)
from keyact.demo.management.commands.seed_demo import print_report

LOGINS = (
    ("admin", "administrator: the whole organisation, people, activity types"),
    ("director", "department head of sales: every team"),
    ("manager", "manager of the East China team"),
    ("rep", "王伟 Wang Wei, a rep in the East China team (reports to manager)"),
)


class Command(BaseCommand):
    help = "Set up the demo: migrate, seed the demo organisation if absent, print logins, serve."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=cli_args.bounded_int(1, 65535), default=8000)
        parser.add_argument(
            "--workers", type=cli_args.bounded_int(1, 64), default=min(os.cpu_count() or 1, 64)
        )
        parser.add_argument("--no-serve", action="store_true", help="set up and exit")
        parser.add_argument("--seed", type=cli_args.bounded_int(0, 2**32 - 1), default=2026)
        parser.add_argument("--no-worker", action="store_true", help="do not start the worker")
        parser.add_argument(
            "--lang",
            choices=LANGUAGES,
            default="zh-hans",
            help="the language of the demo's content: customers, subjects, notes, teams "
            "(default: zh-hans)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        self.stdout.write("Migrating the database…")
        call_command("migrate", interactive=False, verbosity=0)
        if organization_exists(DEMO_SLUG):
            self.stdout.write("The demo organisation is there already; nothing to seed.")
        elif taken_logins(DEMO_SLUG):
            raise CommandError(
                "The demo logins (admin, director, manager, rep) are taken by existing users in "
                "this database; run the demo on a fresh database (e.g. another directory or "
                "DATABASE_URL)."
            )
        else:
            self.stdout.write("Seeding the demo organisation (a few seconds)…")
            report = seed_organization(SeedOptions(seed=options["seed"], language=options["lang"]))
            print_report(self, report)
        self.stdout.write("")
        self.stdout.write(self.style.SUCCESS("Demo logins (one shared password):"))
        for username, what in LOGINS:
            self.stdout.write(f"  {username:<9} {what}")
        self.stdout.write(self.style.SUCCESS(f"  password: {DEMO_PASSWORD}"))
        self.stdout.write("")
        if options["no_serve"]:
            return
        worker = None
        if not options["no_worker"]:
            # The reminders (bell, e-mail, team robots) run in the task worker: one process
            # beside the server, stopped with it.
            worker = subprocess.Popen(
                [sys.executable, "-m", "keyact", "worker", "--tick", "60"],
                env=os.environ.copy(),
            )
            self.stdout.write(f"Task worker started (pid {worker.pid}).")
        try:
            call_command(
                "serve", host=options["host"], port=options["port"], workers=options["workers"]
            )
        finally:
            if worker is not None and worker.poll() is None:
                worker.terminate()
                try:
                    worker.wait(timeout=30)
                except subprocess.TimeoutExpired:
                    worker.kill()
