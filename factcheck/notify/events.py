"""The events a partner or a chat channel may subscribe to: stable names, labels for people.

Names are part of the webhook contract (``docs/webhooks.md``): once published, never renamed.
"""

from django.utils.translation import gettext_lazy as _

PUBLISHED = "factcheck.published"
CORRECTED = "factcheck.corrected"
RETRACTED = "factcheck.retracted"
CLAIM_SUBMITTED = "claim.submitted"
#: Sent only by "Send a test event" at the desk, to the one endpoint asked for; nobody subscribes to it.
PING = "webhook.test"

CHOICES = [
    (PUBLISHED, _("A fact-check is published")),
    (CORRECTED, _("A published fact-check is corrected")),
    (RETRACTED, _("A fact-check is retracted")),
    (CLAIM_SUBMITTED, _("A claim is submitted from outside the newsroom (a reader's tip)")),
]
NAMES = [name for name, _label in CHOICES]

#: ``factcheck_changed``'s ``change`` → the event it is.
BY_CHANGE = {"publish": PUBLISHED, "correct": CORRECTED, "retract": RETRACTED}


def label(name: str) -> str:
    return str(dict(CHOICES).get(name, name))
