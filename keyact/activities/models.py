"""The activity-type catalog and activity records (METHOD.md §2)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from keyact.core.bilingual import Bilingual
from keyact.core.models import ExternalIdentity, external_identity_constraint
from keyact.customers.models import Contact, Customer
from keyact.deals.models import Opportunity
from keyact.orgs.models import Organization


class Counterpart(models.TextChoices):
    """Whom an activity is done with (活动对象)."""

    CUSTOMER = "customer", _("Customer")
    MANAGER = "manager", _("Manager")
    SUPPORTER = "supporter", _("Supporter")
    SELF = "self", _("Self")


class ActivityType(Bilingual, models.Model):
    """A kind of sales activity an organisation records, e.g. a visit or a product demo."""

    class Category(models.TextChoices):
        STANDARD = "standard", _("Standard")
        INDUSTRY = "industry", _("Industry")

    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="activity_types"
    )
    code = models.SlugField(_("code"), max_length=50)
    # Named in the admin's language, the other optional (keyact.core.bilingual).
    name_en = models.CharField(_("name (English)"), max_length=100, blank=True)
    name_zh = models.CharField(_("name (Chinese)"), max_length=100, blank=True)
    counterpart = models.CharField(
        _("counterpart"), max_length=20, choices=Counterpart.choices, default=Counterpart.CUSTOMER
    )
    category = models.CharField(
        _("category"), max_length=20, choices=Category.choices, default=Category.INDUSTRY
    )
    icon = models.CharField(_("icon"), max_length=40, blank=True, default="")
    order = models.PositiveSmallIntegerField(_("order"), default=100)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("activity type")
        verbose_name_plural = _("activity types")
        ordering = ["order", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "code"], name="activity_type_unique_code"
            ),
            models.CheckConstraint(
                condition=~Q(name_en="") | ~Q(name_zh=""), name="activity_type_has_a_name"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        """The name in the active language, else the other one."""
        return self.localized("name")


class Outcome(models.TextChoices):
    """How an activity ended (SPIN call outcomes plus a commitment obtained)."""

    ORDER = "order", _("Order")
    ADVANCE = "advance", _("Advance")
    CONTINUATION = "continuation", _("Continuation")
    NO_SALE = "no_sale", _("No sale")
    COMMITMENT = "commitment", _("Commitment obtained")


class Activity(ExternalIdentity):
    """One sales activity, planned or done. A done activity is a fact: changes are audited."""

    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        DONE = "done", _("Done")
        CANCELLED = "cancelled", _("Cancelled")

    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="activities"
    )
    type = models.ForeignKey(
        ActivityType, on_delete=models.PROTECT, related_name="activities", verbose_name=_("type")
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="activities",
        verbose_name=_("owner"),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DONE
    )
    occurred_at = models.DateTimeField(
        _("when"), help_text=_("Start time when done; due time when planned.")
    )
    ended_at = models.DateTimeField(_("end"), null=True, blank=True)
    duration_minutes = models.PositiveIntegerField(_("duration (minutes)"), null=True, blank=True)
    customer = models.ForeignKey(
        Customer,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="activities",
        verbose_name=_("customer"),
    )
    opportunity = models.ForeignKey(
        Opportunity,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="activities",
        verbose_name=_("opportunity"),
    )
    contacts = models.ManyToManyField(
        Contact, blank=True, related_name="activities", verbose_name=_("contacts")
    )
    participants = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="participated_activities",
        verbose_name=_("participants"),
    )
    subject = models.CharField(_("subject"), max_length=200, blank=True)
    outcome = models.CharField(_("outcome"), max_length=20, choices=Outcome.choices, blank=True)
    commitment_text = models.CharField(_("commitment"), max_length=500, blank=True)
    notes = models.TextField(_("notes"), blank=True, max_length=10000)
    checkin_latitude = models.FloatField(_("check-in latitude"), null=True, blank=True)
    checkin_longitude = models.FloatField(_("check-in longitude"), null=True, blank=True)
    checkin_accuracy_m = models.FloatField(_("check-in accuracy (m)"), null=True, blank=True)
    checkin_at = models.DateTimeField(_("checked in at"), null=True, blank=True)
    photo = models.FileField(_("photo"), upload_to="activity-photos/%Y/%m/", blank=True)
    customer_confirmed = models.BooleanField(_("confirmed by customer"), default=False)
    customer_confirmed_by = models.CharField(_("confirmed by"), max_length=150, blank=True)
    completed_at = models.DateTimeField(_("completed at"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    updated_at = models.DateTimeField(default=timezone.now)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("activity")
        verbose_name_plural = _("activities")
        ordering = ["-occurred_at", "-id"]
        indexes = [
            # Lists of a scope ordered by time: the planner walks this index backwards.
            models.Index(
                fields=["organization", "-occurred_at", "-id"],
                name="activity_org_time",
                include=["owner", "type"],
            ),
            models.Index(fields=["owner", "status", "occurred_at"], name="activity_owner_status"),
            models.Index(fields=["customer", "-occurred_at"], name="activity_customer_time"),
            models.Index(fields=["opportunity", "-occurred_at"], name="activity_opp_time"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(ended_at__isnull=True) | Q(ended_at__gte=models.F("occurred_at")),
                name="activity_end_after_start",
            ),
            models.CheckConstraint(
                condition=Q(checkin_accuracy_m__isnull=True) | Q(checkin_accuracy_m__gte=0),
                name="activity_checkin_accuracy_positive",
            ),
            # A check-in location is a pair; its accuracy belongs to the pair (rules.py).
            models.CheckConstraint(
                condition=Q(
                    checkin_latitude__isnull=True,
                    checkin_longitude__isnull=True,
                    checkin_accuracy_m__isnull=True,
                )
                | Q(checkin_latitude__isnull=False, checkin_longitude__isnull=False),
                name="activity_checkin_pair",
            ),
            # Done if and only if completed (docs/adr/0013-activity-status-transitions.md).
            models.CheckConstraint(
                condition=Q(status="done", completed_at__isnull=False)
                | (~Q(status="done") & Q(completed_at__isnull=True)),
                name="activity_done_has_completed_at",
            ),
            external_identity_constraint("activity_unique_external_id"),
        ]

    def __str__(self) -> str:
        return f"{self.type} · {self.occurred_at:%Y-%m-%d}"


class ActivityChange(models.Model):
    """The audit trail of an activity: who did what, when, with the values before and after."""

    class Action(models.TextChoices):
        CREATED = "created", _("Created")
        UPDATED = "updated", _("Updated")
        COMPLETED = "completed", _("Completed")
        CANCELLED = "cancelled", _("Cancelled")
        REOPENED = "reopened", _("Reopened")

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="changes")
    action = models.CharField(max_length=20, choices=Action.choices)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    changed_at = models.DateTimeField(default=timezone.now)
    changes = models.JSONField(default=dict, blank=True)
    reason = models.CharField(_("reason"), max_length=500, blank=True, default="")

    class Meta:
        verbose_name = _("activity change")
        verbose_name_plural = _("activity changes")
        ordering = ["changed_at", "id"]

    def __str__(self) -> str:
        return f"{self.action} #{self.activity_id} @ {self.changed_at:%Y-%m-%d %H:%M}"
