from django.apps import AppConfig


class TrackingConfig(AppConfig):
    name = "keyact.tracking"
    label = "tracking"
    default_auto_field = "django.db.models.BigAutoField"
