"""Django's admin autodiscovery imports ``<app>.admin``: the desk (``workflows.desk``) registers the
claim queue and page and the workflow records when imported here."""
from .desk import claims, records  # noqa: F401 - imported for their admin.register side effects
