"""The activity pages. Names are global."""

from django.urls import URLPattern, URLResolver, path

from keyact.activities import log_views, views

urlpatterns: list[URLPattern | URLResolver] = [
    path("pick/", views.picker, name="pick"),
    path("activities/", views.activity_list_view, name="activity_list"),
    path("activities/log/", log_views.activity_log, name="activity_log"),
    path("activities/timeline/", log_views.activity_timeline_more, name="activity_timeline_more"),
    path("activities/<id:activity_id>/", views.activity_detail, name="activity_detail"),
    path("activities/<id:activity_id>/edit/", views.activity_edit, name="activity_edit"),
    path("activities/<id:activity_id>/photo/", views.activity_photo, name="activity_photo"),
    path(
        "activities/<id:activity_id>/photo/upload/",
        views.activity_photo_upload,
        name="activity_photo_upload",
    ),
    path(
        "activities/<id:activity_id>/complete/",
        views.activity_complete_view,
        name="activity_complete",
    ),
    path("activities/<id:activity_id>/cancel/", views.activity_cancel_view, name="activity_cancel"),
    path("activities/<id:activity_id>/reopen/", views.activity_reopen_view, name="activity_reopen"),
    path("org/activity-types/", views.activity_types, name="activity_types"),
    path(
        "org/activity-types/<id:type_id>/edit/",
        views.activity_type_edit,
        name="activity_type_edit",
    ),
    path(
        "activity-types/<id:type_id>/toggle/",
        views.activity_type_toggle,
        name="activity_type_toggle",
    ),
]
