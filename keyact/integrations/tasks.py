"""Background work of the integrations app, run by the task worker (django-tasks, database
backend)."""

from __future__ import annotations

from pathlib import Path

from django_tasks import task

from keyact.integrations.models import ImportBatch
from keyact.integrations.progress import ProgressWriter
from keyact.integrations.services import import_batch_run


@task()
def import_batch_task(batch_id: int) -> dict[str, object]:
    """Run a queued import (or check); idempotent: a batch that already ran is left alone."""
    batch = ImportBatch.objects.select_related("organization", "created_by").get(pk=batch_id)
    if batch.status != ImportBatch.Status.QUEUED:
        return {"skipped": batch.status}
    with ProgressWriter(batch.pk) as progress:
        report = import_batch_run(batch=batch, path=Path(batch.upload.path), progress=progress)
    return {"committed": report.committed, "errors": report.errors}
