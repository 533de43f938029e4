from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "keyact.demo"
    label = "demo"
