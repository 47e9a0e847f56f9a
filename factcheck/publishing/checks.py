"""System checks for the public site's addresses, so a missing or malformed ``FACTDESK_SITE_URL`` is
reported at start-up (or by ``check --deploy``) rather than found later as broken links in a feed."""

from django.conf import settings
from django.core.checks import Error, Tags, Warning, register

from factcheck.publishing import site


@register()
def check_site_addresses(app_configs=None, **kwargs):
    errors = []
    for key in ("SITE_URL", "ORG_URL"):
        value = (settings.FACTDESK.get(key) or "").strip()
        if value and not site.is_http_url(value):
            errors.append(
                Error(
                    f'FACTDESK["{key}"] is {value!r}, which is not an absolute http(s) URL.',
                    hint=f"Set FACTDESK_{key} to an address such as https://checks.example.org, or leave it unset.",
                    id="publishing.E001",
                )
            )
    return errors


@register(Tags.security, deploy=True)
def check_site_url_in_production(app_configs=None, **kwargs):
    """Links built without a request (emails, tasks) need SITE_URL or an ALLOWED_HOSTS entry to stand in."""
    if settings.DEBUG or site.configured_base() or site.fallback_host():
        return []
    return [
        Warning(
            "FACTDESK_SITE_URL is unset and ALLOWED_HOSTS names no single host, so links in emails would point "
            "at localhost.",
            hint="Set FACTDESK_SITE_URL to the public site's address, e.g. https://checks.example.org.",
            id="publishing.W001",
        )
    ]
