"""Opportunities (deals), the per-organisation stage list and stage history."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from keyact.core.bilingual import Bilingual
from keyact.core.models import ExternalIdentity, external_identity_constraint
from keyact.customers.models import Customer
from keyact.orgs.models import Organization


class Stage(Bilingual, models.Model):
    """A step of an organisation's pipeline, in order; won and lost stages close a deal."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="stages")
    name_en = models.CharField(_("name (English)"), max_length=100)
    name_zh = models.CharField(_("name (Chinese)"), max_length=100)
    order = models.PositiveSmallIntegerField(_("order"))
    probability = models.PositiveSmallIntegerField(_("win probability %"), default=0)
    is_won = models.BooleanField(_("won"), default=False)
    is_lost = models.BooleanField(_("lost"), default=False)

    class Meta:
        verbose_name = _("stage")
        verbose_name_plural = _("stages")
        ordering = ["order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["organization", "order"], name="stage_unique_order"),
            models.CheckConstraint(
                condition=~(models.Q(is_won=True) & models.Q(is_lost=True)),
                name="stage_not_won_and_lost",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        """The name in the active language."""
        return self.localized("name")


class Opportunity(ExternalIdentity):
    """A deal: what a customer may buy, for how much, and where it stands."""

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        WON = "won", _("Won")
        LOST = "lost", _("Lost")

    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="opportunities"
    )
    customer = models.ForeignKey(
        Customer,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="opportunities",
        verbose_name=_("customer"),
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="opportunities",
        verbose_name=_("owner"),
    )
    name = models.CharField(_("name"), max_length=200)
    amount = models.DecimalField(
        _("amount"), max_digits=16, decimal_places=2, null=True, blank=True
    )
    currency = models.CharField(_("currency"), max_length=3, default="CNY")
    stage = models.ForeignKey(
        Stage, on_delete=models.PROTECT, related_name="opportunities", verbose_name=_("stage")
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.OPEN
    )
    source = models.CharField(_("source"), max_length=100, blank=True)
    expected_close_date = models.DateField(_("expected close date"), null=True, blank=True)
    closed_date = models.DateField(_("closed date"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)
    # Optimistic concurrency: every change (a stage move too) bumps it; a change based on an
    # older one is refused.
    version = models.PositiveIntegerField(default=1, db_default=1)

    class Meta:
        verbose_name = _("opportunity")
        verbose_name_plural = _("opportunities")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["organization", "owner", "status"], name="opp_org_owner_status"),
            models.Index(fields=["organization", "closed_date"], name="opp_org_closed"),
        ]
        constraints = [external_identity_constraint("opportunity_unique_external_id")]

    def __str__(self) -> str:
        return self.name


class StageChange(models.Model):
    """One move of an opportunity from a stage to another, with when and who."""

    opportunity = models.ForeignKey(
        Opportunity, on_delete=models.CASCADE, related_name="stage_changes"
    )
    from_stage = models.ForeignKey(
        Stage, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    to_stage = models.ForeignKey(Stage, on_delete=models.PROTECT, related_name="+")
    changed_at = models.DateTimeField(default=timezone.now)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("stage change")
        verbose_name_plural = _("stage changes")
        ordering = ["changed_at", "id"]

    def __str__(self) -> str:
        return f"#{self.opportunity_id} → {self.to_stage_id} @ {self.changed_at:%Y-%m-%d}"
