"""Base models shared by every app: timestamps, organisation ownership, external identity."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class TimestampedModel(models.Model):
    """A record that knows when it was created and last changed."""

    created_at = models.DateTimeField(auto_now_add=True, db_index=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True


class ExternalIdentity(models.Model):
    """Where an imported record came from: the source system and the record's id there.

    Both are empty for records created in keyact. An id is unique per organisation and source
    (see ``external_identity_constraint``), so importing the same export again finds the rows it
    wrote instead of duplicating them.
    """

    external_source = models.CharField(_("external source"), max_length=30, blank=True, default="")
    external_id = models.CharField(_("external id"), max_length=100, blank=True, default="")

    class Meta:
        abstract = True


def external_identity_constraint(name: str) -> models.UniqueConstraint:
    """The uniqueness of (organisation, source, external id) for records that have one."""
    return models.UniqueConstraint(
        fields=["organization", "external_source", "external_id"],
        condition=~Q(external_id=""),
        name=name,
    )


class StoredFile(models.Model):
    """One uploaded file kept in storage: who uploaded it, how large, until when it was kept.

    The ledger behind the per-user upload rate and storage limits (``keyact.core.uploads``);
    the record that shows the file (a photo, an attachment) keeps the file's name itself.
    """

    name = models.CharField(_("stored name"), max_length=300)
    size = models.PositiveBigIntegerField(_("size in bytes"))
    uploaded_by = models.ForeignKey(
        "users.User", on_delete=models.CASCADE, related_name="stored_files"
    )
    uploaded_at = models.DateTimeField(_("uploaded at"))
    removed_at = models.DateTimeField(_("removed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("stored file")
        verbose_name_plural = _("stored files")
        indexes = [
            models.Index(fields=["uploaded_by", "uploaded_at"], name="storedfile_user_time"),
            models.Index(fields=["name"], name="storedfile_name"),
        ]

    def __str__(self) -> str:
        return self.name
