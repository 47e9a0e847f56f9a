from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ArticlesConfig(AppConfig):
    name = "factcheck.articles"
    label = "articles"
    verbose_name = _("Articles")

    def ready(self):
        # The services send the pipeline's tasks by name; registering them here lets every process (the web
        # process too, where tasks run eagerly without a broker) find them by that name.
        from . import tasks  # noqa: F401
