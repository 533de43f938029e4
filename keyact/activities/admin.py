"""Back-office registration of activity types, activities and their audit trail."""

from django.contrib import admin
from django.db.models import Model
from django.http import HttpRequest

from keyact.activities.models import Activity, ActivityChange, ActivityType
from keyact.orgs.admin import OrganizationScopedAdmin, OrganizationScopedInline


@admin.register(ActivityType)
class ActivityTypeAdmin(OrganizationScopedAdmin):
    list_display = ("name_en", "name_zh", "code", "counterpart", "category", "is_active", "order")
    search_fields = ("name_en", "name_zh", "code")
    list_filter = ("counterpart", "category", "is_active", "organization")


class ActivityChangeInline(OrganizationScopedInline):
    model = ActivityChange
    extra = 0
    can_delete = False
    readonly_fields = ("action", "changed_by", "changed_at", "changes")


@admin.register(Activity)
class ActivityAdmin(OrganizationScopedAdmin):
    list_display = ("type", "owner", "status", "occurred_at", "customer", "opportunity", "outcome")
    search_fields = ("subject", "notes", "customer__name", "owner__username")
    list_filter = ("status", "outcome", "type", "organization")
    list_select_related = ("type", "owner", "customer", "opportunity")
    raw_id_fields = ("owner", "customer", "opportunity", "contacts", "participants")
    date_hierarchy = "occurred_at"
    inlines = [ActivityChangeInline]

    # Activities are written through the services only (the pages, the API, the importers):
    # they apply the activity rules and keep the audit trail, which an admin form would bypass.
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False


@admin.register(ActivityChange)
class ActivityChangeAdmin(OrganizationScopedAdmin):
    organization_path = "activity__organization"
    list_display = ("activity", "action", "changed_by", "changed_at")
    list_filter = ("action",)
    list_select_related = ("activity", "changed_by")
    raw_id_fields = ("activity", "changed_by")
