"""What the rest of the desk may hear about claims once a change to them is committed.

``claim_submitted`` is sent on commit when a claim reaches the queue from outside the newsroom (a reader's tip),
so notifications (webhooks, chat) can follow without the intake knowing who listens.
"""

from django.dispatch import Signal

#: Sent with ``claim_id`` and ``origin`` (a ``ClaimOrigin`` value); the sender is ``Claim``.
claim_submitted = Signal()
