"""Opportunity pages."""

from django.urls import URLPattern, URLResolver, path

from keyact.deals import board, views

app_name = "deals"
urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.opportunity_list_view, name="list"),
    path("board/", board.opportunity_board_view, name="board"),
    path("board/<id:opportunity_id>/move/", board.opportunity_board_move, name="board_move"),
    path("new/", views.opportunity_create_view, name="create"),
    path("<id:opportunity_id>/", views.opportunity_detail, name="detail"),
    path("<id:opportunity_id>/edit/", views.opportunity_edit_view, name="edit"),
    path("<id:opportunity_id>/move/", views.opportunity_move, name="move"),
]
