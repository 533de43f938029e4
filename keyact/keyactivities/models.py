"""Key activities (METHOD.md §5-§7): candidates found through four lenses, the key activity
with its measure, quantity / staged / quality standards and tracking frequency, its outputs
(guide, training, tools, targets), its owners, and the version history of every change."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from keyact.activities.models import ActivityType
from keyact.core.bilingual import Bilingual
from keyact.orgs.models import Department, Organization


class Lens(models.TextChoices):
    """The four ways of finding candidate key activities (寻找候选关键活动)."""

    KEY_STEPS = "key_steps", _("Key steps")
    BENCHMARK = "benchmark", _("Benchmark")
    OBSTACLES = "obstacles", _("Obstacles")
    INNOVATION = "innovation", _("Innovation")


class ImpactSource(models.TextChoices):
    """Where a candidate's impact rating comes from."""

    SELF = "self", _("Self-rated")
    DATA = "data", _("Measured from data")


class Candidate(Bilingual, models.Model):
    """A candidate key activity: what could matter, why, and the evidence for it."""

    class Status(models.TextChoices):
        PROPOSED = "proposed", _("Proposed")
        SELECTED = "selected", _("Selected")
        REJECTED = "rejected", _("Not selected")

    class Source(models.TextChoices):
        MANUAL = "manual", _("Entered by hand")
        SUGGESTED = "suggested", _("Suggested")
        INSIGHTS = "insights", _("From the evidence")

    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="ka_candidates"
    )
    lens = models.CharField(_("lens"), max_length=20, choices=Lens.choices)
    process = models.ForeignKey(
        "playbook.Process",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("process"),
    )
    step = models.ForeignKey(
        "playbook.Step",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("process step"),
    )
    activity_types = models.ManyToManyField(
        ActivityType, blank=True, related_name="+", verbose_name=_("activity types")
    )
    title_en = models.CharField(_("title (English)"), max_length=200, blank=True)
    title_zh = models.CharField(_("title (Chinese)"), max_length=200, blank=True)
    rationale = models.TextField(_("rationale"), blank=True, max_length=5000)
    evidence = models.TextField(_("evidence"), blank=True, max_length=5000)
    impact = models.PositiveSmallIntegerField(_("estimated impact (1-5)"), default=3)
    impact_source = models.CharField(
        _("impact from"), max_length=12, choices=ImpactSource.choices, default=ImpactSource.SELF
    )
    # Numbers behind a data-based impact or a finding (analysis, period, sample sizes, effect).
    evidence_data = models.JSONField(_("evidence (data)"), default=dict, blank=True)
    source = models.CharField(
        _("source"), max_length=12, choices=Source.choices, default=Source.MANUAL
    )
    # Suggestions (from the playbook now, from analytics later) carry a stable key so that
    # suggesting again never duplicates a candidate.
    suggestion_key = models.CharField(_("suggestion key"), max_length=120, blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.PROPOSED
    )
    decision_reason = models.TextField(_("reason"), blank=True, max_length=2000)
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("proposed by"),
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("candidate key activity")
        verbose_name_plural = _("candidate key activities")
        ordering = ["-impact", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "suggestion_key"],
                condition=~Q(suggestion_key=""),
                name="ka_candidate_unique_suggestion",
            ),
            models.CheckConstraint(
                condition=Q(impact__gte=1) & Q(impact__lte=5), name="ka_candidate_impact_range"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def title(self) -> str:
        """The title in the active language."""
        return self.localized("title")


class Aggregate(models.TextChoices):
    """How qualifying activities are counted."""

    COUNT = "count", _("Number of activities")
    DISTINCT_CUSTOMERS = "distinct_customers", _("Number of distinct customers")
    CONVERSION = "conversion", _("Conversion between two stages")


class Period(models.TextChoices):
    """The period a quantity standard and a target apply to."""

    WEEK = "week", _("Week")
    MONTH = "month", _("Month")
    QUARTER = "quarter", _("Quarter")


class QualityKind(models.TextChoices):
    """The four kinds of quality standard (METHOD.md §7), or none."""

    NONE = "none", _("No quality standard")
    OUTCOME = "outcome", _("Outcome")
    EVIDENCE = "evidence", _("Evidence")
    RUBRIC = "rubric", _("Rubric")
    CHECKLIST = "checklist", _("Checklist")


class MinimumOutcome(models.TextChoices):
    """The least outcome an activity must reach under an outcome quality standard."""

    ADVANCE = "advance", _("Advance or better (SPIN)")
    COMMITMENT = "commitment", _("Commitment of at least the minimum acceptable action")
    ORDER = "order", _("Order")


class TrackingFrequency(models.TextChoices):
    """How often progress on a key activity is reviewed (跟踪频度)."""

    WEEKLY = "weekly", _("Weekly")
    BIWEEKLY = "biweekly", _("Every two weeks")
    MONTHLY = "monthly", _("Monthly")


class KeyActivity(Bilingual, models.Model):
    """A key sales activity: what to do, how much, how well, how often, by whom (关键销售活动).

    ``version`` is the optimistic-concurrency token of the key activity *and* of everything
    hanging off it (stages, guide, training, tools, owners, targets): every change bumps it.
    """

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        STAFFING_GAP = "staffing_gap", _("Staffing gap")
        PUBLISHED = "published", _("Published")
        RETIRED = "retired", _("Retired")

    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="key_activities"
    )
    candidate = models.ForeignKey(
        Candidate,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="key_activities",
        verbose_name=_("from candidate"),
    )
    template_code = models.CharField(_("template"), max_length=50, blank=True)
    name_en = models.CharField(_("name (English)"), max_length=200, blank=True)
    name_zh = models.CharField(_("name (Chinese)"), max_length=200, blank=True)
    purpose_en = models.TextField(_("purpose (English)"), blank=True, max_length=5000)
    purpose_zh = models.TextField(_("purpose (Chinese)"), blank=True, max_length=5000)
    process = models.ForeignKey(
        "playbook.Process",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("process"),
    )
    step = models.ForeignKey(
        "playbook.Step",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("process step"),
    )
    # Measure.
    activity_types = models.ManyToManyField(
        ActivityType, blank=True, related_name="+", verbose_name=_("activity types that count")
    )
    aggregate = models.CharField(
        _("aggregate"), max_length=20, choices=Aggregate.choices, default=Aggregate.COUNT
    )
    period = models.CharField(
        _("period"), max_length=10, choices=Period.choices, default=Period.MONTH
    )
    quantity = models.PositiveIntegerField(
        _("quantity per owner and period"), null=True, blank=True
    )
    # Quality standard (one kind).
    quality_kind = models.CharField(
        _("quality standard"), max_length=12, choices=QualityKind.choices, default=QualityKind.NONE
    )
    min_outcome = models.CharField(
        _("minimum outcome"), max_length=12, choices=MinimumOutcome.choices, blank=True
    )
    evidence_checkin = models.BooleanField(_("check-in at the customer"), default=False)
    evidence_max_distance_m = models.PositiveIntegerField(
        _("within metres of the customer"), null=True, blank=True
    )
    evidence_photo = models.BooleanField(_("photo"), default=False)
    evidence_confirmation = models.BooleanField(_("customer confirmation"), default=False)
    rubric_criteria = models.JSONField(_("rubric criteria"), default=list, blank=True)
    rubric_threshold = models.DecimalField(
        _("minimum average score (1-5)"), max_digits=3, decimal_places=2, null=True, blank=True
    )
    # Tracking.
    tracking_frequency = models.CharField(
        _("tracking frequency"),
        max_length=10,
        choices=TrackingFrequency.choices,
        default=TrackingFrequency.WEEKLY,
    )
    review_day = models.PositiveSmallIntegerField(
        _("review day"),
        default=0,
        help_text=_("Weekday (0 = Monday) for weekly reviews, day of the month for monthly."),
    )
    valid_from = models.DateField(_("valid from"))
    valid_to = models.DateField(_("valid to"), null=True, blank=True)
    supporters = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="supported_key_activities"
    )
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.DRAFT
    )
    staffing_note = models.CharField(_("staffing note"), max_length=500, blank=True)
    version = models.PositiveIntegerField(default=1)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    retired_at = models.DateTimeField(_("retired at"), null=True, blank=True)

    class Meta:
        verbose_name = _("key activity")
        verbose_name_plural = _("key activities")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["organization", "status"], name="ka_org_status")]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gte=models.F("valid_from")),
                name="ka_valid_to_after_from",
            ),
            models.CheckConstraint(condition=~Q(name_en="") | ~Q(name_zh=""), name="ka_has_a_name"),
            # One live key activity per name in an organisation (services/definition.py says
            # which one exists; a retired one leaves its name free).
            models.UniqueConstraint(
                Lower("name_en"),
                "organization",
                condition=~Q(name_en="") & ~Q(status="retired"),
                name="ka_unique_name_en",
            ),
            models.UniqueConstraint(
                "organization",
                "name_zh",
                condition=~Q(name_zh="") & ~Q(status="retired"),
                name="ka_unique_name_zh",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        """The name in the active language."""
        return self.localized("name")

    @property
    def purpose(self) -> str:
        """The purpose in the active language."""
        return self.localized("purpose")


class StageStandard(Bilingual, models.Model):
    """One stage of a staged standard, e.g. "invite 10" then "5 visit" (later ≤ earlier)."""

    key_activity = models.ForeignKey(KeyActivity, on_delete=models.CASCADE, related_name="stages")
    order = models.PositiveSmallIntegerField(_("order"))
    name_en = models.CharField(_("name (English)"), max_length=150, blank=True)
    name_zh = models.CharField(_("name (Chinese)"), max_length=150, blank=True)
    activity_type = models.ForeignKey(
        ActivityType, on_delete=models.PROTECT, related_name="+", verbose_name=_("activity type")
    )
    quantity = models.PositiveIntegerField(_("quantity per period"))

    class Meta:
        verbose_name = _("stage of a standard")
        verbose_name_plural = _("stages of a standard")
        ordering = ["order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["key_activity", "order"], name="ka_stage_unique_order")
        ]

    def __str__(self) -> str:
        return f"{self.name}: {self.quantity}"

    @property
    def name(self) -> str:
        """The stage name in the active language."""
        return self.localized("name")


class GuideStep(Bilingual, models.Model):
    """One ordered step of the operating guide (操作指南); may be a required checklist item."""

    key_activity = models.ForeignKey(
        KeyActivity, on_delete=models.CASCADE, related_name="guide_steps"
    )
    order = models.PositiveSmallIntegerField(_("order"))
    text_en = models.CharField(_("step (English)"), max_length=500, blank=True)
    text_zh = models.CharField(_("step (Chinese)"), max_length=500, blank=True)
    attachment = models.FileField(
        _("attachment"), upload_to="key-activities/guides/%Y/%m/", blank=True
    )
    in_checklist = models.BooleanField(_("required by the checklist"), default=False)

    class Meta:
        verbose_name = _("guide step")
        verbose_name_plural = _("guide steps")
        ordering = ["order", "id"]

    def __str__(self) -> str:
        return self.text

    @property
    def text(self) -> str:
        """The step in the active language."""
        return self.localized("text")


class TrainingItem(Bilingual, models.Model):
    """A skill-training item (训练技能) with its material."""

    key_activity = models.ForeignKey(
        KeyActivity, on_delete=models.CASCADE, related_name="training_items"
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    title_en = models.CharField(_("title (English)"), max_length=200, blank=True)
    title_zh = models.CharField(_("title (Chinese)"), max_length=200, blank=True)
    material_en = models.TextField(_("material (English)"), blank=True, max_length=5000)
    material_zh = models.TextField(_("material (Chinese)"), blank=True, max_length=5000)
    link = models.URLField(_("link"), blank=True, max_length=500)

    class Meta:
        verbose_name = _("training item")
        verbose_name_plural = _("training items")
        ordering = ["order", "id"]

    def __str__(self) -> str:
        return self.title

    @property
    def title(self) -> str:
        """The title in the active language."""
        return self.localized("title")

    @property
    def material(self) -> str:
        """The material in the active language."""
        return self.localized("material")


class TrainingCompletion(models.Model):
    """An owner completed a training item, confirmed by someone (usually the manager)."""

    item = models.ForeignKey(TrainingItem, on_delete=models.CASCADE, related_name="completions")
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    completed_on = models.DateField(_("completed on"))
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        verbose_name = _("training completion")
        verbose_name_plural = _("training completions")
        constraints = [
            models.UniqueConstraint(fields=["item", "owner"], name="ka_training_once_per_owner")
        ]

    def __str__(self) -> str:
        return f"{self.item} · {self.owner} · {self.completed_on}"


class Tool(Bilingual, models.Model):
    """A tool or resource (设计工具): a template, file, link or budgeted item, and its provider."""

    class Kind(models.TextChoices):
        TEMPLATE = "template", _("Template")
        FILE = "file", _("File")
        LINK = "link", _("Link")
        BUDGET = "budget", _("Budgeted item")
        SUPPORT = "support", _("Support from another department")

    key_activity = models.ForeignKey(KeyActivity, on_delete=models.CASCADE, related_name="tools")
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    name_en = models.CharField(_("name (English)"), max_length=200, blank=True)
    name_zh = models.CharField(_("name (Chinese)"), max_length=200, blank=True)
    url = models.URLField(_("link"), blank=True, max_length=500)
    file = models.FileField(_("file"), upload_to="key-activities/tools/%Y/%m/", blank=True)
    amount = models.DecimalField(
        _("budget per period"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    currency = models.CharField(_("currency"), max_length=3, blank=True)
    provided_by = models.CharField(_("provided by"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("tool or resource")
        verbose_name_plural = _("tools and resources")
        ordering = ["order", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(amount__isnull=True) | Q(amount__gte=0), name="ka_tool_amount_positive"
            )
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        """The name in the active language."""
        return self.localized("name")


class Owner(models.Model):
    """A person responsible for a key activity (责任人); with several, exactly one is the lead."""

    key_activity = models.ForeignKey(KeyActivity, on_delete=models.CASCADE, related_name="owners")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="key_activity_roles"
    )
    is_lead = models.BooleanField(_("lead"), default=False)
    added_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("owner")
        verbose_name_plural = _("owners")
        ordering = ["-is_lead", "id"]
        constraints = [
            models.UniqueConstraint(fields=["key_activity", "user"], name="ka_owner_once"),
            models.UniqueConstraint(
                fields=["key_activity"], condition=Q(is_lead=True), name="ka_one_lead"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user}{' (lead)' if self.is_lead else ''}"


class Target(models.Model):
    """What one owner should achieve in one period; staged targets list a quantity per stage."""

    key_activity = models.ForeignKey(KeyActivity, on_delete=models.CASCADE, related_name="targets")
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    period_start = models.DateField(_("period start"))
    period_end = models.DateField(_("period end"))
    quantity = models.PositiveIntegerField(_("target"))
    stage_quantities = models.JSONField(_("per stage"), default=list, blank=True)
    is_adjusted = models.BooleanField(_("adjusted by hand"), default=False)

    class Meta:
        verbose_name = _("target")
        verbose_name_plural = _("targets")
        ordering = ["period_start", "owner_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["key_activity", "owner", "period_start"], name="ka_target_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.owner} {self.period_start}: {self.quantity}"


class TeamTarget(models.Model):
    """A team's (department's) target for a period; member targets must add up to it."""

    key_activity = models.ForeignKey(
        KeyActivity, on_delete=models.CASCADE, related_name="team_targets"
    )
    department = models.ForeignKey(Department, on_delete=models.PROTECT, related_name="+")
    period_start = models.DateField(_("period start"))
    period_end = models.DateField(_("period end"))
    quantity = models.PositiveIntegerField(_("team target"))

    class Meta:
        verbose_name = _("team target")
        verbose_name_plural = _("team targets")
        ordering = ["period_start", "department_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["key_activity", "department", "period_start"], name="ka_team_target_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.department} {self.period_start}: {self.quantity}"


class Change(models.Model):
    """The version history of a key activity: who changed what, when, before and after."""

    key_activity = models.ForeignKey(KeyActivity, on_delete=models.CASCADE, related_name="changes")
    version = models.PositiveIntegerField()
    action = models.CharField(max_length=40)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    changed_at = models.DateTimeField(default=timezone.now)
    changes = models.JSONField(default=dict, blank=True)

    class Meta:
        verbose_name = _("key activity change")
        verbose_name_plural = _("key activity changes")
        ordering = ["version", "id"]

    def __str__(self) -> str:
        return f"#{self.key_activity_id} v{self.version} {self.action}"
