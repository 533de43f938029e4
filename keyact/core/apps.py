from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "keyact.core"
    label = "core"

    def ready(self) -> None:
        from django.urls import register_converter

        from keyact.core.params import IdConverter

        # <id:name> in every URL pattern: only ids a database column can hold match, so
        # /activities/99999999999999999999/ is a 404 instead of an overflow in the database.
        register_converter(IdConverter, "id")
