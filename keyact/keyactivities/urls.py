"""Key-activity pages under /key-activities/."""

from django.urls import URLPattern, URLResolver, path

from keyact.keyactivities import views

app_name = "keyactivities"
urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.index, name="index"),
    path("candidates/", views.candidates, name="candidates"),
    path("candidates/new/", views.candidate_new, name="candidate_new"),
    path("candidates/suggest/", views.candidate_suggest, name="candidate_suggest"),
    path("candidates/inspire/", views.candidate_inspire, name="candidate_inspire"),
    path("candidates/compare/", views.candidate_compare, name="candidate_compare"),
    path(
        "candidates/<id:candidate_id>/decide/",
        views.candidate_decide_view,
        name="candidate_decide",
    ),
    path("start/", views.start, name="start"),
    path("<id:key_activity_id>/", views.detail, name="detail"),
    path("<id:key_activity_id>/remove/", views.remove, name="remove"),
    path(
        "<id:key_activity_id>/guide/<id:step_id>/attachment/",
        views.guide_attachment,
        name="guide_attachment",
    ),
    path("<id:key_activity_id>/tools/<id:tool_id>/file/", views.tool_file, name="tool_file"),
    path("<id:key_activity_id>/do/<slug:name>/", views.action, name="action"),
    path("<id:key_activity_id>/<slug:step>/", views.step_view, name="step"),
]
