from django.apps import AppConfig


class ActivitiesConfig(AppConfig):
    name = "keyact.activities"
    label = "activities"
