"""Back-office registration of users and API tokens."""

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from keyact.orgs.admin import OrganizationScopedAdmin
from keyact.users.models import ApiToken, User


@admin.register(User)
class UserAdmin(OrganizationScopedAdmin, BaseUserAdmin[User]):
    """Superusers manage every account; organisation administrators read their members."""

    organization_path = "membership__organization"
    list_display = ("username", "display_name", "email", "language", "is_active", "is_staff")
    search_fields = ("username", "display_name", "email")
    list_filter = ("is_active", "is_staff", "language")
    fieldsets = (
        *(BaseUserAdmin.fieldsets or ()),
        ("keyact", {"fields": ("display_name", "language")}),
    )


@admin.register(ApiToken)
class ApiTokenAdmin(OrganizationScopedAdmin):
    organization_path = "user__membership__organization"
    list_display = ("name", "user", "prefix", "created_at", "last_used_at", "revoked_at")
    search_fields = ("name", "prefix", "user__username")
    list_filter = ("revoked_at",)
    readonly_fields = ("prefix", "created_at", "last_used_at")
    exclude = ("digest",)
