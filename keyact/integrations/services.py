"""Writes of the integrations app: running an import (from the command line or a background
task) and keeping its batch record."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from keyact.core.errors import DomainError
from keyact.integrations.engine import Options, run_import
from keyact.integrations.formats.registry import FORMATS
from keyact.integrations.models import ImportBatch
from keyact.integrations.reading import source_files
from keyact.integrations.report import Report
from keyact.orgs.models import Organization
from keyact.orgs.services import organization_create
from keyact.users.models import User

# Problems kept on the batch record (the command line prints them all).
STORED_PROBLEMS = 5_000


def organization_for_import(*, slug: str, name: str = "", currency: str = "CNY") -> Organization:
    """The organisation to import into, created (with the standard catalog) when the slug is new."""
    organization = Organization.objects.filter(slug=slug).first()
    if organization is not None:
        return organization
    return organization_create(name=name or slug, slug=slug, default_currency=currency)


def import_batch_create(
    *,
    organization: Organization,
    source: str,
    file_name: str,
    actor: User | None,
    on_error: str = ImportBatch.OnError.ABORT,
    dry_run: bool = False,
    mapping: dict[str, Any] | None = None,
) -> ImportBatch:
    """Record an import about to run (or an upload waiting for its mapping)."""
    if source not in FORMATS:
        raise DomainError(_("Unknown import format: %s") % source, field="source")
    if on_error not in ImportBatch.OnError.values:
        raise DomainError(_("Choose abort or skip."), field="on_error")
    return ImportBatch.objects.create(
        organization=organization,
        source=source,
        file_name=file_name,
        created_by=actor,
        on_error=on_error,
        dry_run=dry_run,
        mapping=mapping or {},
    )


def import_batch_run(
    *, batch: ImportBatch, path: Path, progress: Callable[[int, int], None] | None = None
) -> Report:
    """Run a recorded import over a folder, zip or file; the batch keeps the report."""
    dataset_class = FORMATS[batch.source]
    dataset = dataset_class(
        source_files(path), tz=timezone.get_default_timezone(), mapping=batch.mapping
    )
    ImportBatch.objects.filter(pk=batch.pk).update(
        status=ImportBatch.Status.RUNNING, started_at=timezone.now()
    )
    options = Options(
        on_error=batch.on_error,
        dry_run=batch.dry_run,
        actor=batch.created_by,
        batch=batch,
        create_missing_users=bool(batch.mapping.get("create_missing_users")),
    )
    report = run_import(
        dataset=dataset, organization=batch.organization, options=options, progress=progress
    )
    _finish(batch, report, dataset.encodings)
    return report


@transaction.atomic
def _finish(batch: ImportBatch, report: Report, encodings: dict[str, str]) -> None:
    stored = report.as_dict()
    stored["problems"] = stored["problems"][:STORED_PROBLEMS]
    stored["problems_total"] = len(report.problems)
    if report.committed:
        status = ImportBatch.Status.COMMITTED
    elif batch.dry_run and not (report.errors and batch.on_error == ImportBatch.OnError.ABORT):
        status = ImportBatch.Status.VALIDATED
    else:
        status = ImportBatch.Status.FAILED
    ImportBatch.objects.filter(pk=batch.pk).update(
        status=status,
        report=stored,
        encoding=", ".join(sorted(set(encodings.values()))),
        finished_at=timezone.now(),
    )
    batch.refresh_from_db()
