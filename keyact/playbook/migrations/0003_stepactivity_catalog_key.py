"""Step activities remember the catalog entry they were installed from (``catalog_sync``)."""

from django.db import migrations, models


def backfill(apps, schema_editor):  # type: ignore[no-untyped-def]
    """Standard activities installed before: the catalog entry of the same English name, else
    the one installed at the same position (an administrator may have renamed it since)."""
    from keyact.playbook.catalog import PROCESSES

    StepActivity = apps.get_model("playbook", "StepActivity")
    entries = {
        (p.code, s.code): [a.name_en for a in s.activities] for p in PROCESSES for s in p.steps
    }
    rows = StepActivity.objects.filter(is_standard=True, catalog_key="").select_related(
        "step__process"
    )
    changed = []
    for row in rows.iterator(chunk_size=2000):
        names = entries.get((row.step.process.code, row.step.code), [])
        if row.name_en in names:
            row.catalog_key = row.name_en
        elif row.order % 10 == 0 and 0 < row.order // 10 <= len(names):
            row.catalog_key = names[row.order // 10 - 1]
        else:
            continue
        changed.append(row)
    StepActivity.objects.bulk_update(changed, ["catalog_key"], batch_size=2000)


class Migration(migrations.Migration):
    dependencies = [
        ("playbook", "0002_spin_outcome_wording"),
    ]

    operations = [
        migrations.AddField(
            model_name="stepactivity",
            name="catalog_key",
            field=models.CharField(
                blank=True, editable=False, max_length=150, verbose_name="catalog entry"
            ),
        ),
        migrations.RunPython(backfill, migrations.RunPython.noop),
    ]
