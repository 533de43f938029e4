"""Customer and contact pages."""

from django.urls import URLPattern, URLResolver, path

from keyact.customers import views

app_name = "customers"
urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.customer_list_view, name="list"),
    path("new/", views.customer_create_view, name="create"),
    path("<int:customer_id>/", views.customer_detail, name="detail"),
    path("<int:customer_id>/edit/", views.customer_edit_view, name="edit"),
    path("<int:customer_id>/contacts/new/", views.contact_add, name="contact_add"),
    path("contacts/<int:contact_id>/edit/", views.contact_edit, name="contact_edit"),
]
