"""Pages of the integrations app: imports (admins), exports and the calendar feed (members)."""

from django.urls import URLPattern, URLResolver, path

from keyact.integrations import views, views_import

app_name = "integrations"
urlpatterns: list[URLPattern | URLResolver] = [
    path("org/import/", views_import.imports, name="imports"),
    path("org/import/<id:batch_id>/", views_import.batch, name="batch"),
    path("org/import/<id:batch_id>/map/", views_import.batch_map, name="batch_map"),
    path("org/import/<id:batch_id>/progress/", views_import.batch_progress, name="progress"),
    path("org/import/<id:batch_id>/report.json", views_import.batch_report, name="report"),
    path("exports/", views.exports, name="exports"),
    path("exports/<slug:kind>.<str:fmt>", views.export_download, name="export"),
    path("exports/calendar/", views.calendar_feed, name="calendar_feed"),
    path("calendar/<str:secret>.ics", views.calendar_ics_view, name="calendar_ics"),
]
