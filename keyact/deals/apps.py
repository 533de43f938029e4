from django.apps import AppConfig


class DealsConfig(AppConfig):
    name = "keyact.deals"
    label = "deals"
