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

from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from factcheck.claims.models import Claim
from factcheck.verdicts.corrections import names_labels

from . import services, tag_sentences
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
        """The success message, in the language active now (labels and messages are lazy translations)."""
        return str(self.done(result, kwargs) if callable(self.done) else self.done)


# --- the sentences that need more than a template --------------------------------------------------------

# How history names the fields a sentence mentions (lower case: they sit inside a sentence).
TEXT_FIELDS = {"headline": _("headline"), "summary": _("summary"), "explanation": _("explanation")}
EVIDENCE_FIELDS = {
    "url": _("URL"),
    "accessed_on": _("access date"),
    "title": _("title"),
    "publisher": _("publisher"),
    "quote": _("quote"),
    "stance": _("stance"),
}


def _people(kwargs: dict) -> str:
    return and_join(u.get_full_name() or u.get_username() for u in kwargs["reviewers"])


def _unassigned(t: Told) -> str:
    withdrawn = t.data.get("withdrawn") or []
    if not withdrawn:
        return gettext("%(actor)s unassigned the claim") % {"actor": t.actor}
    return gettext("%(actor)s took the claim back from %(people)s: it is in the queue again") % {
        "actor": t.actor,
        "people": t.users(withdrawn),
    }


def _details(t: Told) -> str:
    return gettext("%(actor)s changed %(changes)s") % {
        "actor": t.actor,
        "changes": field_changes(Claim, t.data["changes"]),
    }


def _draft_saved(t: Told) -> str:
    changed = list(t.data.get("changed") or [])
    old, new = (t.data.get("rating") or [None, None])[:2]
    parts = []
    if "rating_id" in changed:
        if old is None and new is not None:
            parts.append(gettext("rated it %(rating)s") % {"rating": t.rating(new)})
        elif new is None:
            parts.append(gettext("removed the rating %(rating)s") % {"rating": t.rating(old)})
        else:
            parts.append(
                gettext("changed the rating from %(old)s to %(new)s") % {"old": t.rating(old), "new": t.rating(new)}
            )
    texts = [str(TEXT_FIELDS[name]) for name in ("headline", "summary", "explanation") if name in changed]
    if texts:
        parts.append(gettext("changed the %(fields)s") % {"fields": and_join(texts)})
    if not parts:
        return gettext("%(actor)s saved the draft without changes") % {"actor": t.actor}
    if len(parts) == 1:
        return gettext("%(actor)s saved the draft and %(change)s") % {"actor": t.actor, "change": parts[0]}
    return gettext("%(actor)s saved the draft, %(changes)s and %(last)s") % {
        "actor": t.actor,
        "changes": ", ".join(parts[:-1]),
        "last": parts[-1],
    }


def _evidence_changed(t: Told) -> str:
    changes = t.data["changes"]
    fields = and_join(str(EVIDENCE_FIELDS.get(n, n)) for n in changes)
    title = changes.get("title", [None, None])[1]
    if title:
        return gettext("%(actor)s edited evidence %(title)s: changed the %(fields)s") % {
            "actor": t.actor,
            "title": quoted(title),
            "fields": fields,
        }
    return gettext("%(actor)s edited evidence: changed the %(fields)s") % {"actor": t.actor, "fields": fields}


def _voted(t: Told) -> str:
    said = {"actor": t.actor, "rating": t["rating"]}
    if t.data.get("decided"):
        return gettext("%(actor)s voted %(rating)s: the panel approved the verdict as %(winner)s") % {
            **said,
            "winner": t["winner"],
        }
    if t.data.get("tie"):
        return gettext("%(actor)s voted %(rating)s: a tie, so the claim stays submitted") % said
    votes = sum((t.data.get("tally") or {}).values())
    return ngettext(
        "%(actor)s voted %(rating)s (%(votes)d vote so far)",
        "%(actor)s voted %(rating)s (%(votes)d votes so far)",
        votes,
    ) % {**said, "votes": votes}


def _added(t: Told) -> str:
    if t.data.get("origin") == "tip":  # services.tips: a reader's tip, made a claim by the system
        return gettext("A reader's tip brought the claim to the desk")
    source = t.data.get("source_description") or t.data.get("source_url")
    if source:
        return gettext("%(actor)s added the claim by hand, from %(source)s") % {
            "actor": t.actor,
            "source": quoted(source),
        }
    return gettext("%(actor)s added the claim from a passage of its article") % {"actor": t.actor}


def _corrected(t: Told) -> str:
    """The log's own line first; then what it does not already say (each change said once)."""
    what = t.data.get("what_changed") or ""
    said = gettext("%(actor)s published a correction: %(what)s") % {"actor": t.actor, "what": t["what_changed"]}
    old, new = (t.data.get("rating") or ["", ""])[:2]
    parts = []
    if old and new and not names_labels(what, old, new):
        parts.append(gettext("the rating changed from %(old)s to %(new)s") % {"old": old, "new": new})
    texts = [
        str(TEXT_FIELDS[name])
        for name in ("headline", "summary", "explanation")
        if name in (t.data.get("changes") or {}) and name not in what.casefold()
    ]
    if texts:
        parts.append(gettext("the %(fields)s changed") % {"fields": and_join(texts)})
    if t.data.get("details"):
        parts.append(gettext("it changed %(changes)s") % {"changes": field_changes(Claim, t.data["details"])})
    return gettext("%(said)s (%(changes)s)") % {"said": said, "changes": "; ".join(parts)} if parts else said


def _match_dismissed(t: Told) -> str:
    """ "Erin Editor marked the match with “…” as wrong: not the same figure" (the matched text as it was)."""
    values = {"actor": t.actor, "matched": quoted(t.data["matched"])}
    if t.data["kind"] == "archived":
        said = gettext("%(actor)s marked the match with the fact-check %(matched)s as wrong") % values
    else:
        said = gettext("%(actor)s marked the match with the claim %(matched)s as wrong") % values
    return gettext("%(said)s: %(why)s") % {"said": said, "why": t.data["why"]} if t.data.get("why") else said


def _returned(t: Told) -> str:
    if not t.data.get("reviewers"):
        return gettext("%(actor)s returned the verdict to the reviewer with a note") % {"actor": t.actor}
    return gettext("%(actor)s returned the verdict to %(people)s with a note") % {
        "actor": t.actor,
        "people": t.users(t.data["reviewers"]),
    }


# --- the table -------------------------------------------------------------------------------------------

E = Event

ACTIONS: dict[str, ActionSpec] = {
    spec.action: spec
    for spec in (
        ActionSpec(
            Action.DISMISS,
            _("Dismiss"),
            services.claim_dismiss,
            ("reason", "note", "version"),
            (E("claim.dismiss", _("{actor} dismissed the claim: {reason}"), _("{actor} dismissed the claim")),),
            _("Dismissed."),
            api=("POST", "dismiss"),
        ),
        ActionSpec(
            Action.REOPEN,
            _("Reopen"),
            services.claim_reopen,
            ("note", "version"),
            (E("claim.reopen", _("{actor} reopened the claim"), _("{actor} reopened the claim")),),
            _("Reopened: the claim is back in the queue."),
            api=("POST", "reopen"),
        ),
        ActionSpec(
            Action.ASSIGN,
            _("Assign"),
            services.claim_assign,
            ("reviewers", "due_at", "priority", "version"),
            (
                E(
                    "claim.assign",
                    _("{actor} assigned the claim to {reviewers}, due {due_at}"),
                    _("{actor} assigned the claim"),
                ),
            ),
            lambda result, kw: gettext("Assigned to %(people)s.") % {"people": _people(kw)},
            api=("POST", "assign"),
            api_names={"due_at": "due"},
        ),
        ActionSpec(
            Action.UNASSIGN,
            _("Unassign"),
            services.claim_unassign,
            ("note", "version"),
            (E("claim.unassign", _unassigned, _("{actor} unassigned the claim")),),
            _("Unassigned: the claim is back in the queue."),
            api=("POST", "unassign"),
        ),
        ActionSpec(
            Action.REASSIGN,
            _("Reassign"),
            services.claim_reassign,
            ("reviewers", "due_at", "note", "version"),
            (
                E(
                    "claim.reassign",
                    _("{actor} reassigned the claim to {reviewers}, due {due_at}"),
                    _("{actor} reassigned the claim"),
                ),
            ),
            lambda result, kw: gettext("Reassigned to %(people)s.") % {"people": _people(kw)},
            api=("POST", "reassign"),
            api_names={"due_at": "due"},
        ),
        ActionSpec(
            Action.START,
            _("Start review"),
            services.review_start,
            ("version",),
            (E("review.start", _("{actor} started the review"), _("{actor} started the review")),),
            _("Review started: add evidence and draft the verdict below."),
            api=("POST", "start"),
        ),
        ActionSpec(
            Action.SUBMIT,
            _("Submit for sign-off"),
            services.verdict_submit,
            ("version",),
            (
                E(
                    "verdict.submit",
                    _("{actor} submitted the verdict for sign-off, rated {rating}"),
                    _("{actor} submitted the verdict for sign-off"),
                ),
            ),
            _("Submitted for sign-off."),
            api=("POST", "submit"),
        ),
        ActionSpec(
            Action.APPROVE,
            _("Approve"),
            services.verdict_approve,
            ("note", "version"),
            (E("verdict.approve", _("{actor} approved the verdict"), _("{actor} approved the verdict")),),
            _("Approved: ready to publish."),
            api=("POST", "approve"),
        ),
        ActionSpec(
            Action.VOTE,
            _("Vote"),
            services.verdict_vote,
            ("rating_id", "version"),
            (E("verdict.vote", _voted, _("{actor} voted on the verdict")),),
            lambda result, kw: result.message,
            api=("POST", "vote"),
            api_names={"rating_id": "rating"},
        ),
        ActionSpec(
            Action.RETURN,
            _("Return with a note"),
            services.verdict_return,
            ("note", "version"),
            (E("verdict.return", _returned, _("{actor} returned the verdict to the reviewer")),),
            _("Returned to the reviewer with your note."),
            api=("POST", "return"),
        ),
        ActionSpec(
            Action.PUBLISH,
            _("Publish"),
            services.factcheck_publish,
            ("version",),
            (
                E(
                    "factcheck.publish",
                    _("{actor} published the fact-check, rated {rating}"),
                    _("{actor} published the fact-check"),
                ),
            ),
            lambda verdict, kw: gettext("Published at %(url)s.") % {"url": verdict.get_absolute_url()},
            api=("POST", "publish"),
        ),
        ActionSpec(
            Action.CORRECT,
            _("Publish a correction"),
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
            (E("factcheck.correct", _corrected, _("{actor} published a correction")),),
            _("Correction published."),
            api=("POST", "correct"),
            api_names={"new_rating_id": "rating"},
            api_aliases=("new_rating",),
        ),
        ActionSpec(
            Action.RETRACT,
            _("Retract"),
            services.factcheck_retract,
            ("reason", "version"),
            (E("factcheck.retract", _("{actor} retracted the fact-check"), _("{actor} retracted the fact-check")),),
            _("Retracted: the public page now shows the retraction notice."),
            api=("POST", "retract"),
        ),
        ActionSpec(
            Action.SET_PRIORITY,
            _("Change priority"),
            services.claim_set_priority,
            ("priority", "version"),
            (
                E(
                    "claim.set_priority",
                    _("{actor} changed the priority from {from} to {to}"),
                    _("{actor} changed the priority"),
                ),
            ),
            _("Priority changed."),
            api=("POST", "priority"),
        ),
        ActionSpec(
            Action.EDIT,
            _("Edit type and speaker"),
            services.claim_update_details,
            ("claim_type", "speaker", "version"),
            (
                E("claim.edit", _details, _("{actor} edited the claim's details")),
                # Tags and topics (``services.tags``): the same permission cell, told by ``tag_sentences``.
                E("claim.tags", tag_sentences.claim_tags, _("{actor} changed the claim's tags")),
                E("verdict.tags", tag_sentences.factcheck_tags, _("{actor} changed the fact-check's tags")),
                E("claim.topics", tag_sentences.topics, _("{actor} changed the claim's topics")),
            ),
            _("Details saved."),
            api=("POST", "details"),
        ),
        ActionSpec(
            Action.DISMISS_MATCH,
            _("Not the same claim"),
            services.match_dismiss,
            ("archived_id", "other_claim_id", "reason", "version"),
            (E("claim.dismiss_match", _match_dismissed, _("{actor} marked a match of the claim as wrong")),),
            lambda dismissal, kw: _(
                "Match marked as wrong: the claim is no longer linked to it, and it will not be matched with it again."
            ),
            api=("POST", "dismiss-match"),
            api_names={"archived_id": "archived", "other_claim_id": "other_claim"},
        ),
        ActionSpec(
            Action.DRAFT,
            _("Save draft"),
            services.verdict_save_draft,
            ("rating_id", "headline", "summary", "explanation", "version"),
            (E("verdict.save_draft", _draft_saved, _("{actor} saved the verdict draft")),),
            lambda verdict, kw: gettext("Draft saved (version %(version)s).") % {"version": verdict.version},
            api=("PUT", "verdict"),
            api_names={"rating_id": "rating"},
        ),
        ActionSpec(
            Action.EVIDENCE,
            _("Add evidence"),
            services.evidence_add,
            ("url", "title", "publisher", "quote", "stance", "accessed_on"),
            (
                E(
                    "evidence.add",
                    _("{actor} added evidence that {stance}: {title}, {url}"),
                    _("{actor} added evidence"),
                ),
                E("evidence.update", _evidence_changed, _("{actor} edited evidence")),
                E("evidence.remove", _("{actor} removed evidence: {title}, {url}"), _("{actor} removed evidence")),
            ),
            _("Evidence added."),
            api=("POST", "evidence"),
        ),
    )
}

# Desk actions on no claim in particular (the pipeline): in the matrix, never in the table.
DESK_ACTIONS: dict[str, ActionSpec] = {
    DeskAction.RERUN_EXTRACTION: ActionSpec(
        DeskAction.RERUN_EXTRACTION,
        _("Re-run extraction"),
        services.articles_rerun_extraction,
        ("article_ids",),
        (
            E(
                "article.retry",
                _("{actor} re-ran extraction on the article"),
                _("{actor} re-ran extraction on the article"),
            ),
        ),
        lambda result, kw: (
            ngettext(
                "Extraction queued again for %(count)d article.",
                "Extraction queued again for %(count)d articles.",
                len(result.queued),
            )
            % {"count": len(result.queued)}
        ),
    ),
    DeskAction.ADD_CLAIM: ActionSpec(
        DeskAction.ADD_CLAIM,
        "Add a claim",
        services.claim_add,
        ("article_id", "start", "end", "text", "source_url", "source_description", "speaker"),
        (E("claim.add", _added, _("{actor} added the claim")),),
        _("Claim added to the queue."),
    ),
}

EVENTS: dict[str, Event] = {
    event.name: event for spec in (*ACTIONS.values(), *DESK_ACTIONS.values()) for event in spec.events
}


def _report_resolved(t: Told) -> str:
    if t.data.get("outcome") == "correction":
        return gettext("%(actor)s resolved a reader's error report with a correction") % {"actor": t.actor}
    return gettext("%(actor)s resolved a reader's error report: no change (%(reason)s)") % {
        "actor": t.actor,
        "reason": quoted(t.event.note),
    }


#: Events no desk button writes, told in history like the rest: a reader's post (no actor: the reader is
#: nobody on the desk, so its brief names "a reader") and an editor's resolution of an error report, made on
#: the report's own screen (``services.tips``, ``services.reports``, ``workflows.desk.reports``).
READER_EVENTS: dict[str, Event] = {
    event.name: event
    for event in (
        Event("tip.claim", _("Another reader suggested this claim"), _("Another reader suggested this claim")),
        Event(
            "report.submit",
            _("A reader reported an error in the fact-check"),
            _("A reader reported an error in the fact-check"),
        ),
        Event("report.resolve", _report_resolved, _("{actor} resolved a reader's error report")),
    )
}
EVENTS.update(READER_EVENTS)
