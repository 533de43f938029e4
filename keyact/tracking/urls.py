"""Pages of tracking."""

from django.urls import URLPattern, URLResolver, path

from keyact.tracking import views, views_reviews, views_settings

app_name = "tracking"
urlpatterns: list[URLPattern | URLResolver] = [
    path("reviews/", views_reviews.reviews_view, name="reviews"),
    path("reviews/<id:review_id>/", views_reviews.review_view, name="review"),
    path(
        "reviews/hold/<id:key_activity_id>/",
        views_reviews.review_hold_view,
        name="review_hold",
    ),
    path(
        "follow-ups/<id:follow_up_id>/done/",
        views_reviews.follow_up_done_view,
        name="follow_up_done",
    ),
    path("coaching/", views_reviews.coaching_view, name="coaching"),
    path("mine/", views_reviews.mine_view, name="mine"),
    path("notifications/", views_reviews.notifications_view, name="notifications"),
    path("notifications/bell/", views_reviews.bell_view, name="bell"),
    path(
        "notifications/<id:notification_id>/open/",
        views_reviews.notification_open_view,
        name="notification_open",
    ),
    path("deliveries/failed/", views_reviews.deliveries_failed_view, name="deliveries_failed"),
    path("coaching/new/", views_reviews.coaching_create_view, name="coaching_create"),
    path(
        "coaching/<id:note_id>/<str:action>/",
        views_reviews.coaching_answer_view,
        name="coaching_answer",
    ),
    path("board/", views.board_view, name="board"),
    path("scoring/", views.scoring_view, name="scoring"),
    path("settings/calendar/", views_settings.calendar_settings_view, name="calendar"),
    path("settings/robots/", views_settings.channels_view, name="channels"),
    path("scorecards/<id:person_id>/", views.scorecard_view, name="scorecard"),
    path("scorecards/<id:person_id>/xlsx/", views.scorecard_xlsx_view, name="scorecard_xlsx"),
    path(
        "board/<id:key_activity_id>/<id:owner_id>/",
        views.board_cell_view,
        name="board_cell",
    ),
    path(
        "activities/<id:activity_id>/quality/",
        views.activity_quality_view,
        name="activity_quality",
    ),
    path(
        "activities/<id:activity_id>/quality/<str:action>/",
        views.activity_quality_post,
        name="activity_quality_post",
    ),
]
