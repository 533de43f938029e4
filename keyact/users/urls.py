"""Account pages. Names are global (``login``, ``logout``) because settings refer to them."""

from django.contrib.auth import views as auth_views
from django.urls import URLPattern, URLResolver, path

from keyact.users import views

urlpatterns: list[URLPattern | URLResolver] = [
    path(
        "login/",
        auth_views.LoginView.as_view(redirect_authenticated_user=True),
        name="login",
    ),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("language/", views.language_switch, name="language"),
]
