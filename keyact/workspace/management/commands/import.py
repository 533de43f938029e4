"""``keyact import <format> PATH --org SLUG [--dry-run] [--on-error abort|skip] [--json]``.

A composition: the organisation is provisioned (standard catalog) when the slug is new, then
the integrations app imports into it. A new organisation lives or dies with its import: both run
in one transaction, so an import that does not commit (errors with ``--on-error abort``, a dry
run, an exception, an interrupt) leaves no organisation behind. Into an existing organisation
the failed batch stays on record, as in the web flow."""

from __future__ import annotations

import json
from argparse import ArgumentParser
from contextlib import AbstractContextManager, nullcontext
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from keyact.core.errors import DomainError
from keyact.integrations.formats.registry import FORMATS
from keyact.integrations.report import OUTCOMES, Report
from keyact.integrations.services import import_batch_create, import_batch_run
from keyact.orgs.models import Organization
from keyact.workspace.services import organization_provision


class _Discarded(Exception):
    """Rolls back a new organisation whose import did not commit."""

    def __init__(self, report: Report) -> None:
        super().__init__("import not committed")
        self.report = report


class Command(BaseCommand):
    help = (
        "Import an export (a folder, a zip or a file) into an organisation. Nothing half-done: "
        "with --on-error abort (the default) any error means nothing is written."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("format", choices=sorted(FORMATS), help="the export's format")
        parser.add_argument("path", type=Path, help="folder, zip archive or single CSV / XLSX")
        parser.add_argument("--org", required=True, help="organisation slug (created if new)")
        parser.add_argument("--org-name", default="", help="name of a new organisation")
        parser.add_argument("--currency", default="CNY", help="currency of a new organisation")
        parser.add_argument("--dry-run", action="store_true", help="check only, write nothing")
        parser.add_argument("--on-error", choices=["abort", "skip"], default="abort")
        parser.add_argument("--mapping", type=Path, help="JSON file with column / value mapping")
        parser.add_argument(
            "--create-missing-users",
            action="store_true",
            help="create people named in the sheet who are not in keyact yet",
        )
        parser.add_argument("--json", action="store_true", help="print the report as JSON")

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["path"]
        if not path.exists():
            raise CommandError(f"no such file or folder: {path}")
        mapping: dict[str, Any] = {}
        if options["mapping"]:
            try:
                mapping = json.loads(options["mapping"].read_text(encoding="utf-8"))
            except (OSError, ValueError) as exc:
                raise CommandError(f"cannot read the mapping: {exc}") from exc
        if options["create_missing_users"]:
            mapping["create_missing_users"] = True
        existing = Organization.objects.filter(slug=options["org"]).first()
        scope: AbstractContextManager[Any] = (
            nullcontext() if existing is not None else transaction.atomic()
        )
        try:
            with scope:
                report = self._import(existing, path, mapping, options)
                if existing is None and not report.committed:
                    raise _Discarded(report)
        except _Discarded as discarded:
            report = discarded.report
        except DomainError as exc:
            raise CommandError(exc.message) from exc
        data = report.as_dict()
        if options["json"]:
            self.stdout.write(json.dumps(data, ensure_ascii=False, indent=2))
        else:
            self._print(data)
        failed = not report.committed and not (options["dry_run"] and report.errors == 0)
        if failed:
            raise CommandError(
                f"nothing written: {report.errors} error(s)"
                if not options["dry_run"]
                else f"check failed: {report.errors} error(s)"
            )

    def _import(
        self,
        existing: Organization | None,
        path: Path,
        mapping: dict[str, Any],
        options: dict[str, Any],
    ) -> Report:
        organization = existing or organization_provision(
            name=options["org_name"] or options["org"],
            slug=options["org"],
            default_currency=options["currency"],
        )
        batch = import_batch_create(
            organization=organization,
            source=options["format"],
            file_name=path.name,
            actor=None,
            on_error=options["on_error"],
            dry_run=options["dry_run"],
            mapping=mapping,
        )
        return import_batch_run(batch=batch, path=path)

    def _print(self, data: dict[str, Any]) -> None:
        state = "committed" if data["committed"] else "not committed"
        self.stdout.write(f"Import {state}.")
        for outcome in OUTCOMES:
            counts = ", ".join(f"{k} {v}" for k, v in data[outcome].items() if v)
            self.stdout.write(f"  {outcome:<10} {counts or '-'}")
        for p in data["problems"]:
            where = f"{p['file']}:{p['line']}" if p["line"] else p["file"] or "-"
            self.stdout.write(
                f"  {p['severity']:<7} {where} {p['id'] or ''} {p['field'] or ''}: {p['reason']}"
            )
