"""Organisations (tenants), their reporting tree and the people in them."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from keyact.core.models import (
    ExternalIdentity,
    TimestampedModel,
    external_identity_constraint,
)


class Organization(TimestampedModel):
    """A sales organisation: the tenant boundary. Organisations never see each other's data."""

    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=60, unique=True)
    default_currency = models.CharField(_("default currency"), max_length=3, default="CNY")

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")

    def __str__(self) -> str:
        return self.name


class Department(TimestampedModel):
    """A unit of the reporting tree: a department or a team inside one."""

    class Kind(models.TextChoices):
        DEPARTMENT = "department", _("Department")
        TEAM = "team", _("Team")

    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="departments"
    )
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.TEAM)
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("parent unit"),
    )

    class Meta:
        verbose_name = _("department or team")
        verbose_name_plural = _("departments and teams")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "name"], name="department_unique_name_per_org"
            )
        ]

    def __str__(self) -> str:
        return self.name


class Role(models.TextChoices):
    """What a member may see and do (METHOD.md §9)."""

    REP = "rep", _("Sales rep")
    MANAGER = "manager", _("Manager")
    DEPARTMENT_HEAD = "department_head", _("Department head")
    SUPPORTER = "supporter", _("Supporter")
    ADMIN = "admin", _("Administrator")


class Membership(ExternalIdentity, TimestampedModel):
    """A user's place in an organisation: role, unit and manager in the reporting tree.

    An imported user's id in the source system sits here, with the organisation it is unique in.
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="membership"
    )
    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.REP)
    department = models.ForeignKey(
        Department,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="memberships",
        verbose_name=_("department or team"),
    )
    manager = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="direct_reports",
        verbose_name=_("manager"),
    )
    title = models.CharField(_("job title"), max_length=120, blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        indexes = [models.Index(fields=["organization", "role"], name="membership_org_role")]
        constraints = [external_identity_constraint("membership_unique_external_id")]

    def __str__(self) -> str:
        return f"{self.user} @ {self.organization} ({self.role})"
