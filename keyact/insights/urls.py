"""Insights pages under /insights/."""

from django.urls import path

from keyact.insights import views

app_name = "insights"

urlpatterns = [
    path("", views.index, name="index"),
    path("impact/", views.impact, name="impact"),
    path("benchmark/", views.benchmark, name="benchmark"),
    path("obstacles/", views.obstacles, name="obstacles"),
    path("effectiveness/", views.effectiveness, name="effectiveness"),
    path("status/<id:analysis_id>/", views.status, name="status"),
]
urlpatterns += [
    path("propose/", views.propose, name="propose"),
    path("score/", views.score, name="score"),
]
