"""Writes of the integrations app: running an import (from the command line or a background
task) and keeping its batch record."""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Callable
from pathlib import Path
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from keyact.core.errors import DomainError, NotFound, PermissionDenied
from keyact.integrations.engine import Options, run_import
from keyact.integrations.formats.registry import FORMATS
from keyact.integrations.models import CalendarFeed, ImportBatch, ImportMapping, empty_report
from keyact.integrations.reading import source_files
from keyact.integrations.report import Report
from keyact.orgs.models import Organization
from keyact.orgs.selectors import scope_for
from keyact.users.models import User

# Problems kept on the batch record (the command line prints them all).
STORED_PROBLEMS = 5_000


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


def _digest(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


@transaction.atomic
def calendar_feed_create(*, actor: User) -> tuple[CalendarFeed, str]:
    """A new secret calendar address for the actor; earlier ones are revoked. The secret is
    returned once and stored only as a digest."""
    now = timezone.now()
    CalendarFeed.objects.filter(user=actor, revoked_at__isnull=True).update(revoked_at=now)
    secret = secrets.token_urlsafe(32)
    return CalendarFeed.objects.create(user=actor, digest=_digest(secret)), secret


@transaction.atomic
def calendar_feed_revoke(*, actor: User) -> int:
    """Revoke the actor's calendar addresses; returns how many were active."""
    return CalendarFeed.objects.filter(user=actor, revoked_at__isnull=True).update(
        revoked_at=timezone.now()
    )


def calendar_feed_user(*, secret: str) -> User:
    """The person a secret calendar address belongs to; NotFound when unknown or revoked."""
    feed = (
        CalendarFeed.objects.filter(digest=_digest(secret), revoked_at__isnull=True)
        .select_related("user")
        .first()
    )
    if feed is None or not feed.user.is_active:
        raise NotFound(_("No such calendar."))
    CalendarFeed.objects.filter(pk=feed.pk).update(last_used_at=timezone.now())
    return feed.user


UPLOAD_SUFFIXES = (".zip", ".csv", ".xlsx")
UPLOAD_MAX_BYTES = 512 * 1024 * 1024


def import_upload(
    *, actor: User, source: str, upload: UploadedFile[bytes], on_error: str
) -> ImportBatch:
    """Keep an uploaded export (a zip of a folder, or one CSV / XLSX) for mapping (admins)."""
    scope = scope_for(actor)
    if not scope.is_admin:
        raise PermissionDenied(_("Only administrators can import data."))
    name = upload.name or ""
    if not name.lower().endswith(UPLOAD_SUFFIXES):
        raise DomainError(
            _("Upload a .zip of the export folder, or a .csv or .xlsx file."), field="upload"
        )
    if upload.size is None or upload.size > UPLOAD_MAX_BYTES:
        raise DomainError(_("The upload is larger than 512 MB."), field="upload")
    organization = Organization.objects.get(pk=scope.organization_id)
    saved = ImportMapping.objects.filter(
        organization=organization, source=source, name="default"
    ).first()
    batch = import_batch_create(
        organization=organization,
        source=source,
        file_name=name,
        actor=actor,
        on_error=on_error,
        mapping=saved.mapping if saved else {},
    )
    # One folder per batch keeps the file's own name, which a saved mapping refers to.
    batch.upload.save(f"{batch.pk}/{Path(name).name}", upload, save=True)
    return batch


@transaction.atomic
def import_mapping_set(
    *, actor: User, batch: ImportBatch, mapping: dict[str, Any], remember: bool
) -> ImportBatch:
    """Set a batch's column and value mapping; ``remember`` saves it for the organisation."""
    if not scope_for(actor).is_admin or batch.organization_id != scope_for(actor).organization_id:
        raise PermissionDenied(_("Only administrators can import data."))
    if batch.status not in (
        ImportBatch.Status.UPLOADED,
        ImportBatch.Status.VALIDATED,
        ImportBatch.Status.FAILED,
    ):
        raise DomainError(_("This import has already run."), field="status")
    batch.mapping = mapping
    batch.save(update_fields=["mapping"])
    if remember:
        ImportMapping.objects.update_or_create(
            organization_id=batch.organization_id,
            source=batch.source,
            name="default",
            defaults={"mapping": mapping, "updated_by": actor},
        )
    return batch


@transaction.atomic
def import_batch_queue(*, actor: User, batch: ImportBatch, dry_run: bool) -> ImportBatch:
    """Queue a check (dry run) or the import itself as a background task."""
    from keyact.integrations.tasks import import_batch_task

    if not scope_for(actor).is_admin or batch.organization_id != scope_for(actor).organization_id:
        raise PermissionDenied(_("Only administrators can import data."))
    if batch.status in (
        ImportBatch.Status.QUEUED,
        ImportBatch.Status.RUNNING,
        ImportBatch.Status.COMMITTED,
    ):
        raise DomainError(_("This import is already queued or done."), field="status")
    ImportBatch.objects.filter(pk=batch.pk).update(
        status=ImportBatch.Status.QUEUED, dry_run=dry_run, rows_done=0, report=empty_report()
    )
    transaction.on_commit(lambda: import_batch_task.enqueue(batch.pk))
    batch.refresh_from_db()
    return batch
