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
        from . import checks  # noqa: F401 (registers the settings checks)

        post_migrate.connect(_sync_groups, sender=self, dispatch_uid="workflows.sync_role_groups")
