"""``keyact openapi_snapshot --write PATH | --check PATH``: the committed OpenAPI document."""

from __future__ import annotations

import difflib
import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import translation


def openapi_document() -> str:
    """The API's OpenAPI document as stable text: sorted keys, indent 2, trailing newline."""
    from keyact.config.api import api

    with translation.override("en"):
        schema = api.get_openapi_schema(path_prefix="/api/v1/")
        return json.dumps(schema, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


class Command(BaseCommand):
    help = "Write the OpenAPI document to a file, or check that the file is up to date."

    def add_arguments(self, parser: CommandParser) -> None:
        group = parser.add_mutually_exclusive_group(required=True)
        group.add_argument("--write", metavar="PATH", help="Write the document to PATH.")
        group.add_argument(
            "--check", metavar="PATH", help="Exit 1 when PATH differs from the document."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        current = openapi_document()
        if options["write"]:
            Path(options["write"]).write_text(current, encoding="utf-8")
            self.stdout.write(f"Wrote {options['write']}.")
            return
        path = Path(options["check"])
        committed = path.read_text(encoding="utf-8") if path.exists() else ""
        if committed == current:
            self.stdout.write(f"{path} is up to date.")
            return
        diff = list(
            difflib.unified_diff(
                committed.splitlines(), current.splitlines(), str(path), "current API", n=1
            )
        )
        changed = sum(1 for line in diff if line[:1] in "+-" and line[:3] not in ("+++", "---"))
        self.stderr.write("\n".join(diff[:60]))
        if len(diff) > 60:
            self.stderr.write(f"… {len(diff) - 60} more diff lines")
        raise CommandError(
            f"{path} is out of date ({changed} changed lines): run `make openapi`.", returncode=1
        )
