"""System checks for the workflow settings, so a typo in ``FACTDESK`` fails at start-up with a fix, not
in the middle of an editor's sign-off."""

from django.conf import settings
from django.core.checks import Error, register

from factcheck.claims.models import Priority


@register()
def check_workflow_settings(app_configs=None, **kwargs):
    factdesk = getattr(settings, "FACTDESK", {})
    errors = []
    if factdesk.get("SIGNOFF_POLICY", "single") not in ("single", "panel"):
        errors.append(
            Error(
                f'FACTDESK["SIGNOFF_POLICY"] is {factdesk.get("SIGNOFF_POLICY")!r}.',
                hint='Set FACTDESK_SIGNOFF_POLICY to "single" (one editor approves) or "panel" (editors vote).',
                id="workflows.E001",
            )
        )
    size = factdesk.get("PANEL_SIZE", 3)
    if not isinstance(size, int) or size < 1:
        errors.append(
            Error(f'FACTDESK["PANEL_SIZE"] is {size!r}.', hint="Use a whole number of at least 1.", id="workflows.E002")
        )
    days = factdesk.get("DUE_DAYS_BY_PRIORITY", {})
    missing = [p for p in Priority.values if not isinstance(days.get(p, days.get(str(p))), int)]
    if missing:
        errors.append(
            Error(
                f'FACTDESK["DUE_DAYS_BY_PRIORITY"] has no whole number of days for priorities {missing}.',
                hint="Give every priority 1 (urgent) to 4 (low) a number of days, e.g. {1: 1, 2: 2, 3: 5, 4: 10}.",
                id="workflows.E003",
            )
        )
    return errors
