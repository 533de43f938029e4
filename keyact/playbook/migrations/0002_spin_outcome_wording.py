"""The customer-visit methodology text names the SPIN outcomes as the activity chips do
(成交 · 推进 · 延续 · 未成交, docs/glossary.md) in playbooks installed before the wording review.
Only untouched copies of the catalog text are rewritten; an organisation's own edits stay."""

from django.db import migrations

OLD = "推进、继续、无销售；只有成交和推进算成功。"
NEW = "推进、延续、未成交；只有成交和推进算成功。"


def forwards(apps, schema_editor):
    Process = apps.get_model("playbook", "Process")
    for process in Process.objects.filter(code="customer_visit", methodology_zh__contains=OLD):
        process.methodology_zh = process.methodology_zh.replace(OLD, NEW)
        process.save(update_fields=["methodology_zh"])


def backwards(apps, schema_editor):
    Process = apps.get_model("playbook", "Process")
    for process in Process.objects.filter(code="customer_visit", methodology_zh__contains=NEW):
        process.methodology_zh = process.methodology_zh.replace(NEW, OLD)
        process.save(update_fields=["methodology_zh"])


class Migration(migrations.Migration):
    dependencies = [("playbook", "0001_initial")]

    operations = [migrations.RunPython(forwards, backwards)]
