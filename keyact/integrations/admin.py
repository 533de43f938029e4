"""Back-office registration of import batches (read-only for organisation admins)."""

from django.contrib import admin

from keyact.integrations.models import ImportBatch
from keyact.orgs.admin import OrganizationScopedAdmin


@admin.register(ImportBatch)
class ImportBatchAdmin(OrganizationScopedAdmin):
    list_display = ("id", "source", "status", "file_name", "created_by", "created_at")
    list_filter = ("source", "status", "organization")
    list_select_related = ("created_by",)
    raw_id_fields = ("created_by",)
    readonly_fields = ("report", "mapping")
