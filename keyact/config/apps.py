from django.apps import AppConfig


class ConfigConfig(AppConfig):
    """The assembled site: settings, URLs, the JSON API and its OpenAPI snapshot command."""

    name = "keyact.config"
    label = "config"
