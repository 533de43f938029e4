"""Back-office registration of organisations, the reporting tree, memberships, users and tokens.

The Django admin is a platform tool: superusers may do everything. An organisation's
administrators may open it too, but only to *read* their own organisation's records (every
change goes through keyact's pages and services, which enforce the domain rules).
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.db.models import Model, QuerySet
from django.http import HttpRequest

from keyact.orgs.models import Department, Membership, Organization, Role
from keyact.users.models import ApiToken, User


def admin_organization_id(request: HttpRequest) -> int | None:
    """The organisation an organisation administrator (not a superuser) may read, else None."""
    user = request.user
    if not isinstance(user, User) or not user.is_active or not user.is_staff:
        return None
    membership = Membership.objects.filter(user=user, is_active=True, role=Role.ADMIN).first()
    return membership.organization_id if membership is not None else None


class OrganizationScopedAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    """Superusers: everything. Organisation administrators: read-only, their organisation only."""

    organization_path = "organization"

    def _reader_org(self, request: HttpRequest) -> int | None:
        if getattr(request.user, "is_superuser", False):
            return None
        return admin_organization_id(request)

    def get_queryset(self, request: HttpRequest) -> QuerySet[Any]:
        qs = super().get_queryset(request)
        if getattr(request.user, "is_superuser", False):
            return qs
        org_id = admin_organization_id(request)
        if org_id is None:
            return qs.none()
        return qs.filter(**{self.organization_path: org_id})

    def get_list_filter(self, request: HttpRequest) -> Any:
        filters = super().get_list_filter(request)
        if getattr(request.user, "is_superuser", False):
            return filters
        # The organisation filter would list every tenant's name.
        return [f for f in filters if f != "organization"]

    def has_module_permission(self, request: HttpRequest) -> bool:
        return super().has_module_permission(request) or self._reader_org(request) is not None

    def has_view_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return super().has_view_permission(request, obj) or self._reader_org(request) is not None


class OrganizationScopedInline(admin.TabularInline):  # type: ignore[type-arg]
    """An inline that organisation administrators may read (its parent is already scoped)."""

    def has_view_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        if super().has_view_permission(request, obj):
            return True
        return not getattr(request.user, "is_superuser", False) and (
            admin_organization_id(request) is not None
        )


@admin.register(Organization)
class OrganizationAdmin(OrganizationScopedAdmin):
    list_display = ("name", "slug", "default_currency", "created_at")
    search_fields = ("name", "slug")
    organization_path = "pk"


@admin.register(Department)
class DepartmentAdmin(OrganizationScopedAdmin):
    list_display = ("name", "kind", "parent", "organization")
    search_fields = ("name",)
    list_filter = ("kind", "organization")
    list_select_related = ("parent", "organization")


@admin.register(Membership)
class MembershipAdmin(OrganizationScopedAdmin):
    list_display = ("user", "organization", "role", "department", "manager", "is_active")
    search_fields = ("user__username", "user__display_name", "title")
    list_filter = ("role", "is_active", "organization")
    list_select_related = ("user", "organization", "department", "manager")
    raw_id_fields = ("user", "manager")


# Users and their API tokens are read through their organisation, so they are registered here.
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
