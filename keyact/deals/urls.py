from django.urls import URLPattern, URLResolver

app_name = "deals"
urlpatterns: list[URLPattern | URLResolver] = []
