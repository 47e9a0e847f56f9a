from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotifyConfig(AppConfig):
    """Webhooks and chat messages that follow publications, corrections, retractions and readers' claims."""

    name = "factcheck.notify"
    label = "notify"
    verbose_name = _("Notifications")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from factcheck.claims.signals import claim_submitted
        from factcheck.verdicts.signals import factcheck_changed

        from . import tasks  # noqa: F401 - registers the tasks the services send by name
        from .receivers import on_claim_submitted, on_factcheck_changed

        # Like the public site (factcheck.publishing.apps): the workflow says what happened, on commit.
        factcheck_changed.connect(on_factcheck_changed, dispatch_uid="notify.on_factcheck_changed")
        claim_submitted.connect(on_claim_submitted, dispatch_uid="notify.on_claim_submitted")
