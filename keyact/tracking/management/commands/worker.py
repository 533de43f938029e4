"""``keyact worker``: the task worker (django-tasks, database backend) plus a clock that queues
the reminders tick every ``--tick`` seconds. Run one or many; state lives in the database, so a
restart loses nothing and repeats nothing."""

from __future__ import annotations

import logging
import threading
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.db import close_old_connections
from django.utils.crypto import get_random_string
from django_tasks_db.management.commands.db_worker import Worker

from keyact.tracking.tasks import reminders_tick

logger = logging.getLogger("keyact.worker")


class Command(BaseCommand):
    help = "Run the task worker and queue the reminders tick regularly."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--tick", type=float, default=300.0, help="seconds between ticks")
        parser.add_argument("--interval", type=float, default=1.0, help="seconds between polls")
        parser.add_argument("--no-clock", action="store_true", help="only run queued tasks")
        parser.add_argument(
            "--batch", action="store_true", help="run the queued tasks, then stop (no clock)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        stop = threading.Event()

        def clock() -> None:
            while not stop.is_set():
                try:
                    reminders_tick.enqueue()
                except Exception:  # a database hiccup must not kill the clock
                    logger.exception("Could not queue the reminders tick.")
                finally:
                    close_old_connections()
                stop.wait(options["tick"])

        if not (options["no_clock"] or options["batch"]):
            threading.Thread(target=clock, name="keyact-clock", daemon=True).start()
        worker = Worker(
            queue_names=["default"],
            interval=options["interval"],
            batch=options["batch"],
            backend_name="default",
            startup_delay=False,
            max_tasks=None,
            worker_id=get_random_string(32),
            excluded_queue_names=[],
        )
        worker.configure_signals()
        self.stdout.write("keyact worker running (Ctrl+C stops it).")
        self.stdout.flush()
        try:
            worker.run()
        finally:
            stop.set()
