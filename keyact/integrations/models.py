"""Import batches: who imported what, when, from which source, and how it went."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from keyact.orgs.models import Organization

REPORT_KEYS = ("users", "customers", "contacts", "opportunities", "activities")


def empty_report() -> dict[str, Any]:
    """The report of an import that has not run yet (the shape of ``keyact import --json``)."""
    return {
        "committed": False,
        "created": dict.fromkeys(REPORT_KEYS, 0),
        "updated": dict.fromkeys(REPORT_KEYS, 0),
        "unchanged": dict.fromkeys(REPORT_KEYS, 0),
        "skipped": dict.fromkeys(REPORT_KEYS, 0),
        "problems": [],
    }


class Source(models.TextChoices):
    """The systems and sheet formats keyact imports from."""

    SALESFORCE = "salesforce", "Salesforce"
    HUBSPOT = "hubspot", "HubSpot"
    PIPEDRIVE = "pipedrive", "Pipedrive"
    ODOO = "odoo", "Odoo"
    FOLLOWUP = "followup", _("Follow-up sheet")
    GENERIC = "generic", _("Spreadsheet with a column mapping")


class ImportBatch(models.Model):
    """One run of an importer over one upload or folder, with its full report."""

    class Status(models.TextChoices):
        UPLOADED = "uploaded", _("Uploaded")
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Running")
        COMMITTED = "committed", _("Imported")
        VALIDATED = "validated", _("Checked, nothing written")
        FAILED = "failed", _("Failed, nothing written")

    class OnError(models.TextChoices):
        ABORT = "abort", _("Write nothing if any row has an error")
        SKIP = "skip", _("Write the valid rows, report the others")

    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="import_batches"
    )
    source = models.CharField(_("source"), max_length=30, choices=Source.choices)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.UPLOADED
    )
    dry_run = models.BooleanField(_("check only"), default=False)
    on_error = models.CharField(
        _("on error"), max_length=10, choices=OnError.choices, default=OnError.ABORT
    )
    file_name = models.CharField(_("file"), max_length=255, blank=True)
    upload = models.FileField(_("upload"), upload_to="imports/%Y/%m/", blank=True)
    mapping = models.JSONField(_("mapping"), default=dict, blank=True)
    encoding = models.CharField(_("encoding"), max_length=30, blank=True)
    rows_total = models.PositiveIntegerField(_("rows"), default=0)
    rows_done = models.PositiveIntegerField(_("rows read"), default=0)
    report = models.JSONField(_("report"), default=empty_report, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("imported by"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    started_at = models.DateTimeField(_("started"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)

    class Meta:
        verbose_name = _("import batch")
        verbose_name_plural = _("import batches")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["organization", "-created_at"], name="import_org_time")]

    def __str__(self) -> str:
        return f"{self.get_source_display()} #{self.pk} ({self.status})"

    def counts(self, kind: str) -> dict[str, int]:
        """The report's counts of one kind (created, updated, unchanged, skipped)."""
        value = self.report.get(kind, {})
        return {key: int(value.get(key, 0)) for key in REPORT_KEYS}


class ImportedRecord(models.Model):
    """The source values a record had when it was last imported.

    A newer export is compared with these, field by field: a field the source changed is
    updated, a field the source did not change keeps whatever was edited in keyact since.
    """

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    source = models.CharField(max_length=30, choices=Source.choices)
    kind = models.CharField(max_length=20)
    external_id = models.CharField(max_length=100)
    object_id = models.PositiveBigIntegerField()
    values = models.JSONField(default=dict)
    batch = models.ForeignKey(
        ImportBatch, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("imported record")
        verbose_name_plural = _("imported records")
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "source", "kind", "external_id"],
                name="imported_record_unique",
            )
        ]

    def __str__(self) -> str:
        return f"{self.source}:{self.kind}:{self.external_id}"


class ImportMapping(models.Model):
    """An organisation's saved column and value mapping for one source, re-applied next time."""

    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="import_mappings"
    )
    source = models.CharField(_("source"), max_length=30, choices=Source.choices)
    name = models.CharField(_("name"), max_length=100, default="default")
    mapping = models.JSONField(_("mapping"), default=dict, blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("import mapping")
        verbose_name_plural = _("import mappings")
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "source", "name"], name="import_mapping_unique_name"
            )
        ]

    def __str__(self) -> str:
        return f"{self.source}: {self.name}"


class CalendarFeed(models.Model):
    """A person's secret calendar address (ICS). Only a SHA-256 digest of the secret is
    stored; revoking it makes the address answer 404 at once."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feeds"
    )
    digest = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("calendar feed")
        verbose_name_plural = _("calendar feeds")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.user} ({'revoked' if self.revoked_at else 'active'})"
