"""Back-office registration of organisations, the reporting tree and memberships."""

from django.contrib import admin

from keyact.orgs.models import Department, Membership, Organization


@admin.register(Organization)
class OrganizationAdmin(admin.ModelAdmin[Organization]):
    list_display = ("name", "slug", "default_currency", "created_at")
    search_fields = ("name", "slug")


@admin.register(Department)
class DepartmentAdmin(admin.ModelAdmin[Department]):
    list_display = ("name", "kind", "parent", "organization")
    search_fields = ("name",)
    list_filter = ("kind", "organization")
    list_select_related = ("parent", "organization")


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin[Membership]):
    list_display = ("user", "organization", "role", "department", "manager", "is_active")
    search_fields = ("user__username", "user__display_name", "title")
    list_filter = ("role", "is_active", "organization")
    list_select_related = ("user", "organization", "department", "manager")
    raw_id_fields = ("user", "manager")
