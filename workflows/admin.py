"""Django's admin autodiscovery imports ``<app>.admin``: the desk (``workflows.desk``) registers its pages
when imported here: articles (intake and the article page), the claim queue and page, verdicts, evidence and
corrections, and the workflow records (the audit log among them)."""

from .desk import (  # noqa: F401 - imported for their admin.register side effects
    articles,
    claims,
    notify,  # noqa: F401 - webhooks and chat channels (factcheck.notify)
    records,
    reports,  # noqa: F401 - readers' error reports and tips (factcheck.tips)
    sources,  # noqa: F401 - monitored sources (factcheck.sources)
    topics,  # noqa: F401 - the desk's topic list (claims and fact-checks are filed under them)
    verdicts,
)
