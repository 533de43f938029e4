from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "keyact.core"
    label = "core"
