"""The landing page and My day. Names are global: ``home`` is the landing page (the team board
of a manager, department head or director; My day for everyone else), ``my_day`` is My day."""

from django.urls import URLPattern, URLResolver, path

from keyact.workspace import views

urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.home, name="home"),
    path("my-day/", views.my_day_view, name="my_day"),
    path("my-day/key-activities/", views.my_key_activities, name="my_key_activities"),
    path("log/", views.quick_log, name="quick_log"),
    path("plan/", views.plan, name="plan"),
]
