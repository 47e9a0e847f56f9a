"""The desk: the Django admin as editors and reviewers work in it, in one package.

``articles`` (Articles → Add and the article page: ``ArticleAdmin``), ``claims`` (the queue and the claim
page: ``ClaimAdmin``), ``verdicts`` (verdicts, evidence, corrections: read-only), ``records`` (assignments,
audit log, votes, revisions), ``views`` (the workflow pages), ``buttons`` (a form per registry action), ``forms``,
``filters``, ``display`` (HTML fragments) and ``mixins``; templates in ``templates/workflows/desk/``.
Every change goes through ``workflows.registry`` to a service; every read through the selectors
(``workflows.claim_page`` for the claim page). ``workflows.admin`` imports the modules that register.
"""
