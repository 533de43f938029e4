"""Back-office registration of stages, opportunities and stage history."""

from django.contrib import admin

from keyact.deals.models import Opportunity, Stage, StageChange
from keyact.orgs.admin import OrganizationScopedAdmin, OrganizationScopedInline


@admin.register(Stage)
class StageAdmin(OrganizationScopedAdmin):
    list_display = (
        "name_en",
        "name_zh",
        "order",
        "probability",
        "is_won",
        "is_lost",
        "organization",
    )
    search_fields = ("name_en", "name_zh")
    list_filter = ("organization", "is_won", "is_lost")


class StageChangeInline(OrganizationScopedInline):
    model = StageChange
    extra = 0
    raw_id_fields = ("from_stage", "to_stage", "changed_by")


@admin.register(Opportunity)
class OpportunityAdmin(OrganizationScopedAdmin):
    list_display = ("name", "customer", "owner", "stage", "status", "amount", "currency")
    search_fields = ("name", "customer__name", "source")
    list_filter = ("status", "organization", "stage")
    list_select_related = ("customer", "owner", "stage")
    raw_id_fields = ("customer", "owner")
    inlines = [StageChangeInline]


@admin.register(StageChange)
class StageChangeAdmin(OrganizationScopedAdmin):
    organization_path = "opportunity__organization"
    list_display = ("opportunity", "from_stage", "to_stage", "changed_at", "changed_by")
    search_fields = ("opportunity__name",)
    list_select_related = ("opportunity", "from_stage", "to_stage", "changed_by")
    raw_id_fields = ("opportunity", "changed_by")
