from django.apps import AppConfig


class CustomersConfig(AppConfig):
    name = "keyact.customers"
    label = "customers"
