"""Tags and topics: the desk's free tags on a claim, the fact-check's public tags, and the claim's topics.

Who: the ``edit`` cell of the permission matrix, editors and admins always and a reviewer only on a claim
actively assigned to them, the same people who may restate the claim. Tags and topics describe the claim
rather than judge it, so unlike the restatement they are not locked at submission: an editor can still
file a published fact-check under a new topic. Once a fact-check is public, its public tags and the
claim's topics change what readers see (topic pages, feeds, the index's filters), so from then on only
those who may correct it (editors, admins: the ``correct`` cell) change them, and the public site hears
of the change on commit (``factcheck_changed``, ``change="tags"``) to drop its cached pages.

Every change is one audit event ("claim.tags", "verdict.tags", "claim.topics") naming what was added and
removed, bumps the claim's version (a form loaded before is stale, never merged) and changes nothing
when nothing differs.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from factcheck.actor import Actor
from factcheck.audit.log import record
from factcheck.claims.models import Claim, ClaimState, ClaimTopic, Topic
from factcheck.sanitize import XML_ILLEGAL
from factcheck.verdicts.models import Verdict
from factcheck.verdicts.signals import factcheck_changed

from .. import permissions
from ..actions import Action
from ..exceptions import ActionForbidden, ValidationFailed
from ._base import after_commit, check_claim_version, lock_claim, locked_verdict, touch

#: django-taggit's ``Tag.name`` holds 100 characters; a tag is a word or two, so fewer are asked for.
MAX_TAG_CHARS = 50
#: Tags on one claim or fact-check: enough to file it, few enough that each still means something.
MAX_TAGS = 20
_PUBLIC_STATES = (ClaimState.PUBLISHED, ClaimState.RETRACTED)


def clean_tags(raw: Iterable[Any], *, field: str = "tags") -> list[str]:
    """Tags as typed: blank space collapsed, control characters dropped, repeats (in any case) and blanks
    left out, in the order given. Too long a tag, too many, or one that is not text is refused with a reason."""
    tags: dict[str, str] = {}
    for value in raw:
        if not isinstance(value, str):
            raise ValidationFailed(_("Tags are words: send each as text."), {field: [_("Send each tag as text.")]})
        tag = " ".join(XML_ILLEGAL.sub("", value).split()).strip(" ,")
        if not tag:
            continue
        if len(tag) > MAX_TAG_CHARS:
            message = _("The tag “%(tag)s…” is too long: keep a tag to %(max)d characters.") % {
                "tag": tag[:20],
                "max": MAX_TAG_CHARS,
            }
            raise ValidationFailed(message, {field: [message]})
        tags.setdefault(tag.casefold(), tag)
    if len(tags) > MAX_TAGS:
        message = _("That is %(count)d tags: keep it to %(max)d, the ones the desk filters by.") % {
            "count": len(tags),
            "max": MAX_TAGS,
        }
        raise ValidationFailed(message, {field: [message]})
    return list(tags.values())


def split_tags(text: str) -> list[str]:
    """Tags typed in one box, separated by commas (the desk's tag field)."""
    return (text or "").split(",")


def check_may_tag(actor: Actor, claim: Claim) -> None:
    """Editors and the assigned reviewer (the ``edit`` cell); on a public fact-check, who may correct it."""
    if claim.state not in _PUBLIC_STATES:
        permissions.check(actor, Action.EDIT, claim)
    elif not permissions.can(actor, Action.CORRECT, claim):
        raise ActionForbidden(
            _("This fact-check is public: only an editor can change its tags and topics now. Ask an editor.")
        )


def _diff(old: list[str], new: list[str]) -> tuple[list[str], list[str]]:
    old_keys, new_keys = {t.casefold() for t in old}, {t.casefold() for t in new}
    return [t for t in new if t.casefold() not in old_keys], [t for t in old if t.casefold() not in new_keys]


def _tell_site(claim: Claim) -> None:
    """A public fact-check's pages list its tags and topics: the site drops its cached pages on commit."""
    if claim.state not in _PUBLIC_STATES:
        return
    verdict_id = Verdict.objects.filter(claim=claim).values_list("pk", flat=True).first()
    if verdict_id is not None:
        after_commit(factcheck_changed.send, sender=Verdict, verdict_id=verdict_id, change="tags")


def _names(tags: Any) -> list[str]:
    return sorted((t.name for t in tags.all()), key=str.casefold)


def _replace_tags(owner: Claim | Verdict, wanted: list[str], *, actor: Actor, claim: Claim, action: str) -> bool:
    """Set ``owner``'s tags to ``wanted``; on a change, bump the claim's version and write one audit event.
    False when the tags were already these (nothing written)."""
    added, removed = _diff(_names(owner.tags), wanted)
    if not added and not removed:
        return False
    owner.tags.set(wanted)
    touch(claim)
    record(
        action=action,
        actor=actor,
        target=owner,
        claim=claim,
        data={"added": added, "removed": removed, "tags": _names(owner.tags)},
    )
    return True


def claim_set_tags(*, claim_id: int, actor: Actor, tags: Iterable[Any], version: int | None = None) -> Claim:
    """Set the claim's desk tags to ``tags`` (new ones are created; an existing tag keeps its spelling)."""
    wanted = clean_tags(tags)
    with transaction.atomic():
        claim = lock_claim(claim_id)
        check_may_tag(actor, claim)
        check_claim_version(claim, version)
        _replace_tags(claim, wanted, actor=actor, claim=claim, action="claim.tags")
    return claim


def factcheck_set_tags(*, claim_id: int, actor: Actor, tags: Iterable[Any], version: int | None = None) -> Verdict:
    """Set the public tags of the claim's fact-check (its verdict: there is one once review has started)."""
    wanted = clean_tags(tags, field="fact_check_tags")
    with transaction.atomic():
        claim = lock_claim(claim_id)
        check_may_tag(actor, claim)
        check_claim_version(claim, version)
        verdict = locked_verdict(claim)
        if _replace_tags(verdict, wanted, actor=actor, claim=claim, action="verdict.tags"):
            _tell_site(claim)
    return verdict


def _topics(topic_ids: Iterable[Any], *, field: str) -> list[Topic]:
    ids: list[int] = []
    for value in topic_ids:
        try:
            ids.append(int(value))
        except (TypeError, ValueError):
            message = _("Choose topics from the list.")
            raise ValidationFailed(message, {field: [message]}) from None
    found = Topic.objects.in_bulk(ids)
    missing = [i for i in ids if i not in found]
    if missing:
        message = _("There is no topic %(id)s: choose topics from the list (an admin keeps it).") % {"id": missing[0]}
        raise ValidationFailed(message, {field: [message]})
    return [found[i] for i in dict.fromkeys(ids)]


def _decide(claim: Claim, actor: Actor, topics: list[Topic], status: str) -> list[str]:
    """Give ``topics`` ``status`` on the claim (creating rows for topics added by hand); returns the names of
    those whose status changed."""
    now = timezone.now()
    rows = {row.topic_id: row for row in ClaimTopic.objects.select_for_update().filter(claim=claim)}
    changed = []
    for topic in topics:
        row = rows.get(topic.pk)
        if row is not None and row.status == status:
            continue
        if row is None:
            row = ClaimTopic(claim=claim, topic=topic)
        row.status, row.decided_by, row.decided_at = status, actor, now
        row.save()
        changed.append(topic.name)
    return changed


def _record_topics(claim: Claim, actor: Actor, accepted: list[str], rejected: list[str]) -> None:
    touch(claim)
    record(
        action="claim.topics",
        actor=actor,
        target=claim,
        claim=claim,
        data={"accepted": accepted, "removed": rejected},
    )
    _tell_site(claim)


def claim_topics_accept(
    *, claim_id: int, actor: Actor, topic_ids: Iterable[Any], version: int | None = None
) -> list[str]:
    """Accept topics on the claim (a suggestion, or any topic of the list); returns the names newly accepted."""
    topics = _topics(topic_ids, field="topics")
    with transaction.atomic():
        claim = lock_claim(claim_id)
        check_may_tag(actor, claim)
        check_claim_version(claim, version)
        accepted = _decide(claim, actor, topics, ClaimTopic.Status.ACCEPTED)
        if accepted:
            _record_topics(claim, actor, accepted, [])
    return accepted


def claim_topics_reject(
    *, claim_id: int, actor: Actor, topic_ids: Iterable[Any], version: int | None = None
) -> list[str]:
    """Turn down a suggested topic, or take an accepted one off; it is not suggested for this claim again."""
    topics = _topics(topic_ids, field="topics")
    with transaction.atomic():
        claim = lock_claim(claim_id)
        check_may_tag(actor, claim)
        check_claim_version(claim, version)
        rejected = _decide(claim, actor, topics, ClaimTopic.Status.REJECTED)
        if rejected:
            _record_topics(claim, actor, [], rejected)
    return rejected


def claim_set_topics(
    *, claim_id: int, actor: Actor, topic_ids: Iterable[Any], version: int | None = None
) -> tuple[list[str], list[str]]:
    """Make ``topic_ids`` the claim's accepted topics: others accepted before are taken off (remembered as
    rejected), suggestions not chosen stay suggestions. Returns (accepted, removed) names."""
    topics = _topics(topic_ids, field="topics")
    with transaction.atomic():
        claim = lock_claim(claim_id)
        check_may_tag(actor, claim)
        check_claim_version(claim, version)
        chosen = {t.pk for t in topics}
        dropped = [
            row.topic
            for row in ClaimTopic.objects.filter(claim=claim, status=ClaimTopic.Status.ACCEPTED).select_related("topic")
            if row.topic_id not in chosen
        ]
        accepted = _decide(claim, actor, topics, ClaimTopic.Status.ACCEPTED)
        removed = _decide(claim, actor, dropped, ClaimTopic.Status.REJECTED)
        if accepted or removed:
            _record_topics(claim, actor, accepted, removed)
    return accepted, removed
