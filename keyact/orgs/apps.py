from django.apps import AppConfig


class OrgsConfig(AppConfig):
    name = "keyact.orgs"
    label = "orgs"
