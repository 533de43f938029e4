"""A member's API-token pages under /accounts/. Names are global like the other account pages."""

from django.urls import URLPattern, URLResolver, path

from keyact.orgs import account_views

urlpatterns: list[URLPattern | URLResolver] = [
    path("tokens/", account_views.token_list, name="tokens"),
    path("tokens/<id:token_id>/revoke/", account_views.token_revoke_view, name="token_revoke"),
]
