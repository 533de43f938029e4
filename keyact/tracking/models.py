"""Tracking (METHOD.md §7): the organisation's working calendar, and the quality records that
live beside an activity — checklist ticks and rubric scores."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from keyact.activities.models import Activity
from keyact.keyactivities.models import GuideStep, KeyActivity
from keyact.orgs.models import Organization


class CalendarSetting(models.Model):
    """An organisation's time zone and base working calendar (Monday-Friday or mainland China
    with its adjusted working days)."""

    class Base(models.TextChoices):
        CHINA = "cn", _("Mainland China (public holidays and adjusted working days)")
        MON_FRI = "mon_fri", _("Monday to Friday")

    organization = models.OneToOneField(
        Organization, on_delete=models.CASCADE, related_name="calendar_setting"
    )
    time_zone = models.CharField(_("time zone"), max_length=64, default="Asia/Shanghai")
    base = models.CharField(
        _("working calendar"), max_length=10, choices=Base.choices, default=Base.CHINA
    )

    class Meta:
        verbose_name = _("calendar setting")
        verbose_name_plural = _("calendar settings")

    def __str__(self) -> str:
        return f"{self.organization} · {self.base} · {self.time_zone}"


class CalendarDay(models.Model):
    """A company day off or an extra working day, overriding the base calendar."""

    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="calendar_days"
    )
    date = models.DateField(_("date"))
    is_working = models.BooleanField(_("working day"))
    note = models.CharField(_("note"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("calendar day")
        verbose_name_plural = _("calendar days")
        ordering = ["date"]
        constraints = [
            models.UniqueConstraint(fields=["organization", "date"], name="calendar_day_once")
        ]

    def __str__(self) -> str:
        return f"{self.date} {'+' if self.is_working else '-'}"


class ChecklistTick(models.Model):
    """A required guide step done for one activity (checklist quality standard)."""

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="+")
    step = models.ForeignKey(GuideStep, on_delete=models.CASCADE, related_name="ticks")
    ticked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    ticked_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("checklist tick")
        verbose_name_plural = _("checklist ticks")
        constraints = [
            models.UniqueConstraint(fields=["activity", "step"], name="checklist_tick_once")
        ]

    def __str__(self) -> str:
        return f"#{self.activity_id} step {self.step_id}"


class RubricScore(models.Model):
    """One scorer's scores of one activity against a key activity's rubric criteria.

    ``average`` is the mean of ``scores`` (1-5 each); the activity's rubric score is the mean of
    its scorers' averages."""

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="+")
    key_activity = models.ForeignKey(KeyActivity, on_delete=models.CASCADE, related_name="+")
    scorer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    scores = models.JSONField(_("scores"), default=list)
    average = models.DecimalField(_("average score"), max_digits=3, decimal_places=2)
    comment = models.TextField(_("comment"), blank=True, max_length=2000)
    scored_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("rubric score")
        verbose_name_plural = _("rubric scores")
        ordering = ["scored_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["activity", "key_activity", "scorer"], name="rubric_score_once"
            ),
            models.CheckConstraint(
                condition=Q(average__gte=1) & Q(average__lte=5), name="rubric_average_range"
            ),
        ]

    def __str__(self) -> str:
        return f"#{self.activity_id} · {self.average}"


class Review(models.Model):
    """A review of a key activity on its tracking frequency (跟踪频度): the numbers at that
    moment, the manager's notes and decisions; follow-ups hang off it."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    key_activity = models.ForeignKey(KeyActivity, on_delete=models.CASCADE, related_name="reviews")
    due_on = models.DateField(_("due on"))
    held_at = models.DateTimeField(_("held at"), default=timezone.now)
    held_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    notes = models.TextField(_("notes"), blank=True, max_length=10000)
    decisions = models.TextField(_("decisions"), blank=True, max_length=10000)
    snapshot = models.JSONField(_("numbers at the review"), default=dict)
    activities = models.ManyToManyField(
        Activity, blank=True, related_name="+", verbose_name=_("team meetings and coaching")
    )

    class Meta:
        verbose_name = _("review")
        verbose_name_plural = _("reviews")
        ordering = ["-due_on", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["key_activity", "held_by", "due_on"], name="review_once_per_due_date"
            )
        ]

    def __str__(self) -> str:
        return f"{self.key_activity} · {self.due_on}"


class FollowUp(models.Model):
    """An action agreed at a review, with its owner and date; open ones carry into the next."""

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="follow_ups")
    text = models.CharField(_("action"), max_length=500)
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    due_on = models.DateField(_("due on"))
    done_at = models.DateTimeField(_("done at"), null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("follow-up")
        verbose_name_plural = _("follow-ups")
        ordering = ["due_on", "id"]
        indexes = [models.Index(fields=["owner", "done_at", "due_on"], name="followup_owner_open")]

    def __str__(self) -> str:
        return self.text


class CoachingNote(models.Model):
    """A manager's coaching (辅导) of a person on a key activity, or a comment on one of their
    activities, with the agreed next actions; the person acknowledges it."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="coaching_received"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="coaching_given"
    )
    key_activity = models.ForeignKey(
        KeyActivity, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    activity = models.ForeignKey(
        Activity, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    review = models.ForeignKey(
        Review, on_delete=models.SET_NULL, null=True, blank=True, related_name="coaching_notes"
    )
    coaching_activity = models.ForeignKey(
        Activity, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    text = models.TextField(_("coaching note"), max_length=5000)
    next_actions = models.TextField(_("agreed next actions"), blank=True, max_length=2000)
    created_at = models.DateTimeField(default=timezone.now)
    acknowledged_at = models.DateTimeField(_("acknowledged at"), null=True, blank=True)
    done_at = models.DateTimeField(_("actions done at"), null=True, blank=True)

    class Meta:
        verbose_name = _("coaching note")
        verbose_name_plural = _("coaching notes")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["person", "-created_at"], name="coaching_person_time")]

    def __str__(self) -> str:
        return f"{self.person} · {self.created_at:%Y-%m-%d}"


class Notification(models.Model):
    """An in-app reminder for one person (the bell). ``key`` makes each reminder once only."""

    class Kind(models.TextChoices):
        REVIEW_DUE = "review_due", _("Review due")
        OFF_TRACK = "off_track", _("Turned off track")
        FOLLOW_UP_OVERDUE = "follow_up_overdue", _("Follow-up overdue")
        PLANNED_TODAY = "planned_today", _("Planned activity due today")
        COACHING = "coaching", _("Coaching note")

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    key = models.CharField(max_length=200)
    title = models.CharField(_("title"), max_length=300)
    body = models.TextField(_("message"), blank=True, max_length=2000)
    # ``title`` and ``body`` are in the recipient's language when it was said (the e-mail's);
    # ``texts`` holds both in every language of the UI, {"zh-hans": {"title": …, "body": …}},
    # so the bell reads in the reader's language of the moment.
    texts = models.JSONField(default=dict, blank=True)
    url = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["recipient", "key"], name="notification_once")
        ]
        indexes = [
            models.Index(fields=["recipient", "read_at", "-created_at"], name="notification_inbox")
        ]

    def __str__(self) -> str:
        return self.title

    def _shown(self, part: str) -> str:
        said = self.texts.get(get_language() or "", {})
        text = said.get(part) if isinstance(said, dict) else None
        return text if isinstance(text, str) else str(getattr(self, part))

    @property
    def shown_title(self) -> str:
        """The title in the active language (the stored one for rows said before ``texts``)."""
        return self._shown("title")

    @property
    def shown_body(self) -> str:
        """The message in the active language (the stored one for rows said before ``texts``)."""
        return self._shown("body")


class TeamChannel(models.Model):
    """A team's group robot (WeCom, DingTalk or Feishu): where reminders about the team go,
    in the team's language."""

    class Kind(models.TextChoices):
        WECOM = "wecom", _("WeCom group robot")
        DINGTALK = "dingtalk", _("DingTalk group robot")
        FEISHU = "feishu", _("Feishu group robot")

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    department = models.ForeignKey(
        "orgs.Department", on_delete=models.CASCADE, related_name="channels"
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    url = models.URLField(_("webhook URL"), max_length=500)
    secret = models.CharField(_("signing secret"), max_length=200, blank=True)
    language = models.CharField(
        _("language"),
        max_length=10,
        choices=[("zh-hans", "简体中文"), ("en", "English")],
        default="zh-hans",
    )
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("team channel")
        verbose_name_plural = _("team channels")

    def __str__(self) -> str:
        return f"{self.department} · {self.kind}"


class Delivery(models.Model):
    """One message to send through e-mail or a group robot; retried with backoff, then kept
    as failed for an administrator to see. ``key`` makes each message once only."""

    class Channel(models.TextChoices):
        EMAIL = "email", _("E-mail")
        WECOM = "wecom", _("WeCom")
        DINGTALK = "dingtalk", _("DingTalk")
        FEISHU = "feishu", _("Feishu")

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    key = models.CharField(max_length=250, unique=True)
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)
    team_channel = models.ForeignKey(
        TeamChannel, on_delete=models.CASCADE, null=True, blank=True, related_name="deliveries"
    )
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    subject = models.CharField(_("subject"), max_length=300)
    text = models.TextField(_("message"), max_length=4000)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt"), default=timezone.now)
    last_error = models.CharField(_("last error"), max_length=500, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)

    class Meta:
        verbose_name = _("delivery")
        verbose_name_plural = _("deliveries")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["status", "next_attempt_at"], name="delivery_due")]

    def __str__(self) -> str:
        return f"{self.channel} · {self.status} · {self.subject}"
