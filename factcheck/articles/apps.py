from django.apps import AppConfig


class ArticlesConfig(AppConfig):
    name = "factcheck.articles"
    label = "articles"
    verbose_name = "Articles"

    def ready(self):
        # The services send the pipeline's tasks by name; registering them here lets every process (the web
        # process too, where tasks run eagerly without a broker) find them by that name.
        from . import tasks  # noqa: F401
