"""The claim page's buttons: for each registry action, the form that asks for its input and how the
button looks. Label, service and success message come from ``workflows.registry``."""

from dataclasses import dataclass

from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from .. import registry
from ..actions import Action
from . import forms


@dataclass(frozen=True)
class Button:
    form: type[forms.ActionForm]
    inline: bool = False  # a plain button; otherwise the form opens in a <details>
    danger: bool = False
    # A link (GET) with this label instead of a form: the action's own page (publish's preview).
    link: str | Promise = ""


# Display order on the claim page follows ``allowed_actions`` (the table's order).
BUTTONS: dict[str, Button] = {
    Action.DISMISS: Button(forms.DismissForm, danger=True),
    Action.ASSIGN: Button(forms.AssignForm),
    Action.REOPEN: Button(forms.NoteForm),
    Action.START: Button(forms.VersionForm, inline=True),
    Action.UNASSIGN: Button(forms.NoteForm, danger=True),
    Action.REASSIGN: Button(forms.ReassignForm),
    Action.SUBMIT: Button(forms.VersionForm, inline=True),
    Action.APPROVE: Button(forms.VersionForm, inline=True),
    Action.VOTE: Button(forms.VoteForm),
    Action.RETURN: Button(forms.RequiredNoteForm),
    Action.PUBLISH: Button(forms.VersionForm, link=_("Preview and publish…")),
    Action.CORRECT: Button(forms.CorrectForm),
    Action.RETRACT: Button(forms.RetractForm, danger=True),
    Action.SET_PRIORITY: Button(forms.PriorityForm),
    Action.EDIT: Button(forms.DetailsForm),
    # Not in the action bar: the draft and evidence forms have panels of their own.
    Action.DRAFT: Button(forms.DraftForm),
    Action.EVIDENCE: Button(forms.EvidenceForm),
    # Not in the action bar: a "Not the same claim…" link beside each match (``views.match_links``).
    Action.DISMISS_MATCH: Button(forms.MatchDismissForm, danger=True),
}
PANEL_ACTIONS = {Action.DRAFT, Action.EVIDENCE}
# Beside the matches they are about, not in the bar.
MATCH_ACTIONS = {Action.DISMISS_MATCH}
# Shown in the claim's own section instead of the bar: the restate form covers type and speaker too.
SOURCE_ACTIONS = {Action.EDIT}
# Irreversible: a GET of the action's URL is its confirmation page (publish: the preview), and a POST
# without ``confirm=yes`` is sent there; only a confirmed POST calls the service. A match marked as wrong
# is not made again, so it asks too.
CONFIRM_ACTIONS = {Action.PUBLISH, Action.RETRACT, Action.DISMISS_MATCH}


def action_url(claim_id, action) -> str:
    return reverse("admin:claims_claim_workflow", args=[claim_id, action])


def _initial(claim, verdict, action) -> dict:
    initial = {"version": claim.version}
    if action == Action.SET_PRIORITY:
        initial["priority"] = claim.priority
    if action == Action.EDIT:
        initial.update(claim_type=claim.claim_type, speaker=claim.speaker)
    if action == Action.CORRECT and verdict is not None:
        # The correction starts from what readers see now: change only what is wrong.
        initial.update(
            rating=verdict.rating_id,
            headline=verdict.headline,
            summary=verdict.summary,
            explanation=verdict.explanation,
        )
    return initial


def action_buttons(claim, allowed: list[str], *, verdict=None, kept: dict | None = None) -> list[dict]:
    """The action bar: one entry per allowed action that has a button, with its form pre-filled. ``kept``
    maps an action to what was typed in its refused form: that form comes back filled in, and open."""
    buttons = []
    kept = kept or {}
    for action in allowed:
        if action in PANEL_ACTIONS or action in SOURCE_ACTIONS or action in MATCH_ACTIONS or action not in BUTTONS:
            continue
        button = BUTTONS[action]
        initial = _initial(claim, verdict, action)
        if action in kept:
            initial.update(kept[action])
            initial["version"] = claim.version
        buttons.append(
            {
                "action": action,
                "label": registry.ACTIONS[action].label,
                "url": action_url(claim.pk, action),
                "inline": button.inline,
                "danger": button.danger,
                "link": button.link,
                "open": action in kept,
                "form": button.form(initial=initial, auto_id=f"id_{action}_%s"),
            }
        )
    return buttons
