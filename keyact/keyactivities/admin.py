"""Back-office views of candidates and key activities. Day-to-day work goes through the pages
and the API, where the rules (versions, owners, publication) are enforced; the history is
read-only here."""

from __future__ import annotations

from django.contrib import admin
from django.db import models

from keyact.keyactivities.models import (
    Candidate,
    Change,
    GuideStep,
    KeyActivity,
    Owner,
    StageStandard,
    Target,
    TeamTarget,
    Tool,
    TrainingItem,
)


@admin.register(Candidate)
class CandidateAdmin(admin.ModelAdmin[Candidate]):
    list_display = ("title_en", "title_zh", "organization", "lens", "impact", "status", "source")
    list_filter = ("organization", "lens", "status", "source")
    search_fields = ("title_en", "title_zh")


class StageInline(admin.TabularInline[StageStandard, KeyActivity]):
    model = StageStandard
    extra = 0


class GuideInline(admin.TabularInline[GuideStep, KeyActivity]):
    model = GuideStep
    extra = 0
    fields = ("order", "text_en", "text_zh", "in_checklist")


class TrainingInline(admin.TabularInline[TrainingItem, KeyActivity]):
    model = TrainingItem
    extra = 0
    fields = ("order", "title_en", "title_zh", "link")
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}


class ToolInline(admin.TabularInline[Tool, KeyActivity]):
    model = Tool
    extra = 0
    fields = ("order", "kind", "name_en", "name_zh", "amount", "currency", "provided_by")


class OwnerInline(admin.TabularInline[Owner, KeyActivity]):
    model = Owner
    extra = 0
    raw_id_fields = ("user",)


class ChangeInline(admin.TabularInline[Change, KeyActivity]):
    model = Change
    extra = 0
    can_delete = False
    readonly_fields = ("version", "action", "changed_by", "changed_at", "changes")

    def has_add_permission(self, request: object, obj: object = None) -> bool:
        return False


@admin.register(KeyActivity)
class KeyActivityAdmin(admin.ModelAdmin[KeyActivity]):
    list_display = ("name_en", "name_zh", "organization", "status", "period", "quantity", "version")
    list_filter = ("organization", "status")
    search_fields = ("name_en", "name_zh")
    readonly_fields = ("version",)
    inlines = [StageInline, GuideInline, TrainingInline, ToolInline, OwnerInline, ChangeInline]


@admin.register(Target)
class TargetAdmin(admin.ModelAdmin[Target]):
    list_display = ("key_activity", "owner", "period_start", "quantity", "is_adjusted")
    list_filter = ("period_start",)


@admin.register(TeamTarget)
class TeamTargetAdmin(admin.ModelAdmin[TeamTarget]):
    list_display = ("key_activity", "department", "period_start", "quantity")
