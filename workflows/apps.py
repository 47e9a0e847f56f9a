from django.apps import AppConfig


class WorkflowsConfig(AppConfig):
    name = "workflows"
    verbose_name = "Editorial workflow"

    def ready(self):
        from . import checks  # noqa: F401 (registers the settings checks)
