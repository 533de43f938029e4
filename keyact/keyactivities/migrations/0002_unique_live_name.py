"""One live key activity per name in an organisation. Duplicates made before the rule (the
same template or candidate defined twice) keep their history: the older one keeps the name,
each later one gets a number appended, e.g. "邀请客户参观样板用户 (2)"."""

import django.db.models.functions.text
from django.db import migrations, models


def number_duplicates(apps, schema_editor):
    KeyActivity = apps.get_model("keyactivities", "KeyActivity")
    live = KeyActivity.objects.exclude(status="retired").order_by("organization_id", "created_at", "id")
    seen: dict[tuple[int, str, str], int] = {}
    for ka in live:
        changed = []
        for field, key in (("name_en", ka.name_en.lower()), ("name_zh", ka.name_zh)):
            if not key:
                continue
            slot = (ka.organization_id, field, key)
            seen[slot] = seen.get(slot, 0) + 1
            if seen[slot] > 1:
                setattr(ka, field, f"{getattr(ka, field)[:190]} ({seen[slot]})")
                changed.append(field)
        if changed:
            ka.save(update_fields=changed)


class Migration(migrations.Migration):
    dependencies = [("keyactivities", "0001_initial")]

    operations = [
        migrations.RunPython(number_duplicates, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="keyactivity",
            constraint=models.UniqueConstraint(
                django.db.models.functions.text.Lower("name_en"),
                models.F("organization"),
                condition=models.Q(
                    models.Q(("name_en", ""), _negated=True),
                    models.Q(("status", "retired"), _negated=True),
                ),
                name="ka_unique_name_en",
            ),
        ),
        migrations.AddConstraint(
            model_name="keyactivity",
            constraint=models.UniqueConstraint(
                models.F("organization"),
                models.F("name_zh"),
                condition=models.Q(
                    models.Q(("name_zh", ""), _negated=True),
                    models.Q(("status", "retired"), _negated=True),
                ),
                name="ka_unique_name_zh",
            ),
        ),
    ]
