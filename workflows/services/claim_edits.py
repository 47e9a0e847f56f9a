"""Claims an editor adds and restates.

``claim_add``: a claim extraction missed, either a passage of an article (its offsets kept, so the claim
still points into the raw text) or a claim typed with where it came from (a reader's tip, a broadcast, a
social post). A claim belongs to an article, so a typed one is kept in a *desk note*: an article holding
just the typed text, stored already done so no pipeline re-extracts it, and found again by its text (the
same claim typed twice is the same note). Manual claims are scored, typed and attributed by the same
extraction code, and matched against earlier claims and the archive like extracted ones: the match runs
before the transaction (``linking.prematch``), the linking under its lock inside it, as the pipeline does.

``claim_restate``: the claim as the desk checks and publishes it (self-contained; empty means the sentence
as it appeared), who made it, when, and where it appeared. It is the ``edit`` activity of the transition
table (with the type), so it is allowed exactly where the details edit is: until the verdict is submitted,
to editors and the assigned reviewer. A stale ``version`` is refused, never merged.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.validators import URLValidator
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.dateparse import parse_date
from django.utils.formats import number_format
from django.utils.translation import gettext, gettext_noop

from factcheck.actor import Actor
from factcheck.articles.models import Article, content_hash
from factcheck.audit.log import record
from factcheck.claims.linking import link_claims, prematch
from factcheck.claims.models import Claim, ClaimOrigin
from factcheck.extraction.language import sentence_language
from factcheck.sanitize import XML_ILLEGAL

from .. import permissions
from ..actions import Action, DeskAction
from ..exceptions import ValidationFailed
from ._base import guard_activity, lock_claim, touch
from .triage import apply_details

#: A claim is a sentence or a short passage; an editor selecting more has most likely selected too much.
MAX_CLAIM_CHARS = 2000
#: The claim as published: a sentence or two a reader takes in at once.
MAX_REVIEWED_CHARS = 1000
MAX_URL_CHARS = 2000
MAX_SOURCE_DESCRIPTION_CHARS = 500
DESK_NOTE = "Desk note"
#: A reader's tip is kept in a note of its own name, so the queue's article column says where it came from.
READER_TIP = "Reader tip"


class _Unchanged:
    """The default of ``claim_restate``'s fields: leave this one as it is (``None`` clears a date)."""

    def __repr__(self) -> str:
        return "UNCHANGED"


UNCHANGED = _Unchanged()
_web_address = URLValidator(schemes=["http", "https"])


def _clean_text(value: Any) -> str:
    """Typed text without the characters no page or feed can carry (NUL, other controls)."""
    return XML_ILLEGAL.sub("", value if isinstance(value, str) else "")


# Each address field's refusals as whole sentences (translated when raised), never a name glued into one.
_URL_TOO_LONG = {
    "source_url": gettext_noop("The source address is too long."),
    "appearance_url": gettext_noop("The address where the claim appeared is too long."),
}
_URL_NOT_WEB = {
    "source_url": gettext_noop("Give the source address as a full web address starting with http:// or https://."),
    "appearance_url": gettext_noop(
        "Give the address where the claim appeared as a full web address starting with http:// or https://."
    ),
}
_OFFSET_NOT_NUMBER = {
    "start": gettext_noop("The start of the selection must be a whole number of characters."),
    "end": gettext_noop("The end of the selection must be a whole number of characters."),
}
_PASSAGE_MISSING = {
    "article": gettext_noop("Give the article of the passage."),
    "start": gettext_noop("Give the start of the passage."),
    "end": gettext_noop("Give the end of the passage."),
}


def _web_url(value: Any, *, field: str) -> str:
    """``value`` as an absolute http(s) address, "" for none; anything else is refused naming ``field``."""
    url = _clean_text(value).strip()
    if not url:
        return ""
    if len(url) > MAX_URL_CHARS:
        limit = gettext("At most %(limit)s characters.") % {"limit": number_format(MAX_URL_CHARS, force_grouping=True)}
        raise ValidationFailed(gettext(_URL_TOO_LONG[field]), {field: [limit]})
    try:
        _web_address(url)
    except DjangoValidationError:
        message = gettext(_URL_NOT_WEB[field])
        raise ValidationFailed(message, {field: [message]}) from None
    return url


def _offset(value: Any, field: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        try:
            value = int(str(value).strip())
        except ValueError:
            message = gettext(_OFFSET_NOT_NUMBER[field])
            raise ValidationFailed(message, {field: [message]}) from None
    return value


# --- adding ----------------------------------------------------------------------------------------------


def _check_mode(article_id: Any, start: Any, end: Any, text: Any, source_url: Any, source_description: Any) -> bool:
    """True for a passage of an article, False for a typed claim; refuses a mixture or nothing."""
    span = article_id is not None or start is not None or end is not None
    if span and text is not None:
        message = gettext(
            "Either select a passage of an article (article, start, end) or type the claim (text) with "
            "where it came from, not both."
        )
        raise ValidationFailed(message, {"text": [message]})
    if not span and text is None:
        message = gettext(
            "Select a passage of an article (article, start, end), or type the claim (text) with where "
            "it came from (source_url or source_description)."
        )
        raise ValidationFailed(message, {"text": [message]})
    if span:
        missing = {
            name: [gettext(_PASSAGE_MISSING[name])]
            for name, value in (("article", article_id), ("start", start), ("end", end))
            if value is None
        }
        if missing:
            raise ValidationFailed(gettext("A passage needs its article, start and end."), missing)
        given = [
            name for name, value in (("source_url", source_url), ("source_description", source_description)) if value
        ]
        if given:
            message = gettext(
                "A passage of an article comes from that article: leave the source out (or type the claim)."
            )
            raise ValidationFailed(message, {name: [message] for name in given})
    return span


def _passage(article_id: Any, start: Any, end: Any) -> tuple[Article, int, int]:
    """The article and the selection's bounds, trimmed of blank space around it, or a refusal saying why."""
    known = isinstance(article_id, int) and not isinstance(article_id, bool)
    article = Article.objects.filter(pk=article_id).first() if known else None
    if article is None:
        message = gettext("There is no article %(id)s.") % {"id": article_id}
        raise ValidationFailed(message, {"article": [message]})
    if not article.raw_text:
        if article.status == Article.Status.DUPLICATE and article.duplicate_of_id:
            message = gettext("This article is a copy of article %(id)s: add the claim there.") % {
                "id": article.duplicate_of_id
            }
        else:
            message = gettext(
                "This article has no text yet (it is “%(status)s”): wait until its page is fetched, then select "
                "the passage."
            ) % {"status": article.get_status_display()}
        raise ValidationFailed(message, {"article": [message]})
    raw = article.raw_text
    start, end = _offset(start, "start"), _offset(end, "end")
    bounds = gettext("The selection must lie within the article's text (0 to %(length)s characters).") % {
        "length": number_format(len(raw), force_grouping=True)
    }
    if not 0 <= start <= len(raw):
        raise ValidationFailed(bounds, {"start": [bounds]})
    if not 0 <= end <= len(raw):
        raise ValidationFailed(bounds, {"end": [bounds]})
    if end <= start:
        message = gettext("The selection must end after its start: select the words of the claim.")
        raise ValidationFailed(message, {"end": [message]})
    while start < end and raw[start].isspace():
        start += 1
    while end > start and raw[end - 1].isspace():
        end -= 1
    if start == end:
        message = gettext("The selection is only blank space: select the words of the claim.")
        raise ValidationFailed(message, {"start": [message]})
    if end - start > MAX_CLAIM_CHARS:
        message = gettext(
            "The selection is %(length)s characters; a claim is at most %(limit)s: select the sentence that makes it."
        ) % {
            "length": number_format(end - start, force_grouping=True),
            "limit": number_format(MAX_CLAIM_CHARS, force_grouping=True),
        }
        raise ValidationFailed(message, {"end": [message]})
    return article, start, end


def _typed(text: Any, source_url: Any, source_description: Any) -> tuple[str, str, str]:
    text = _clean_text(text).strip()
    if not text:
        message = gettext("Type the claim as it was made.")
        raise ValidationFailed(message, {"text": [message]})
    if len(text) > MAX_CLAIM_CHARS:
        message = gettext("A claim is at most %(limit)s characters: type the sentence that makes it.") % {
            "limit": number_format(MAX_CLAIM_CHARS, force_grouping=True)
        }
        raise ValidationFailed(message, {"text": [message]})
    url = _web_url(source_url, field="source_url")
    description = " ".join(_clean_text(source_description).split())
    if len(description) > MAX_SOURCE_DESCRIPTION_CHARS:
        message = gettext("Describe the source in at most %(limit)d characters.") % {
            "limit": MAX_SOURCE_DESCRIPTION_CHARS
        }
        raise ValidationFailed(message, {"source_description": [message]})
    if not url and not description:
        message = gettext(
            "Say where the claim came from: a source URL, or a description (a broadcast, a social post, "
            "a reader's tip)."
        )
        raise ValidationFailed(message, {"source_url": [message], "source_description": [message]})
    return text, url, description


def _speaker(value: Any) -> str | None:
    if value is None:
        return None
    speaker = " ".join(_clean_text(value).split())
    if len(speaker) > 200:
        raise ValidationFailed(gettext("The speaker is too long."), {"speaker": [gettext("At most 200 characters.")]})
    return speaker


def _guess_from_article(article: Article, start: int, end: int) -> tuple[str, str]:
    """(speaker, context) of a passage, from the article's sentences around it, as extraction reads them."""
    from factcheck.extraction.pipeline import extract  # NumPy and the model: not at django.setup()

    result = extract(article.raw_text, title=article.title or None, language=article.language or "en")
    overlapping = [s for s in result.sentences if s.start < end and s.end > start]
    speaker = next((s.speaker for s in overlapping if s.speaker), "") or ""
    if len(overlapping) == 1:
        context = overlapping[0].context
    elif overlapping:
        context = " ".join(s.text for s in overlapping)
    else:  # a passage extraction dropped (a heading, a caption): it is its own context
        context = article.raw_text[start:end]
    return speaker, context


def _desk_note(text: str, url: str, description: str, actor: Actor, label: str = DESK_NOTE) -> Article:
    """The article holding a typed claim: found by its text, else created, already done (never extracted)."""
    digest = content_hash(text)
    note = Article.objects.filter(content_hash=digest).first()
    if note is not None:
        return note
    title = f"{label}: {text}"
    if len(title) > 120:
        title = title[:119].rsplit(" ", 1)[0] + "…"
    name = getattr(actor, "get_username", lambda: "")()
    try:
        with transaction.atomic():
            return Article.objects.create(
                title=title,
                url=url,
                source=Article.Source.ADMIN,
                source_name=(f"{label} by {name}" if name else label) + (f" ({description})" if description else ""),
                raw_text=text,
                cleaned_text=text,
                content_hash=digest,
                status=Article.Status.DONE,
            )
    except IntegrityError:  # another editor typed the same claim a moment ago
        return Article.objects.get(content_hash=digest)


def _refuse_existing(article: Article, start: int, end: int) -> None:
    existing = Claim.objects.filter(article=article, start=start, end=end).first()
    if existing is not None:
        message = gettext("This passage is already claim %(id)s (“%(state)s”): open that claim instead.") % {
            "id": existing.pk,
            "state": existing.get_state_display(),
        }
        raise ValidationFailed(message, {"start": [message]})


def claim_add(
    *,
    actor: Actor,
    article_id: int | None = None,
    start: int | None = None,
    end: int | None = None,
    text: str | None = None,
    source_url: str | None = None,
    source_description: str | None = None,
    speaker: str | None = None,
) -> Claim:
    """Add a claim the model missed: a passage of an article (``article_id``, ``start``, ``end``: offsets
    into its raw text) or a typed claim (``text``, with ``source_url`` and/or ``source_description``).

    Editors and admins (``DeskAction.ADD_CLAIM``). The claim enters the queue as ``new``, marked
    ``manual``, scored, typed and attributed as extraction would (``speaker`` overrides the guess), and
    linked to the same claim elsewhere and to archived fact-checks. One ``claim.add`` audit event.
    """
    permissions.check(actor, DeskAction.ADD_CLAIM)
    return store_claim(
        actor=actor,
        article_id=article_id,
        start=start,
        end=end,
        text=text,
        source_url=source_url,
        source_description=source_description,
        speaker=speaker,
        origin=ClaimOrigin.MANUAL,
    )


def store_claim(
    *,
    actor: Actor,
    origin: str,
    article_id: int | None = None,
    start: int | None = None,
    end: int | None = None,
    text: str | None = None,
    source_url: str | None = None,
    source_description: str | None = None,
    speaker: str | None = None,
) -> Claim:
    """``claim_add``'s work, for a caller that has already decided who may add the claim: an editor
    (``claim_add`` checks the matrix) or a reader's tip (``services.tips``: origin ``tip``, the system as
    actor). One path, so a tip is scored, typed and matched exactly as a claim an editor types."""
    # Imported here, not at django.setup(): they load NumPy and the model, which a web process needs only now.
    from factcheck.extraction.attribution import attribute_speakers
    from factcheck.extraction.claim_types import classify_claim_type
    from factcheck.extraction.scoring import score_basis, score_sentences

    from_article = _check_mode(article_id, start, end, text, source_url, source_description)
    speaker = _speaker(speaker)
    if from_article:
        article, start, end = _passage(article_id, start, end)
        claim_text = article.raw_text[start:end]
        guessed_speaker, context = _guess_from_article(article, start, end)
        url = description = ""
    else:
        claim_text, url, description = _typed(text, source_url, source_description)
        guessed_speaker, context = attribute_speakers([(claim_text, 0)])[0] or "", claim_text
    # Read in the article's language (typed: the text's own), as the pipeline reads an article's sentences.
    language = (article.language or "en") if from_article else sentence_language(claim_text)
    score = score_sentences([claim_text], language)[0]
    # The slow part of matching, outside any transaction and lock (as the article pipeline does it).
    matches = prematch([claim_text])
    with transaction.atomic():
        if not from_article:
            label = READER_TIP if origin == ClaimOrigin.TIP else DESK_NOTE
            article = _desk_note(claim_text, url, description, actor, label)
            raw = article.raw_text
            start, end = len(raw) - len(raw.lstrip()), len(raw.rstrip())
            claim_text = raw[start:end]
        assert start is not None and end is not None  # set by either way in above
        _refuse_existing(article, start, end)
        claim = Claim(
            article=article,
            text=claim_text,
            start=start,
            end=end,
            context=context,
            score=min(1.0, max(0.0, score)),
            claim_type=classify_claim_type(claim_text, language),
            language=language,
            score_basis=score_basis(language),
            speaker=speaker if speaker is not None else guessed_speaker[:200],
            origin=origin,
            source_url=url,
            source_description=description,
            appearance_url=url,
        )
        link_claims([claim], matches)  # under the linking lock; sets the cluster and archive match
        try:
            with transaction.atomic():
                claim.save()
        except IntegrityError:  # the same passage, added by someone else a moment ago
            _refuse_existing(article, start, end)
            raise
        record(
            action="claim.add",
            actor=actor,
            target=claim,
            claim=claim,
            to_state=claim.state,
            data={
                "origin": claim.origin,
                "article": article.pk,
                "start": start,
                "end": end,
                "source_url": url,
                "source_description": description,
            },
        )
    return claim


# --- restating -------------------------------------------------------------------------------------------


def _claim_date(value: Any) -> datetime.date | None:
    if value is None or value == "":
        return None
    if isinstance(value, datetime.datetime):
        value = timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    if isinstance(value, str):
        try:
            parsed = parse_date(value.strip())
        except ValueError:
            parsed = None
        if parsed is None:
            message = gettext("Give the date the claim was made as YYYY-MM-DD (for example 2024-03-01).")
            raise ValidationFailed(message, {"claim_date": [message]})
        value = parsed
    if not isinstance(value, datetime.date):
        message = gettext("Give the date the claim was made as YYYY-MM-DD (for example 2024-03-01).")
        raise ValidationFailed(message, {"claim_date": [message]})
    if value > timezone.localdate():
        message = gettext("The claim date is in the future: give the day the claim was made.")
        raise ValidationFailed(message, {"claim_date": [message]})
    return value


def _reviewed(claim: Claim, value: Any) -> str:
    """The stored form of a restatement: "" when it is blank or the sentence itself."""
    reviewed = " ".join(_clean_text(value).split())
    if len(reviewed) > MAX_REVIEWED_CHARS:
        message = gettext(
            "The claim as checked is %(length)s characters; keep it to at most "
            "%(limit)s, a sentence or two a reader takes in at once."
        ) % {
            "length": number_format(len(reviewed), force_grouping=True),
            "limit": number_format(MAX_REVIEWED_CHARS, force_grouping=True),
        }
        raise ValidationFailed(message, {"claim_reviewed": [message]})
    return "" if reviewed == " ".join(claim.text.split()) else reviewed


@transaction.atomic
def claim_restate(
    *,
    claim_id: int,
    actor: Actor,
    version: int | None,
    claim_reviewed: Any = UNCHANGED,
    speaker: Any = UNCHANGED,
    claim_date: Any = UNCHANGED,
    appearance_url: Any = UNCHANGED,
    claim_type: Any = UNCHANGED,
) -> Claim:
    """Set how the desk states the claim: ``claim_reviewed`` (blank: the sentence as it appeared),
    ``speaker`` (blank: the publication), ``claim_date`` (a date or ISO string; None clears it),
    ``appearance_url`` (http(s); blank clears it) and ``claim_type``. Fields left ``UNCHANGED`` stay.

    ``version`` is required: the claim's version the editor saw; a different one is ``StaleEdit``, so two
    editors rewording at once never overwrite each other silently. One ``claim.edit`` audit event with
    field -> [old, new] (the claim as checked is compared as readers see it: the sentence when blank).
    """
    if version is None:
        message = gettext("Send the claim's version you loaded, so an edit made meanwhile is not overwritten.")
        raise ValidationFailed(message, {"version": [message]})
    claim = lock_claim(claim_id)
    guard_activity(claim=claim, action=Action.EDIT, actor=actor, version=version)
    errors: dict[str, list[str]] = {}
    values: dict = {}
    for field, value, clean in (
        ("claim_reviewed", claim_reviewed, lambda v: _reviewed(claim, v)),
        ("claim_date", claim_date, _claim_date),
        (
            "appearance_url",
            appearance_url,
            lambda v: _web_url(v, field="appearance_url"),
        ),
    ):
        if value is UNCHANGED:
            continue
        try:
            values[field] = clean(value)
        except ValidationFailed as error:
            errors.update(error.errors)
    try:
        changes = apply_details(
            claim,
            claim_type=None if claim_type is UNCHANGED else claim_type,
            speaker=None if speaker is UNCHANGED else (_speaker(speaker) or ""),
        )
    except ValidationFailed as error:
        errors.update(error.errors)
        changes = {}
    if errors:
        fields = ", ".join(sorted(errors))
        raise ValidationFailed(
            gettext("Some details could not be saved (%(fields)s): correct them and save again.") % {"fields": fields},
            errors,
        )
    old_reviewed = claim.reviewed_text
    for field, value in values.items():
        if getattr(claim, field) != value:
            changes[field] = [getattr(claim, field), value]
            setattr(claim, field, value)
    if "claim_reviewed" in changes:
        changes["claim_reviewed"] = [old_reviewed, claim.reviewed_text]
    if not changes:
        return claim
    touch(claim, *changes)
    record(
        action="claim.edit",
        actor=actor,
        target=claim,
        claim=claim,
        from_state=claim.state,
        to_state=claim.state,
        data={"changes": changes},
    )
    return claim
