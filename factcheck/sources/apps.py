from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SourcesConfig(AppConfig):
    name = "factcheck.sources"
    label = "sources"
    verbose_name = _("Sources")

    def ready(self):
        # Beat and the desk send the polling tasks by name; every process must know them by that name.
        from . import tasks  # noqa: F401
