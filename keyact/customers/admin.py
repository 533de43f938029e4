"""Back-office registration of customers and contacts."""

from django.contrib import admin

from keyact.customers.models import Contact, Customer
from keyact.orgs.admin import OrganizationScopedAdmin


@admin.register(Customer)
class CustomerAdmin(OrganizationScopedAdmin):
    list_display = ("name", "industry", "employees", "owner", "organization", "created_at")
    search_fields = ("name", "industry")
    list_filter = ("organization", "industry")
    list_select_related = ("owner", "organization")
    raw_id_fields = ("owner",)


@admin.register(Contact)
class ContactAdmin(OrganizationScopedAdmin):
    list_display = ("name", "title", "customer", "buying_role", "email", "phone")
    search_fields = ("name", "title", "email", "customer__name")
    list_filter = ("buying_role", "organization")
    list_select_related = ("customer",)
    raw_id_fields = ("customer",)
