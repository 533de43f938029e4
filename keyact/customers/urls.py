"""Customer and contact pages."""

from django.urls import URLPattern, URLResolver, path

from keyact.customers import views

app_name = "customers"
urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.customer_list_view, name="list"),
    path("new/", views.customer_create_view, name="create"),
    path("<id:customer_id>/", views.customer_detail, name="detail"),
    path("<id:customer_id>/edit/", views.customer_edit_view, name="edit"),
    path("<id:customer_id>/contacts/new/", views.contact_add, name="contact_add"),
    path("contacts/<id:contact_id>/edit/", views.contact_edit, name="contact_edit"),
]
