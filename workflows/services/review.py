"""The reviewer's work: start the review, gather evidence, draft the verdict, submit it for sign-off."""

import datetime

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext

from factcheck.actor import Actor
from factcheck.audit.log import record
from factcheck.claims.models import Claim
from factcheck.sanitize import clean_html
from factcheck.verdicts.models import DraftRevision, EvidenceLink, Verdict

from ..actions import Action
from ..exceptions import NotVisible, StaleEdit, ValidationFailed
from ._base import contribute, get_rating, guard, guard_activity, lock_claim, locked_verdict, move, notify

_EVIDENCE_FIELDS = ("url", "title", "publisher", "quote", "stance", "accessed_on")


@transaction.atomic
def review_start(*, claim_id: int, actor: Actor, version: int | None = None) -> Verdict:
    """assigned → in_review. Creates the verdict (evidence hangs off it), with no author yet.

    Starting writes nothing, so it never makes or moves an author: the author is whoever first writes the
    draft or its evidence (``contribute``). After an unassign and a new assignment the draft already
    exists: the new reviewer works on it, and the byline stays with whoever wrote it first.
    """
    claim = lock_claim(claim_id)
    transition = guard(claim=claim, action=Action.START, actor=actor, version=version)
    verdict, created = Verdict.objects.select_for_update().get_or_create(claim=claim)
    old = move(claim, transition.target)
    record(
        action=transition.event,
        actor=actor,
        target=claim,
        claim=claim,
        from_state=old,
        to_state=claim.state,
        data={"verdict": verdict.pk, "verdict_created": created},
    )
    return verdict


def _validated(link: EvidenceLink) -> EvidenceLink:
    try:
        link.full_clean(exclude=["verdict", "added_by"])
    except DjangoValidationError as error:
        raise ValidationFailed(gettext("The evidence link is not valid."), error.message_dict) from None
    return link


def _lock_evidence(evidence_id: int) -> tuple[Claim, EvidenceLink]:
    """Lock the claim first (the order every service uses, so two services never deadlock), then the link."""
    claim_id = EvidenceLink.objects.filter(pk=evidence_id).values_list("verdict__claim_id", flat=True).first()
    if claim_id is None:
        raise NotVisible(gettext("There is no evidence link %(id)s.") % {"id": evidence_id})
    claim = lock_claim(claim_id)
    link = EvidenceLink.objects.select_for_update().filter(pk=evidence_id).first()
    if link is None:
        raise NotVisible(gettext("There is no evidence link %(id)s.") % {"id": evidence_id})
    return claim, link


def _check_unchanged(link: EvidenceLink, expected_updated_at: datetime.datetime | str | None) -> None:
    if expected_updated_at is None:
        return
    if isinstance(expected_updated_at, str):
        expected_updated_at = parse_datetime(expected_updated_at)
    if expected_updated_at != link.updated_at:
        raise StaleEdit(
            gettext("Someone changed this evidence link since you loaded it. Reload the page and try again.")
        )


@transaction.atomic
def evidence_add(
    *,
    claim_id: int,
    actor: Actor,
    url: str,
    title: str,
    publisher: str = "",
    quote: str = "",
    stance: str,
    accessed_on: datetime.date | None = None,
) -> EvidenceLink:
    """Attach a source to the claim's verdict (http(s) URLs only). ``accessed_on`` defaults to today."""
    claim = lock_claim(claim_id)
    guard_activity(claim=claim, action=Action.EVIDENCE, actor=actor)
    verdict = locked_verdict(claim)
    link = _validated(
        EvidenceLink(
            verdict=verdict,
            url=(url or "").strip(),
            title=(title or "").strip(),
            publisher=(publisher or "").strip(),
            quote=(quote or "").strip(),
            stance=stance,
            accessed_on=accessed_on or timezone.localdate(),
            added_by=actor,
        )
    )
    link.save()
    contribute(verdict, actor)
    record(
        action="evidence.add",
        actor=actor,
        target=link,
        claim=claim,
        from_state=claim.state,
        to_state=claim.state,
        data={"url": link.url, "title": link.title, "stance": link.stance},
    )
    return link


@transaction.atomic
def evidence_update(
    *,
    evidence_id: int,
    actor: Actor,
    expected_updated_at: datetime.datetime | str | None = None,
    url: str | None = None,
    title: str | None = None,
    publisher: str | None = None,
    quote: str | None = None,
    stance: str | None = None,
    accessed_on: datetime.date | None = None,
) -> EvidenceLink:
    """Change some fields of an evidence link (None leaves a field alone). ``expected_updated_at`` is the
    link's ``updated_at`` as loaded: a different value means someone saved in between (StaleEdit)."""
    claim, link = _lock_evidence(evidence_id)
    guard_activity(claim=claim, action=Action.EVIDENCE, actor=actor)
    _check_unchanged(link, expected_updated_at)
    given = {
        "url": url,
        "title": title,
        "publisher": publisher,
        "quote": quote,
        "stance": stance,
        "accessed_on": accessed_on,
    }
    changes = {}
    for name, value in given.items():
        if value is None:
            continue
        value = value.strip() if isinstance(value, str) else value
        if getattr(link, name) != value:
            changes[name] = [getattr(link, name), value]
            setattr(link, name, value)
    if not changes:
        return link
    _validated(link).save()
    contribute(locked_verdict(claim), actor)
    record(
        action="evidence.update",
        actor=actor,
        target=link,
        claim=claim,
        from_state=claim.state,
        to_state=claim.state,
        data={"changes": changes},
    )
    return link


@transaction.atomic
def evidence_remove(
    *, evidence_id: int, actor: Actor, expected_updated_at: datetime.datetime | str | None = None
) -> None:
    """Delete an evidence link; the audit record keeps what it was."""
    claim, link = _lock_evidence(evidence_id)
    guard_activity(claim=claim, action=Action.EVIDENCE, actor=actor)
    _check_unchanged(link, expected_updated_at)
    record(
        action="evidence.remove",
        actor=actor,
        target=link,
        claim=claim,
        from_state=claim.state,
        to_state=claim.state,
        data={name: getattr(link, name) for name in _EVIDENCE_FIELDS},
    )
    link.delete()
    contribute(locked_verdict(claim), actor)


@transaction.atomic
def verdict_save_draft(
    *,
    claim_id: int,
    actor: Actor,
    rating_id: int | None,
    headline: str,
    summary: str,
    explanation: str,
    version: int,
) -> Verdict:
    """Save the draft. ``version`` is the verdict version the editor loaded: if someone saved since, the
    save is refused (StaleEdit), never silently overwritten. The explanation is sanitized HTML. A draft may
    be incomplete (no rating yet); completeness is checked on submit. Every save is kept as a
    ``DraftRevision`` (who, when, the fields as saved): the draft's history, and "theirs" in a conflict."""
    claim = lock_claim(claim_id)
    guard_activity(claim=claim, action=Action.DRAFT, actor=actor)
    verdict = locked_verdict(claim)
    if version is None or int(version) != verdict.version:
        raise StaleEdit(
            gettext(
                "Someone saved this draft since you loaded it (you had version %(yours)s, it is now "
                "%(now)s). Reload, compare, and save again."
            )
            % {"yours": version, "now": verdict.version},
            current_version=verdict.version,
        )
    headline = (headline or "").strip()
    if len(headline) > getattr(Verdict._meta.get_field("headline"), "max_length", 300):
        raise ValidationFailed(gettext("The headline is too long."), {"headline": [gettext("At most 300 characters.")]})
    rating = get_rating(rating_id) if rating_id not in (None, "") else None
    new = {
        "rating_id": rating.pk if rating else None,
        "headline": headline,
        "summary": (summary or "").strip(),
        "explanation": clean_html(explanation),
    }
    changed = [name for name, value in new.items() if getattr(verdict, name) != value]
    old_rating = verdict.rating_id
    for name, value in new.items():
        setattr(verdict, name, value)
    verdict.rating = rating  # the row already read: callers showing the saved draft need no query for it
    verdict.version += 1
    verdict.save()
    DraftRevision.objects.create(
        verdict=verdict,
        number=verdict.version,
        author=actor,
        rating=rating,
        rating_label=rating.label if rating else "",
        headline=verdict.headline,
        summary=verdict.summary,
        explanation=verdict.explanation,
        changed=changed,
    )
    contribute(verdict, actor)
    record(
        action="verdict.save_draft",
        actor=actor,
        target=verdict,
        claim=claim,
        from_state=claim.state,
        to_state=claim.state,
        data={"version": verdict.version, "changed": changed, "rating": [old_rating, verdict.rating_id]},
    )
    return verdict


@transaction.atomic
def verdict_submit(*, claim_id: int, actor: Actor, version: int | None = None) -> Verdict:
    """in_review → submitted, once the draft is complete: rating, headline, summary and some evidence."""
    claim = lock_claim(claim_id)
    transition = guard(claim=claim, action=Action.SUBMIT, actor=actor, version=version)
    verdict = locked_verdict(claim)
    errors: dict[str, list[str]] = {}
    if verdict.rating_id is None:
        errors["rating"] = [gettext("Choose a rating.")]
    if not verdict.headline.strip():
        errors["headline"] = [gettext("Write a headline.")]
    if not verdict.summary.strip():
        errors["summary"] = [gettext("Write a short summary for the reader.")]
    if not verdict.evidence.exists():
        errors["evidence"] = [gettext("Add at least one evidence link.")]
    if errors:
        raise ValidationFailed(
            gettext("The draft is not ready to submit: %(problems)s")
            % {"problems": " ".join(m for v in errors.values() for m in v)},
            errors,
        )
    old = move(claim, transition.target)
    record(
        action=transition.event,
        actor=actor,
        target=verdict,
        claim=claim,
        from_state=old,
        to_state=claim.state,
        data={"verdict_version": verdict.version, "rating": verdict.rating_id},
    )
    notify("submitted", claim.pk)  # the editors (or the panel) who may sign it off
    return verdict
