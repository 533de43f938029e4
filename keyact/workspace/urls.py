"""My day. Names are global: ``home`` is the landing page."""

from django.urls import URLPattern, URLResolver, path

from keyact.workspace import views

urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.home, name="home"),
    path("log/", views.quick_log, name="quick_log"),
    path("plan/", views.plan, name="plan"),
]
