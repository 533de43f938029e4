from django.apps import AppConfig


class WorkspaceConfig(AppConfig):
    """Compositions across apps: My day, organisation provisioning, catalog sync."""

    name = "keyact.workspace"
    label = "workspace"
