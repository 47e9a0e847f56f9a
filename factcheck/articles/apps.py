from django.apps import AppConfig
from django.db.backends.signals import connection_created
from django.utils.translation import gettext_lazy as _

from factcheck.ops.database import use_fast_timestamptz


class ArticlesConfig(AppConfig):
    name = "factcheck.articles"
    label = "articles"
    verbose_name = _("Articles")

    def ready(self):
        # The services send the pipeline's tasks by name; registering them here lets every process (the web
        # process too, where tasks run eagerly without a broker) find them by that name.
        from . import tasks  # noqa: F401

        # Every process reads dates from PostgreSQL with psycopg's C parser (factcheck/ops/database.py).
        connection_created.connect(use_fast_timestamptz, dispatch_uid="factcheck.fast_timestamptz")
