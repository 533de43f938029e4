"""Background tasks: analyses run on a django-tasks worker (``keyact worker``)."""

from __future__ import annotations

from django_tasks import task

from keyact.insights.services import analysis_run


@task()
def analysis_task(*, analysis_id: int) -> None:
    """Run one queued analysis (idempotent: a finished one is left alone)."""
    analysis_run(analysis_id=analysis_id)
