"""Sales-mode diagnosis settings, the organisation's editable playbook (the five processes of
METHOD.md §4), visit plans and opportunity assessments (strategic selling)."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from keyact.activities.models import Activity, ActivityType
from keyact.core.bilingual import Bilingual
from keyact.customers.models import Contact, Customer
from keyact.deals.models import Opportunity
from keyact.orgs.models import Organization
from keyact.playbook.strategic_selling import visit_successful


class BilingualMixin(Bilingual):
    """``name``, ``description``… in the active language for models with ``*_en``/``*_zh``."""

    @property
    def name(self) -> str:
        """The name in the active language."""
        return self.localized("name")

    @property
    def description(self) -> str:
        """The description in the active language."""
        return self.localized("description")


class SalesMode(models.TextChoices):
    """The four sales modes of METHOD.md §3."""

    SMALL_ORDER = "small_order", _("Small-order mode")
    SMALL_CUSTOMER = "small_customer", _("Small-customer mode")
    LARGE_ORDER = "large_order", _("Large-order mode")
    LARGE_ACCOUNT = "large_account", _("Large-account mode")


class DiagnosisSettings(models.Model):
    """An organisation's thresholds for classifying deals into sales modes (one row per org)."""

    organization = models.OneToOneField(
        Organization, on_delete=models.CASCADE, related_name="diagnosis_settings"
    )
    large_order_amount = models.DecimalField(
        _("large order from (amount)"),
        max_digits=16,
        decimal_places=2,
        help_text=_("A deal of at least this amount is a large order."),
    )
    large_customer_employees = models.PositiveIntegerField(
        _("large customer from (employees)"),
        help_text=_("A customer with at least this many employees is a large customer."),
    )
    large_customer_revenue = models.DecimalField(
        _("large customer from (annual revenue)"),
        max_digits=18,
        decimal_places=2,
        help_text=_("A customer with at least this annual revenue is a large customer."),
    )
    dominant_share = models.DecimalField(
        _("dominant from (revenue share)"),
        max_digits=4,
        decimal_places=3,
        default=Decimal("0.300"),
        help_text=_("A mode with at least this share of won revenue is named dominant."),
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("diagnosis settings")
        verbose_name_plural = _("diagnosis settings")
        constraints = [
            models.CheckConstraint(
                condition=Q(large_order_amount__gt=0)
                & Q(large_customer_employees__gt=0)
                & Q(large_customer_revenue__gt=0),
                name="diagnosis_thresholds_positive",
            ),
            models.CheckConstraint(
                condition=Q(dominant_share__gt=0) & Q(dominant_share__lte=1),
                name="diagnosis_dominant_share_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organization}: ≥ {self.large_order_amount}"


class Process(BilingualMixin, models.Model):
    """One of the organisation's sales processes (installed from the catalog, then editable)."""

    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="playbook_processes"
    )
    code = models.SlugField(_("code"), max_length=50)
    # Named in one language at least (keyact.core.bilingual).
    name_en = models.CharField(_("name (English)"), max_length=120, blank=True)
    name_zh = models.CharField(_("name (Chinese)"), max_length=120, blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    description_zh = models.TextField(_("description (Chinese)"), blank=True)
    methodology_en = models.TextField(_("methodology (English)"), blank=True)
    methodology_zh = models.TextField(_("methodology (Chinese)"), blank=True)
    focus_en = models.CharField(_("management focus (English)"), max_length=300, blank=True)
    focus_zh = models.CharField(_("management focus (Chinese)"), max_length=300, blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    in_use = models.BooleanField(_("used by the organisation"), default=False)

    class Meta:
        verbose_name = _("sales process")
        verbose_name_plural = _("sales processes")
        ordering = ["order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["organization", "code"], name="process_unique_code"),
            models.CheckConstraint(
                condition=~Q(name_en="") | ~Q(name_zh=""), name="process_has_a_name"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def methodology(self) -> str:
        """The methodology text in the active language."""
        return self.localized("methodology")

    @property
    def focus(self) -> str:
        """What management watches, in the active language."""
        return self.localized("focus")


class Step(BilingualMixin, models.Model):
    """An ordered step of a process. A step never moves to another process."""

    process = models.ForeignKey(Process, on_delete=models.CASCADE, related_name="steps")
    code = models.SlugField(_("code"), max_length=50)
    # Named in one language at least (keyact.core.bilingual).
    name_en = models.CharField(_("name (English)"), max_length=120, blank=True)
    name_zh = models.CharField(_("name (Chinese)"), max_length=120, blank=True)
    description_en = models.TextField(_("what it is for (English)"), blank=True)
    description_zh = models.TextField(_("what it is for (Chinese)"), blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    is_critical = models.BooleanField(_("critical"), default=False)
    is_standard = models.BooleanField(_("from the standard catalog"), default=False)

    class Meta:
        verbose_name = _("process step")
        verbose_name_plural = _("process steps")
        ordering = ["order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["process", "code"], name="step_unique_code"),
            models.CheckConstraint(
                condition=~Q(name_en="") | ~Q(name_zh=""), name="step_has_a_name"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class StepActivity(BilingualMixin, models.Model):
    """A standard (or industry) activity done in a step, optionally mapped to an activity type.

    The mapping protects the activity type: it cannot be deleted while a step uses it.
    """

    step = models.ForeignKey(Step, on_delete=models.CASCADE, related_name="activities")
    # Named in one language at least (keyact.core.bilingual).
    name_en = models.CharField(_("name (English)"), max_length=150, blank=True)
    name_zh = models.CharField(_("name (Chinese)"), max_length=150, blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    description_zh = models.TextField(_("description (Chinese)"), blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    is_standard = models.BooleanField(_("from the standard catalog"), default=False)
    # The catalog entry (its English name) a standard activity was installed from: renaming it
    # keeps it, so a catalog sync knows the entry is there.
    catalog_key = models.CharField(_("catalog entry"), max_length=150, blank=True, editable=False)
    activity_type = models.ForeignKey(
        ActivityType,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="playbook_activities",
        verbose_name=_("activity type"),
    )

    class Meta:
        verbose_name = _("step activity")
        verbose_name_plural = _("step activities")
        ordering = ["order", "id"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(name_en="") | ~Q(name_zh=""), name="step_activity_has_a_name"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class CommitmentLevel(models.TextChoices):
    """How far a visit's result reached against its commitment objective."""

    BEST = "best", _("Best action commitment reached")
    ACCEPTABLE = "acceptable", _("Minimum acceptable action reached")
    BELOW = "below", _("A commitment below the minimum")
    NONE = "none", _("No commitment")


class VisitPlan(models.Model):
    """A planned customer visit with its commitment objective and, once done, its result."""

    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        DONE = "done", _("Done")
        CANCELLED = "cancelled", _("Cancelled")

    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="visit_plans"
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="visit_plans",
        verbose_name=_("owner"),
    )
    customer = models.ForeignKey(
        Customer, on_delete=models.PROTECT, related_name="visit_plans", verbose_name=_("customer")
    )
    opportunity = models.ForeignKey(
        Opportunity,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="visit_plans",
        verbose_name=_("opportunity"),
    )
    planned_for = models.DateTimeField(_("planned for"))
    purpose = models.CharField(_("purpose of the visit"), max_length=300, blank=True)
    best_action = models.CharField(_("best action commitment"), max_length=500)
    minimum_action = models.CharField(_("minimum acceptable action"), max_length=500)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PLANNED
    )
    information_obtained = models.TextField(_("information obtained"), blank=True)
    information_given = models.TextField(_("information given"), blank=True)
    commitment_level = models.CharField(
        _("commitment reached"), max_length=12, choices=CommitmentLevel.choices, blank=True
    )
    commitment_text = models.CharField(_("commitment obtained"), max_length=500, blank=True)
    next_step = models.CharField(_("next step"), max_length=500, blank=True)
    recorded_at = models.DateTimeField(_("result recorded at"), null=True, blank=True)
    activity = models.ForeignKey(
        Activity,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="visit_plans",
        verbose_name=_("visit activity"),
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("visit plan")
        verbose_name_plural = _("visit plans")
        ordering = ["-planned_for", "-id"]
        indexes = [
            models.Index(
                fields=["organization", "owner", "-planned_for"], name="visitplan_org_owner"
            )
        ]

    def __str__(self) -> str:
        return f"{self.customer} · {self.planned_for:%Y-%m-%d}"

    @property
    def is_successful(self) -> bool | None:
        """True when the result reached at least the minimum acceptable action; None if open."""
        if self.status != self.Status.DONE:
            return None
        return visit_successful(self.commitment_level)


class BuyingRole(models.TextChoices):
    """The buying influences of Miller Heiman Strategic Selling."""

    ECONOMIC = "economic", _("Economic buyer")
    USER = "user", _("User buyer")
    TECHNICAL = "technical", _("Technical buyer")
    COACH = "coach", _("Coach")


class ResponseMode(models.TextChoices):
    """How a buying influence sees the change (growth and trouble are receptive)."""

    GROWTH = "growth", _("Growth")
    TROUBLE = "trouble", _("Trouble")
    EVEN_KEEL = "even_keel", _("Even keel")
    OVERCONFIDENT = "overconfident", _("Overconfident")


class Assessment(models.Model):
    """The strategic-selling assessment of an opportunity: strengths and the go / no-go call."""

    class Decision(models.TextChoices):
        UNDECIDED = "undecided", _("Not decided yet")
        GO = "go", _("Go")
        NO_GO = "no_go", _("No go")

    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="assessments"
    )
    opportunity = models.OneToOneField(
        Opportunity, on_delete=models.CASCADE, related_name="assessment"
    )
    strengths = models.TextField(_("strengths"), blank=True)
    decision = models.CharField(
        _("decision"), max_length=10, choices=Decision.choices, default=Decision.UNDECIDED
    )
    reasons = models.TextField(_("reasons"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("opportunity assessment")
        verbose_name_plural = _("opportunity assessments")

    def __str__(self) -> str:
        return f"{self.opportunity}: {self.decision}"


class BuyingInfluence(models.Model):
    """A contact's part in an opportunity's buying decision (role, response mode, rating)."""

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="influences")
    contact = models.ForeignKey(Contact, on_delete=models.PROTECT, related_name="buying_influences")
    role = models.CharField(_("role"), max_length=12, choices=BuyingRole.choices)
    response_mode = models.CharField(
        _("response mode"), max_length=15, choices=ResponseMode.choices
    )
    rating = models.SmallIntegerField(
        _("rating"), default=0, help_text=_("From -5 (against us) to +5 (for us).")
    )
    is_covered = models.BooleanField(
        _("covered"), default=False, help_text=_("Someone of ours has met this person.")
    )
    notes = models.CharField(_("notes"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("buying influence")
        verbose_name_plural = _("buying influences")
        ordering = ["role", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["assessment", "contact", "role"], name="influence_unique_contact_role"
            ),
            models.CheckConstraint(
                condition=Q(rating__gte=-5) & Q(rating__lte=5), name="influence_rating_range"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.contact} ({self.role})"


class ManualRedFlag(models.Model):
    """A red flag a person added to an assessment (derived ones are computed, not stored)."""

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="red_flags")
    text = models.CharField(_("red flag"), max_length=300)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    # Resolved: the risk is dealt with; the flag stays on the assessment, struck through.
    resolved_at = models.DateTimeField(_("resolved at"), null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("red flag")
        verbose_name_plural = _("red flags")
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return self.text
