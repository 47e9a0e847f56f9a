"""What the desk says happened, turned into webhook deliveries and chat messages (connected in
``apps.NotifyConfig.ready``).

Both signals are sent after the change commits. A failure here is logged and swallowed: a partner's
notification must never turn a publication that already happened into an error page.
"""

from __future__ import annotations

import logging

from . import payloads, services

logger = logging.getLogger(__name__)


def _dispatch(payload: dict | None) -> None:
    if payload is None:
        return
    try:
        services.event_dispatch(payload)
    except Exception:  # noqa: BLE001 - see the module's docstring
        logger.exception("notifications for %s could not be queued", payload.get("event"))


def on_factcheck_changed(sender, *, verdict_id: int | None = None, change: str = "", **kwargs) -> None:
    if verdict_id is None:
        return
    try:
        payload = payloads.for_factcheck(verdict_id, change)
    except Exception:  # noqa: BLE001
        logger.exception("could not build the %s notification of verdict %s", change, verdict_id)
        return
    _dispatch(payload)


def on_claim_submitted(sender, *, claim_id: int | None = None, origin: str = "", **kwargs) -> None:
    if claim_id is None:
        return
    try:
        payload = payloads.for_claim(claim_id, origin)
    except Exception:  # noqa: BLE001
        logger.exception("could not build the claim.submitted notification of claim %s", claim_id)
        return
    _dispatch(payload)
