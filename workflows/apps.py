from django.apps import AppConfig
from django.db.models.signals import post_migrate


def _sync_groups(sender, **kwargs):
    """Keep the role groups after every migrate, and after a test flush (which empties auth_group)."""
    from django.contrib.auth.models import Group, Permission

    from factcheck.roles import sync_role_groups

    sync_role_groups(Group, Permission)


class WorkflowsConfig(AppConfig):
    name = "workflows"
    verbose_name = "Editorial workflow"

    def ready(self):
        # checks: registers the settings checks. tip_tasks: readers' tips are sent to these tasks by name
        # (factcheck.tips.services), so every process knows them, the eager web process included, as ingestion's
        # are (ArticlesConfig.ready).
        from . import checks, tip_tasks  # noqa: F401

        post_migrate.connect(_sync_groups, sender=self, dispatch_uid="workflows.sync_role_groups")
        # The desk's names for the newsroom's models and fields, in the reader's language (desk/names.py).
        from .desk import names

        names.apply()
