"""``keyact serve``: the production server (gunicorn, sync workers), in the foreground."""

from __future__ import annotations

import os
import warnings
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser
from django.db import connections
from gunicorn.app.base import BaseApplication

from keyact.core import cli_args


class KeyactServer(BaseApplication):  # type: ignore[misc]
    """Gunicorn configured from the command line instead of a config file."""

    def __init__(self, options: dict[str, Any]) -> None:
        self.options = options
        super().__init__()

    def load_config(self) -> None:
        for key, value in self.options.items():
            self.cfg.set(key, value)

    def load(self) -> Any:
        from keyact.config.wsgi import application

        return application


class Command(BaseCommand):
    help = "Serve keyact with gunicorn (not runserver); Ctrl-C stops it."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=cli_args.bounded_int(1, 65535), default=8000)
        parser.add_argument(
            "--workers",
            type=cli_args.bounded_int(1, 64),
            default=min(os.cpu_count() or 1, 64),
            help="default: number of cores",
        )
        parser.add_argument(
            "--timeout",
            type=cli_args.bounded_int(1, 3600),
            default=30,
            help="worker timeout in seconds",
        )
        parser.add_argument("--access-log", action="store_true", help="log every request")

    def handle(self, *args: Any, **options: Any) -> None:
        if settings.STATIC_MANIFEST:
            # Hashed, compressed copies in STATIC_ROOT, served with far-future cache headers.
            self.stdout.write("Collecting static files…")
            call_command("collectstatic", interactive=False, verbosity=0)
        else:
            # Static files come from the finders (WHITENOISE_USE_FINDERS).
            warnings.filterwarnings("ignore", message="No directory at", category=UserWarning)
        # Workers are forked from this process: none may inherit an open database connection.
        connections.close_all()
        self.stdout.write(
            f"keyact on http://{options['host']}:{options['port']}/ "
            f"({options['workers']} workers) - Ctrl-C to stop"
        )
        self.stdout.flush()
        KeyactServer(
            {
                "bind": f"{options['host']}:{options['port']}",
                "workers": options["workers"],
                "worker_class": "sync",
                "timeout": options["timeout"],
                "accesslog": "-" if options["access_log"] else None,
                "errorlog": "-",
                "loglevel": "warning",
                "proc_name": "keyact",
            }
        ).run()
