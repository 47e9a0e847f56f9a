import importlib

from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _

# The data migration that made the default rating scale; its function is idempotent and leaves a desk's own
# default scale alone.
DEFAULT_SCALE_MIGRATION = "factcheck.verdicts.migrations.0004_default_rating_scale"


def _ensure_default_scale(sender, apps=None, **kwargs):
    """Put the default scale back after a flush (``manage.py flush``, a transactional test's teardown).

    ``migrate`` makes it once through the data migration; a flush empties the tables but runs no migration,
    which would leave reviewers unable to rate (the role groups come back the same way, in ``workflows``).
    """
    if apps is None:  # flush sends no migration state: the live models are the current state
        from django.apps import apps
    try:
        apps.get_model("verdicts", "RatingScale")
    except LookupError:  # migrated back to before the verdicts tables existed
        return
    importlib.import_module(DEFAULT_SCALE_MIGRATION).create_default_scale(apps, None)


class VerdictsConfig(AppConfig):
    name = "factcheck.verdicts"
    label = "verdicts"
    verbose_name = _("Verdicts and ratings")

    def ready(self):
        post_migrate.connect(_ensure_default_scale, sender=self, dispatch_uid="verdicts.ensure_default_scale")
