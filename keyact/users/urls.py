from django.urls import URLPattern, URLResolver

app_name = "users"
urlpatterns: list[URLPattern | URLResolver] = []
