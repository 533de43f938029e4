"""The insights app: read-only analytics over every other app's data."""

from django.apps import AppConfig


class InsightsConfig(AppConfig):
    name = "keyact.insights"
    verbose_name = "Insights"
