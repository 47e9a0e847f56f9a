"""Tags and topics on the claim page, around ``workflows.services.tags``.

One panel under the claim's source: the topics extraction suggested, each with "Accept" and "Not this
topic"; the claim's topics (the desk's list, as checkboxes); its desk tags and, once there is a verdict, the
fact-check's public tags, typed comma-separated with the tags already in use offered as the editor types
(``static/workflows/desk/tag_input.js``; without JavaScript the browser still offers them for the first
tag). Every button posts with the claim's version, so a change made meanwhile is refused, never
overwritten; a refusal comes back as a message with everything typed still in the panel (kept in the
session for the next page view), and the panel open.

Who may change them is the service's rule (editors and the assigned reviewer; once the fact-check is public,
editors): the panel shows the form only to them, and the service checks again.
"""

from __future__ import annotations

from typing import NamedTuple

from django.contrib import messages
from django.db import transaction
from django.http import HttpResponseNotAllowed, HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext, ngettext
from taggit.models import Tag

from factcheck.claims.models import Topic

from .. import selectors, tagging
from ..exceptions import ActionForbidden, NotVisible, StaleEdit, WorkflowError
from ..services import tags as services
from .claim_edits import _error_text
from .filters import CompiledRows

KEPT = "factdesk:tags:{}"


def _as_int(value: str) -> int | None:
    value = (value or "").strip()
    return int(value) if value.isascii() and value.isdigit() and len(value) <= 18 else None


def may_change(user, claim) -> bool:
    """Whether the panel offers the form: the service's own permission check, asked without changing anything."""
    try:
        services.check_may_tag(user, claim)
    except (ActionForbidden, NotVisible):
        return False
    return True


class TopicChoice(NamedTuple):
    """A topic of the desk's list as the panel offers it."""

    pk: int
    name: str


# What the panel offers whatever the claim (``tagging.topic_choices``' topics by name, ``tagging.tag_suggestions``),
# compiled to SQL once per process; the rows are read afresh on every page.
TOPIC_CHOICES = CompiledRows(Topic, lambda: Topic.objects.order_by("name").values_list("pk", "name"))
TAG_SUGGESTIONS = CompiledRows(Tag, tagging.tag_suggestions_query)


def tagging_context(request, claim) -> dict:
    """What the panel shows: suggestions, topics, tags; the typed values of a refused save if there was one."""
    topics = tagging.claim_topics(claim)
    verdict = selectors.verdict_of(claim)
    kept = request.session.pop(KEPT.format(claim.pk), None) or {}
    chosen = {_as_int(v) for v in kept["topics"]} if "tags" in kept else set(topics.accepted_ids)
    claim_tags, public_tags = tagging.claim_and_verdict_tag_names(claim, verdict)
    return {
        "may_change": may_change(request.user, claim),
        "url": reverse("admin:claims_claim_tags", args=[claim.pk]),
        "version": claim.version,
        "suggested": topics.suggested,
        "accepted": topics.accepted,
        "topic_choices": [(TopicChoice(pk, name), pk in chosen) for pk, name in TOPIC_CHOICES.rows()],
        "claim_tags": claim_tags,
        "public_tags": public_tags,
        "tags_text": kept.get("tags", ", ".join(claim_tags)),
        "public_tags_text": kept.get("fact_check_tags", ", ".join(public_tags)),
        "has_verdict": verdict is not None,
        "public_url": verdict.get_absolute_url() if verdict is not None and verdict.published_at else "",
        "tag_suggestions": [name for (name,) in TAG_SUGGESTIONS.rows()],
        "kept": "tags" in kept,
        "error": kept.get("error", ""),
    }


def _keep(request, claim, error: str, *, typed: bool) -> None:
    """For the next view of the page: the refusal, shown in the panel (the page opens there), and with a
    refused save, what was typed."""
    kept: dict = {"error": error}
    if typed:
        kept.update(
            tags=request.POST.get("tags", ""),
            fact_check_tags=request.POST.get("fact_check_tags", ""),
            topics=request.POST.getlist("topics"),
        )
    request.session[KEPT.format(claim.pk)] = kept


def _save(request, claim, version: int | None) -> str:
    """Tags and topics as the panel's form sends them: all or nothing. Returns the success message."""
    post = request.POST
    with transaction.atomic():
        services.claim_set_tags(
            claim_id=claim.pk, actor=request.user, tags=services.split_tags(post.get("tags", "")), version=version
        )
        if "fact_check_tags" in post:
            services.factcheck_set_tags(
                claim_id=claim.pk, actor=request.user, tags=services.split_tags(post["fact_check_tags"])
            )
        services.claim_set_topics(claim_id=claim.pk, actor=request.user, topic_ids=post.getlist("topics"))
    return gettext("Tags and topics saved.")


def tags_view(model_admin, request, claim):
    """POST: accept or turn down one suggested topic, or save the panel; back to the claim's panel either way."""
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    target = reverse("admin:claims_claim_change", args=[claim.pk]) + "#tags"
    version = _as_int(request.POST.get("version", ""))
    try:
        if "accept" in request.POST or "reject" in request.POST:
            accept = "accept" in request.POST
            topic = request.POST.get("accept" if accept else "reject", "")
            run = services.claim_topics_accept if accept else services.claim_topics_reject
            names = run(claim_id=claim.pk, actor=request.user, topic_ids=[topic], version=version)
            if accept:
                done = ngettext("Topic accepted: %(names)s.", "Topics accepted: %(names)s.", len(names))
            else:
                done = ngettext("Topic taken off: %(names)s.", "Topics taken off: %(names)s.", len(names))
            message = done % {"names": ", ".join(names)} if names else gettext("Nothing to change.")
        else:
            message = _save(request, claim, version)
    except WorkflowError as error:
        messages.error(request, _error_text(error))
        _keep(request, claim, _error_text(error), typed="accept" not in request.POST and "reject" not in request.POST)
        if isinstance(error, StaleEdit):
            messages.warning(
                request,
                gettext("What you typed is kept in the panel, on top of the newer version: check it and save again."),
            )
        return HttpResponseRedirect(target)
    messages.success(request, message)
    return HttpResponseRedirect(target)
