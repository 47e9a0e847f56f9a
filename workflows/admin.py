"""Django's admin autodiscovery imports ``<app>.admin``: the desk (``workflows.desk``) registers its pages
when imported here: articles (intake and the article page), the claim queue and page, verdicts, evidence and
corrections, and the workflow records (the audit log among them)."""

from .desk import articles, claims, records, verdicts  # noqa: F401 - imported for their admin.register side effects
