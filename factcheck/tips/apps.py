from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TipsConfig(AppConfig):
    """Readers' way in: claims they ask us to check (``Tip``) and mistakes they report (``ErrorReport``)."""

    name = "factcheck.tips"
    label = "tips"
    verbose_name = _("Reader tips and error reports")
