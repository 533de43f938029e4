from django.apps import AppConfig


class IntegrationsConfig(AppConfig):
    name = "keyact.integrations"
    label = "integrations"
    verbose_name = "Integrations"
