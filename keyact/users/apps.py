from django.apps import AppConfig


class UsersConfig(AppConfig):
    name = "keyact.users"
    label = "users"
