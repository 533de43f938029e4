from django.apps import AppConfig


class KeyActivitiesConfig(AppConfig):
    name = "keyact.keyactivities"
    label = "keyactivities"
    verbose_name = "Key activities"
