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
