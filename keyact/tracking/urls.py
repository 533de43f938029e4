"""Pages of tracking."""

from django.urls import URLPattern, URLResolver, path

from keyact.tracking import views

app_name = "tracking"
urlpatterns: list[URLPattern | URLResolver] = [
    path("board/", views.board_view, name="board"),
    path(
        "board/<int:key_activity_id>/<int:owner_id>/",
        views.board_cell_view,
        name="board_cell",
    ),
    path(
        "activities/<int:activity_id>/quality/",
        views.activity_quality_view,
        name="activity_quality",
    ),
    path(
        "activities/<int:activity_id>/quality/<str:action>/",
        views.activity_quality_post,
        name="activity_quality_post",
    ),
]
