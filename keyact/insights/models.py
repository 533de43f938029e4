"""Analyses run for a scope and period: their progress while they run, their result after.

A finished analysis is the cache: it is reused while the scope, the period, the stall
threshold and the organisation's data version (see ``selectors.data_version``) are unchanged.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from keyact.orgs.models import Organization

STEP_LABELS = {
    "impact": _("activity impact"),
    "benchmark": _("top performers"),
    "obstacles": _("obstacles"),
    "effectiveness": _("key-activity effectiveness"),
}


class Analysis(models.Model):
    """One run of the four analyses over a scope and a period."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Running")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")

    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="analyses"
    )
    # "org" for the whole organisation, else a digest of the owners the scope covers.
    scope_key = models.CharField(max_length=64)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    date_from = models.DateField(_("from"))
    date_to = models.DateField(_("to"))
    stall_days = models.PositiveSmallIntegerField(_("stall after days"), default=21)
    data_version = models.CharField(max_length=200)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    progress = models.PositiveSmallIntegerField(default=0)
    step = models.CharField(max_length=40, blank=True)
    result = models.JSONField(null=True, blank=True)
    error = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    # Moved on at every step: a running analysis whose heartbeat stops (its process died) is
    # taken as failed after a while and computed again.
    heartbeat_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("analysis")
        verbose_name_plural = _("analyses")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(
                fields=["organization", "scope_key", "date_from", "date_to", "stall_days"],
                name="insights_analysis_key",
            )
        ]

    def __str__(self) -> str:
        return f"{self.scope_key} {self.date_from}..{self.date_to} ({self.status})"

    @property
    def step_label(self) -> str:
        """The step being computed, in the reader's language."""
        return str(STEP_LABELS.get(self.step, ""))
