"""The desk's actions, one entry each: the label on its button, the one service that does it, the input
it takes (service keywords, and the API's name for each where it differs), where the API offers it, what
the desk says when it is done, and the sentence history tells for each audit event its service writes.

The admin's buttons and workflow view, the API's action views and ``action_links``, the history text
and the tests all read this table, so adding an action is one entry here plus one service. It sits
above ``services`` and below the admin and the API: it imports no admin or API code.

Sentences are templates over the event's data (``workflows.sentences.KINDS`` renders each key) or, where
the wording depends on the data, a function of a ``Told``. ``brief`` is what a reader who may not see
the draft reads: who did what kind of thing, nothing of the draft.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from dataclasses import dataclass, field

from factcheck.claims.models import Claim
from factcheck.verdicts.corrections import names_labels

from . import services
from .actions import Action, DeskAction
from .sentences import Told, and_join, field_changes, quoted


@dataclass(frozen=True)
class Event:
    """One audit event name and how history tells it."""

    name: str
    sentence: str | Callable[[Told], str]
    brief: str

    def tell(self, told: Told, *, hidden: bool = False) -> str:
        if not hidden:
            try:
                return self.sentence(told) if callable(self.sentence) else told.format(self.sentence)
            except (KeyError, TypeError, ValueError, AttributeError):
                pass  # an older event without this data: the brief sentence is still true
        return told.format(self.brief)


@dataclass(frozen=True)
class Param:
    name: str  # the service's keyword
    api_name: str  # the field's name in the API's body
    required: bool  # the service has no default for it


@dataclass(frozen=True)
class ActionSpec:
    action: str
    label: str
    service: Callable
    keywords: tuple[str, ...]
    events: tuple[Event, ...]
    done: str | Callable[[object, dict], str]  # the success message: text, or f(result, service kwargs)
    api: tuple[str, str] | None = None  # (method, URL name suffix under api:claim-…); None: not in the API
    api_names: dict[str, str] = field(default_factory=dict)  # service keyword → API field, where they differ
    api_aliases: tuple[str, ...] = ()  # older API field names still accepted (the input serializer maps them)

    @property
    def params(self) -> tuple[Param, ...]:
        signature = inspect.signature(self.service).parameters
        return tuple(
            Param(name, self.api_names.get(name, name), signature[name].default is inspect.Parameter.empty)
            for name in self.keywords
        )

    @property
    def event_names(self) -> tuple[str, ...]:
        return tuple(e.name for e in self.events)

    @property
    def api_method(self) -> str | None:
        return self.api[0] if self.api else None

    @property
    def api_path(self) -> str | None:
        return self.api[1] if self.api else None

    def run(self, *, actor, claim_id: int | None = None, **kwargs):
        """Call the service with the actor (and claim) and the given keywords; returns its result."""
        return self.service(actor=actor, **({"claim_id": claim_id} if claim_id is not None else {}), **kwargs)

    def from_api(self, data: dict) -> dict:
        """The service keywords from an API body parsed by its input serializer."""
        return {p.name: data[p.api_name] for p in self.params if p.api_name in data}

    def message(self, result, kwargs: dict) -> str:
        return self.done(result, kwargs) if callable(self.done) else self.done


# --- the sentences that need more than a template --------------------------------------------------------


def _people(kwargs: dict) -> str:
    return and_join(u.get_full_name() or u.get_username() for u in kwargs["reviewers"])


def _unassigned(t: Told) -> str:
    withdrawn = t.data.get("withdrawn") or []
    if not withdrawn:
        return f"{t.actor} unassigned the claim"
    return f"{t.actor} took the claim back from {t.users(withdrawn)}: it is in the queue again"


def _details(t: Told) -> str:
    return f"{t.actor} changed {field_changes(Claim, t.data['changes'])}"


def _draft_saved(t: Told) -> str:
    changed = list(t.data.get("changed") or [])
    old, new = (t.data.get("rating") or [None, None])[:2]
    parts = []
    if "rating_id" in changed:
        if old is None and new is not None:
            parts.append(f"rated it {t.rating(new)}")
        elif new is None:
            parts.append(f"removed the rating {t.rating(old)}")
        else:
            parts.append(f"changed the rating from {t.rating(old)} to {t.rating(new)}")
    texts = [name for name in ("headline", "summary", "explanation") if name in changed]
    if texts:
        parts.append(f"changed the {and_join(texts)}")
    if not parts:
        return f"{t.actor} saved the draft without changes"
    return f"{t.actor} saved the draft{', ' + ', '.join(parts[:-1]) if len(parts) > 1 else ''} and {parts[-1]}"


def _evidence_changed(t: Told) -> str:
    names = {"url": "URL", "accessed_on": "access date"}
    changes = t.data["changes"]
    fields = and_join(names.get(n, n) for n in changes)
    title = changes.get("title", [None, None])[1]
    return f"{t.actor} edited evidence{' ' + quoted(title) if title else ''}: changed the {fields}"


def _voted(t: Told) -> str:
    voted = f"{t.actor} voted {t['rating']}"
    if t.data.get("decided"):
        return f"{voted}: the panel approved the verdict as {t['winner']}"
    if t.data.get("tie"):
        return f"{voted}: a tie, so the claim stays submitted"
    votes = sum((t.data.get("tally") or {}).values())
    return f"{voted} ({votes} vote{'' if votes == 1 else 's'} so far)"


def _added(t: Told) -> str:
    source = t.data.get("source_description") or t.data.get("source_url")
    if source:
        return f"{t.actor} added the claim by hand, from {quoted(source)}"
    return f"{t.actor} added the claim from a passage of its article"


def _corrected(t: Told) -> str:
    """The log's own line first; then what it does not already say (each change said once)."""
    what = t.data.get("what_changed") or ""
    said = f"{t.actor} published a correction: {t['what_changed']}"
    old, new = (t.data.get("rating") or ["", ""])[:2]
    parts = []
    if old and new and not names_labels(what, old, new):
        parts.append(f"the rating changed from {old} to {new}")
    texts = [
        name
        for name in ("headline", "summary", "explanation")
        if name in (t.data.get("changes") or {}) and name not in what.casefold()
    ]
    if texts:
        parts.append(f"the {and_join(texts)} changed")
    if t.data.get("details"):
        parts.append(f"it changed {field_changes(Claim, t.data['details'])}")
    return f"{said} ({'; '.join(parts)})" if parts else said


def _match_dismissed(t: Told) -> str:
    """ "Erin Editor marked the match with “…” as wrong: not the same figure" (the matched text as it was)."""
    what = "fact-check" if t.data["kind"] == "archived" else "claim"
    said = f"{t.actor} marked the match with the {what} {quoted(t.data['matched'])} as wrong"
    return f"{said}: {t.data['why']}" if t.data.get("why") else said


def _returned(t: Told) -> str:
    to = t.users(t.data["reviewers"]) if t.data.get("reviewers") else "the reviewer"
    return f"{t.actor} returned the verdict to {to} with a note"


# --- the table -------------------------------------------------------------------------------------------

E = Event

ACTIONS: dict[str, ActionSpec] = {
    spec.action: spec
    for spec in (
        ActionSpec(
            Action.DISMISS,
            "Dismiss",
            services.claim_dismiss,
            ("reason", "note", "version"),
            (E("claim.dismiss", "{actor} dismissed the claim: {reason}", "{actor} dismissed the claim"),),
            "Dismissed.",
            api=("POST", "dismiss"),
        ),
        ActionSpec(
            Action.REOPEN,
            "Reopen",
            services.claim_reopen,
            ("note", "version"),
            (E("claim.reopen", "{actor} reopened the claim", "{actor} reopened the claim"),),
            "Reopened: the claim is back in the queue.",
            api=("POST", "reopen"),
        ),
        ActionSpec(
            Action.ASSIGN,
            "Assign",
            services.claim_assign,
            ("reviewers", "due_at", "priority", "version"),
            (
                E(
                    "claim.assign",
                    "{actor} assigned the claim to {reviewers}, due {due_at}",
                    "{actor} assigned the claim",
                ),
            ),
            lambda result, kw: f"Assigned to {_people(kw)}.",
            api=("POST", "assign"),
            api_names={"due_at": "due"},
        ),
        ActionSpec(
            Action.UNASSIGN,
            "Unassign",
            services.claim_unassign,
            ("note", "version"),
            (E("claim.unassign", _unassigned, "{actor} unassigned the claim"),),
            "Unassigned: the claim is back in the queue.",
            api=("POST", "unassign"),
        ),
        ActionSpec(
            Action.REASSIGN,
            "Reassign",
            services.claim_reassign,
            ("reviewers", "due_at", "note", "version"),
            (
                E(
                    "claim.reassign",
                    "{actor} reassigned the claim to {reviewers}, due {due_at}",
                    "{actor} reassigned the claim",
                ),
            ),
            lambda result, kw: f"Reassigned to {_people(kw)}.",
            api=("POST", "reassign"),
            api_names={"due_at": "due"},
        ),
        ActionSpec(
            Action.START,
            "Start review",
            services.review_start,
            ("version",),
            (E("review.start", "{actor} started the review", "{actor} started the review"),),
            "Review started: add evidence and draft the verdict below.",
            api=("POST", "start"),
        ),
        ActionSpec(
            Action.SUBMIT,
            "Submit for sign-off",
            services.verdict_submit,
            ("version",),
            (
                E(
                    "verdict.submit",
                    "{actor} submitted the verdict for sign-off, rated {rating}",
                    "{actor} submitted the verdict for sign-off",
                ),
            ),
            "Submitted for sign-off.",
            api=("POST", "submit"),
        ),
        ActionSpec(
            Action.APPROVE,
            "Approve",
            services.verdict_approve,
            ("note", "version"),
            (E("verdict.approve", "{actor} approved the verdict", "{actor} approved the verdict"),),
            "Approved: ready to publish.",
            api=("POST", "approve"),
        ),
        ActionSpec(
            Action.VOTE,
            "Vote",
            services.verdict_vote,
            ("rating_id", "version"),
            (E("verdict.vote", _voted, "{actor} voted on the verdict"),),
            lambda result, kw: result.message,
            api=("POST", "vote"),
            api_names={"rating_id": "rating"},
        ),
        ActionSpec(
            Action.RETURN,
            "Return with a note",
            services.verdict_return,
            ("note", "version"),
            (E("verdict.return", _returned, "{actor} returned the verdict to the reviewer"),),
            "Returned to the reviewer with your note.",
            api=("POST", "return"),
        ),
        ActionSpec(
            Action.PUBLISH,
            "Publish",
            services.factcheck_publish,
            ("version",),
            (
                E(
                    "factcheck.publish",
                    "{actor} published the fact-check, rated {rating}",
                    "{actor} published the fact-check",
                ),
            ),
            lambda verdict, kw: f"Published at {verdict.get_absolute_url()}.",
            api=("POST", "publish"),
        ),
        ActionSpec(
            Action.CORRECT,
            "Publish a correction",
            services.factcheck_correct,
            (
                "what_changed",
                "note",
                "new_rating_id",
                "headline",
                "summary",
                "explanation",
                "kind",
                "speaker",
                "claim_type",
                "version",
            ),
            (E("factcheck.correct", _corrected, "{actor} published a correction"),),
            "Correction published.",
            api=("POST", "correct"),
            api_names={"new_rating_id": "rating"},
            api_aliases=("new_rating",),
        ),
        ActionSpec(
            Action.RETRACT,
            "Retract",
            services.factcheck_retract,
            ("reason", "version"),
            (E("factcheck.retract", "{actor} retracted the fact-check", "{actor} retracted the fact-check"),),
            "Retracted: the public page now shows the retraction notice.",
            api=("POST", "retract"),
        ),
        ActionSpec(
            Action.SET_PRIORITY,
            "Change priority",
            services.claim_set_priority,
            ("priority", "version"),
            (
                E(
                    "claim.set_priority",
                    "{actor} changed the priority from {from} to {to}",
                    "{actor} changed the priority",
                ),
            ),
            "Priority changed.",
            api=("POST", "priority"),
        ),
        ActionSpec(
            Action.EDIT,
            "Edit type and speaker",
            services.claim_update_details,
            ("claim_type", "speaker", "version"),
            (E("claim.edit", _details, "{actor} edited the claim's details"),),
            "Details saved.",
            api=("POST", "details"),
        ),
        ActionSpec(
            Action.DISMISS_MATCH,
            "Not the same claim",
            services.match_dismiss,
            ("archived_id", "other_claim_id", "reason", "version"),
            (E("claim.dismiss_match", _match_dismissed, "{actor} marked a match of the claim as wrong"),),
            lambda dismissal, kw: (
                "Match marked as wrong: the claim is no longer linked to it, and it will not be matched with it again."
            ),
            api=("POST", "dismiss-match"),
            api_names={"archived_id": "archived", "other_claim_id": "other_claim"},
        ),
        ActionSpec(
            Action.DRAFT,
            "Save draft",
            services.verdict_save_draft,
            ("rating_id", "headline", "summary", "explanation", "version"),
            (E("verdict.save_draft", _draft_saved, "{actor} saved the verdict draft"),),
            lambda verdict, kw: f"Draft saved (version {verdict.version}).",
            api=("PUT", "verdict"),
            api_names={"rating_id": "rating"},
        ),
        ActionSpec(
            Action.EVIDENCE,
            "Add evidence",
            services.evidence_add,
            ("url", "title", "publisher", "quote", "stance", "accessed_on"),
            (
                E("evidence.add", "{actor} added evidence that {stance}: {title}, {url}", "{actor} added evidence"),
                E("evidence.update", _evidence_changed, "{actor} edited evidence"),
                E("evidence.remove", "{actor} removed evidence: {title}, {url}", "{actor} removed evidence"),
            ),
            "Evidence added.",
            api=("POST", "evidence"),
        ),
    )
}

# Desk actions on no claim in particular (the pipeline): in the matrix, never in the table.
DESK_ACTIONS: dict[str, ActionSpec] = {
    DeskAction.RERUN_EXTRACTION: ActionSpec(
        DeskAction.RERUN_EXTRACTION,
        "Re-run extraction",
        services.articles_rerun_extraction,
        ("article_ids",),
        (E("article.retry", "{actor} re-ran extraction on the article", "{actor} re-ran extraction on the article"),),
        lambda result, kw: f"Extraction queued again for {len(result.queued)} article(s).",
    ),
    DeskAction.ADD_CLAIM: ActionSpec(
        DeskAction.ADD_CLAIM,
        "Add a claim",
        services.claim_add,
        ("article_id", "start", "end", "text", "source_url", "source_description", "speaker"),
        (E("claim.add", _added, "{actor} added the claim"),),
        "Claim added to the queue.",
    ),
}

EVENTS: dict[str, Event] = {
    event.name: event for spec in (*ACTIONS.values(), *DESK_ACTIONS.values()) for event in spec.events
}
