"""Account pages. Names are global (``login``, ``logout``) because settings refer to them."""

from django.contrib.auth import views as auth_views
from django.urls import URLPattern, URLResolver, path

from keyact.users import views
from keyact.users.login_throttle import KnownDeviceLoginView

urlpatterns: list[URLPattern | URLResolver] = [
    path("login/", KnownDeviceLoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("language/", views.language_switch, name="language"),
]
