from django.urls import URLPattern, URLResolver

app_name = "playbook"
urlpatterns: list[URLPattern | URLResolver] = []
