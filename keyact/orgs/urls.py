"""Organisation admin pages (admins only; everybody else gets 404)."""

from django.urls import URLPattern, URLResolver, path

from keyact.orgs import views

app_name = "orgs"
urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.people, name="people"),
    path("people/new/", views.member_new, name="member_new"),
    path("people/<id:user_id>/edit/", views.member_edit, name="member_edit"),
    path("tree/", views.tree, name="tree"),
]
