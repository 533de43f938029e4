"""URL map: pages per app, the JSON API under /api/v1/, the Django admin for back-office work."""

from django.contrib import admin
from django.urls import include, path

from keyact.config.api import api
from keyact.core.views import favicon

# Error pages rendered with the request (the layout needs the user); <id:...> is registered in
# keyact.core.apps so every app's patterns can use it.
handler400 = "keyact.core.views.bad_request"

urlpatterns = [
    path("favicon.ico", favicon),
    path("admin/", admin.site.urls),
    path("api/v1/", api.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("accounts/", include("keyact.users.urls")),
    path("accounts/", include("keyact.orgs.account_urls")),
    path("customers/", include("keyact.customers.urls")),
    path("opportunities/", include("keyact.deals.urls")),
    path("org/", include("keyact.orgs.urls")),
    path("playbook/", include("keyact.playbook.urls")),
    path("key-activities/", include("keyact.keyactivities.urls")),
    path("tracking/", include("keyact.tracking.urls")),
    path("", include("keyact.workspace.urls")),
    path("", include("keyact.integrations.urls")),
    path("insights/", include("keyact.insights.urls")),
    path("", include("keyact.activities.urls")),
]
