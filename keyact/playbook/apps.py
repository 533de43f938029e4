from django.apps import AppConfig


class PlaybookConfig(AppConfig):
    name = "keyact.playbook"
    label = "playbook"
