"""Back-office views of the playbook records."""

from __future__ import annotations

from django.contrib import admin

from keyact.playbook.models import (
    Assessment,
    BuyingInfluence,
    DiagnosisSettings,
    ManualRedFlag,
    Process,
    Step,
    StepActivity,
    VisitPlan,
)


class StepInline(admin.TabularInline[Step, Process]):
    model = Step
    extra = 0
    fields = ("order", "code", "name_en", "name_zh", "is_critical", "is_standard")


@admin.register(Process)
class ProcessAdmin(admin.ModelAdmin[Process]):
    list_display = ("name_en", "name_zh", "organization", "order", "in_use")
    list_filter = ("organization", "in_use")
    inlines = [StepInline]


class StepActivityInline(admin.TabularInline[StepActivity, Step]):
    model = StepActivity
    extra = 0
    fields = ("order", "name_en", "name_zh", "activity_type", "is_standard")
    raw_id_fields = ("activity_type",)


@admin.register(Step)
class StepAdmin(admin.ModelAdmin[Step]):
    list_display = ("name_en", "name_zh", "process", "order", "is_critical")
    list_filter = ("process__organization", "is_critical")
    readonly_fields = ("process",)
    inlines = [StepActivityInline]


@admin.register(DiagnosisSettings)
class DiagnosisSettingsAdmin(admin.ModelAdmin[DiagnosisSettings]):
    list_display = ("organization", "large_order_amount", "large_customer_employees")


@admin.register(VisitPlan)
class VisitPlanAdmin(admin.ModelAdmin[VisitPlan]):
    list_display = ("customer", "owner", "planned_for", "status", "commitment_level")
    list_filter = ("organization", "status", "commitment_level")
    raw_id_fields = ("owner", "customer", "opportunity", "activity")


class BuyingInfluenceInline(admin.TabularInline[BuyingInfluence, Assessment]):
    model = BuyingInfluence
    extra = 0
    raw_id_fields = ("contact",)


class ManualRedFlagInline(admin.TabularInline[ManualRedFlag, Assessment]):
    model = ManualRedFlag
    extra = 0
    # Resolving goes through red_flag_resolve (the opportunity's rule), not the admin.
    readonly_fields = ("resolved_at", "resolved_by")


@admin.register(Assessment)
class AssessmentAdmin(admin.ModelAdmin[Assessment]):
    list_display = ("opportunity", "decision", "decided_at")
    list_filter = ("organization", "decision")
    raw_id_fields = ("opportunity",)
    inlines = [BuyingInfluenceInline, ManualRedFlagInline]
