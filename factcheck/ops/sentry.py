"""Error reporting to Sentry, off unless ``SENTRY_DSN`` is set.

The settings call :func:`init_sentry`, so every process that loads Django reports: the web processes (Django
integration: unhandled errors, with the request's URL and the request id in the logs) and the Celery worker and
beat (Celery integration: task failures; ``factcheck.celery`` loads the settings in their main process, before the
pool forks). The desk handles unpublished drafts and reviewers' notes, so nothing personal and no request body
ever leaves the machine: ``send_default_pii`` is off and request bodies are never attached.
"""

from __future__ import annotations

from typing import Any


def sentry_options(dsn: str, *, environment: str, release: str = "", traces_sample_rate: float = 0.0) -> dict[str, Any]:
    """The keyword arguments for ``sentry_sdk.init`` (kept apart so the choices above are testable)."""
    from sentry_sdk.integrations.celery import CeleryIntegration
    from sentry_sdk.integrations.django import DjangoIntegration

    return {
        "dsn": dsn,
        "environment": environment,
        "release": release or None,
        "integrations": [DjangoIntegration(), CeleryIntegration(monitor_beat_tasks=False)],
        "traces_sample_rate": traces_sample_rate,
        "send_default_pii": False,
        "max_request_body_size": "never",
    }


def init_sentry(dsn: str, *, environment: str, release: str = "", traces_sample_rate: float = 0.0) -> bool:
    """Start reporting to ``dsn``; False (and nothing started) when no DSN is configured."""
    if not dsn:
        return False
    import sentry_sdk

    sentry_sdk.init(
        **sentry_options(dsn, environment=environment, release=release, traces_sample_rate=traces_sample_rate)
    )
    return True
