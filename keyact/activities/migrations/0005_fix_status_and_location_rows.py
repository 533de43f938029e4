"""Bring existing rows in line with the rules before 0006 makes them constraints.

A done activity without ``completed_at`` gets its start time (when it happened); a planned or
cancelled one loses a ``completed_at`` it kept (a done activity set back to planned). Half a
check-in location cannot be completed, so it is cleared together with its accuracy and time.
Each fix is one UPDATE over the rows that need it.
"""

from django.db import migrations
from django.db.models import F, Q


def forwards(apps, schema_editor):  # type: ignore[no-untyped-def]
    Activity = apps.get_model("activities", "Activity")
    Activity.objects.filter(status="done", completed_at__isnull=True).update(
        completed_at=F("occurred_at")
    )
    Activity.objects.exclude(status="done").filter(completed_at__isnull=False).update(
        completed_at=None
    )
    Activity.objects.filter(
        Q(checkin_latitude__isnull=True) | Q(checkin_longitude__isnull=True)
    ).exclude(
        checkin_latitude__isnull=True,
        checkin_longitude__isnull=True,
        checkin_accuracy_m__isnull=True,
    ).update(
        checkin_latitude=None, checkin_longitude=None, checkin_accuracy_m=None, checkin_at=None
    )


class Migration(migrations.Migration):
    dependencies = [("activities", "0004_external_identity")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop, elidable=True)]
