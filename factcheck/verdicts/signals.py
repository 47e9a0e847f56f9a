"""What the rest of the site may hear about a fact-check once a change to it is committed.

The publication services send ``factcheck_changed`` on commit (never for a change that rolled back); the
public site listens (``factcheck.publishing.apps``) and drops its cached pages. The workflow so never imports
the site it feeds: it says what happened, and whoever shows fact-checks decides what that means for them.
"""

from django.dispatch import Signal

#: Sent with ``verdict_id`` and ``change`` ("publish", "correct" or "retract"); the sender is ``Verdict``.
factcheck_changed = Signal()
