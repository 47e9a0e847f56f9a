"""Who may export: the one place that decides it (the admin's buttons and actions, the API and the
service all ask here).

Editors and admins: an export takes the desk's unpublished work (drafts, reviewers, dismissals) out of
the desk, which is an editor's decision. Reviewers work on the claims assigned to them and read the rest
on screen; they do not take the desk away in a file.
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from factcheck.actor import Actor
from factcheck.roles import ADMIN, EDITOR, role_of

from ..exceptions import ActionForbidden

EXPORT_ROLES = frozenset({EDITOR, ADMIN})


def export_refusal(user: Actor) -> str | None:
    """Why ``user`` may not export, or None when they may."""
    role = role_of(user)
    if role is None:
        return _("You have no desk role: an admin must add you to the Reviewer, Editor or Admin group.")
    if role not in EXPORT_ROLES:
        return _("Only editors and admins may export from the desk; ask an editor for the file you need.")
    return None


def can_export(user: Actor) -> bool:
    return export_refusal(user) is None


def check_export(user: Actor) -> None:
    """Raise :class:`ActionForbidden` with the reason when ``user`` may not export."""
    reason = export_refusal(user)
    if reason is not None:
        raise ActionForbidden(reason)
