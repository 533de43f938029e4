"""Background work of tracking, run by ``keyact worker`` (django-tasks, database backend)."""

from __future__ import annotations

from django_tasks import task

from keyact.orgs.models import Organization
from keyact.tracking.services.reminders import deliveries_send_due, reminders_scan


@task()
def reminders_tick() -> dict[str, int]:
    """Scan every organisation for reminders, then send what is due. Idempotent: running it
    twice, or on two workers, says nothing twice."""
    notifications = deliveries = 0
    for organization in Organization.objects.order_by("pk"):
        report = reminders_scan(organization=organization)
        notifications += report.notifications
        deliveries += report.deliveries
    sent = deliveries_send_due()
    return {"notifications": notifications, "deliveries": deliveries, "sent": sent}
