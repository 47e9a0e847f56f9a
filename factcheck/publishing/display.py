"""What readers see, prepared once in Python so the page, the feeds and the JSON-LD cannot disagree.

Templates and ``jsonld`` both read these values; neither goes back to the model fields. Text fields are
reduced to plain text here (``plain``) and escaped by the template or by ``jsonld.dumps_for_script``;
only the explanation is HTML, and only after ``factcheck.sanitize.clean_html``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime

from django.utils import timezone
from django.utils.translation import gettext, pgettext

from factcheck.claims.models import Assignment, ClaimState, ClaimType
from factcheck.publishing import site
from factcheck.publishing.site import absolute  # noqa: F401 - the desk API builds public links with it
from factcheck.safety import http_url, plain
from factcheck.sanitize import clean_html
from factcheck.verdicts.corrections import names_labels

_HEX = re.compile(r"^#[0-9a-fA-F]{6}$")
_HEADING = re.compile(r"<(/?)h([1-6])>")

FALLBACK_COLOUR = "#4a5568"  # the scale's neutral grey, for a snapshot whose colour is missing or malformed
RETRACTED_COLOUR = "#57606a"
AA_TEXT_CONTRAST = 4.5


def iso(value: datetime | date | None) -> str:
    """One ISO 8601 form for both ``<time datetime>`` and JSON-LD, so the two compare equal."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        return timezone.localtime(value).replace(microsecond=0).isoformat()
    return value.isoformat()


def display_name(user) -> str:
    """A person's public name: full name if the desk filled it in, else the username."""
    if user is None:
        return ""
    return plain(user.get_full_name()) or plain(user.get_username())


def nest_headings(fragment: str, top: int = 3) -> str:
    """Shift headings in sanitized HTML so its highest heading is ``h{top}``, keeping the page outline in order.

    The explanation sits under the page's ``h2`` section; an editor's own ``h2`` would otherwise jump out
    of it. Only works on ``clean_html`` output, where heading tags carry no attributes.
    """
    levels = [int(m.group(2)) for m in _HEADING.finditer(fragment)]
    if not levels:
        return fragment
    shift = top - min(levels)
    return _HEADING.sub(lambda m: f"<{m.group(1)}h{min(6, max(1, int(m.group(2)) + shift))}>", fragment)


# --- colour -------------------------------------------------------------------------------------------


def _luminance(hex_colour: str) -> float:
    """WCAG 2 relative luminance of ``#rrggbb``."""

    def channel(c: int) -> float:
        s = c / 255
        return s / 12.92 if s <= 0.03928 else ((s + 0.055) / 1.055) ** 2.4

    r, g, b = (int(hex_colour[i : i + 2], 16) for i in (1, 3, 5))
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)


def contrast(a: str, b: str) -> float:
    """WCAG 2 contrast ratio of two ``#rrggbb`` colours, from 1 to 21."""
    la, lb = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def text_colour_on(background: str) -> str:
    """Black or white, whichever reads better on ``background``; one of them always reaches 4.5:1 (AA)."""
    return "#ffffff" if contrast("#ffffff", background) >= contrast("#000000", background) else "#000000"


# --- rating -------------------------------------------------------------------------------------------

SEGMENT_WIDTH = 36
SEGMENT_GAP = 4
BADGE_HEIGHT = 36


@dataclass(frozen=True)
class Segment:
    x: int
    value: int
    current: bool


@dataclass(frozen=True)
class RatingView:
    """A published rating as readers see it: always a text label, a colour with readable text, and a
    position on the scale only when the rating has one (off-scale outcomes are a badge alone)."""

    label: str
    slug: str
    value: int | None
    best: int | None
    worst: int | None
    colour: str
    text_colour: str
    retracted: bool = False

    @property
    def on_scale(self) -> bool:
        return self.value is not None

    @property
    def description(self) -> str:
        """The sentence a screen reader hears for the SVG, and the text shown under it."""
        if self.retracted:
            return gettext("Rating withdrawn (originally %(label)s)") % {"label": self.label}
        if self.on_scale:
            return gettext("%(label)s: %(value)s on a scale from %(worst)s (worst) to %(best)s (best)") % {
                "label": self.label,
                "value": self.value,
                "worst": self.worst,
                "best": self.best,
            }
        return gettext("%(label)s: outside the numeric scale") % {"label": self.label}

    @property
    def segments(self) -> list[Segment]:
        if not self.on_scale or self.retracted:
            return []
        step = SEGMENT_WIDTH + SEGMENT_GAP
        return [
            Segment(x=i * step, value=v, current=v == self.value)
            for i, v in enumerate(range(self.worst, self.best + 1))
        ]

    @property
    def current_segment(self) -> Segment | None:
        return next((s for s in self.segments if s.current), None)

    @property
    def badge_width(self) -> int:
        """Room for the label at 16px bold; SVG text does not wrap, so the badge grows with the label."""
        return 24 + round(10 * len(self.badge_text))

    @property
    def badge_text(self) -> str:
        return pgettext("rating badge", "Retracted") if self.retracted else self.label

    @property
    def badge_centre(self) -> int:
        return self.badge_width // 2

    @property
    def marker_x(self) -> int | None:
        """Centre of the rated step: the marker drawn under it shows the position without relying on colour."""
        seg = self.current_segment
        return None if seg is None else seg.x + SEGMENT_WIDTH // 2

    @property
    def meter_width(self) -> int:
        return max(0, len(self.segments) * (SEGMENT_WIDTH + SEGMENT_GAP) - SEGMENT_GAP)

    @property
    def width(self) -> int:
        return max(self.badge_width, self.meter_width, 1) + 2

    @property
    def height(self) -> int:
        return BADGE_HEIGHT + (64 if self.segments else 0) + 2


def rating_view(snapshot: dict | None, *, retracted: bool = False) -> RatingView:
    """Read ``Verdict.published_rating`` defensively: a value is kept only with sane bounds (1 <= worst <=
    value <= best), so a half-filled snapshot shows as a badge rather than a wrong position."""
    snapshot = snapshot or {}
    label = plain(str(snapshot.get("label") or "")) or pgettext("rating badge", "Unrated")
    value, best, worst = (snapshot.get(k) for k in ("value", "best", "worst"))
    ints = all(isinstance(v, int) and not isinstance(v, bool) for v in (value, best, worst))
    if not (ints and 1 <= worst <= value <= best):
        value = best = worst = None
    colour = snapshot.get("colour") or ""
    colour = colour.lower() if isinstance(colour, str) and _HEX.match(colour) else FALLBACK_COLOUR
    if retracted:
        colour = RETRACTED_COLOUR
    return RatingView(
        label=label,
        slug=plain(str(snapshot.get("slug") or "")),
        value=value,
        best=best,
        worst=worst,
        colour=colour,
        text_colour=text_colour_on(colour),
        retracted=retracted,
    )


# --- fact-checks --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ClaimAuthor:
    """Who made the claim: a named speaker (a Person) or, failing that, the publication (an Organization)."""

    name: str
    is_person: bool


# Words that make a speaker an organisation in ClaimReview ("Ministry of Health", "Labour Party"). A guess
# from the name alone, kept to words that rarely name a person; an all-capitals short name (WHO, NHS) too.
_ORGANISATION_WORDS = frozenset(
    {
        "agency",
        "association",
        "authority",
        "bank",
        "campaign",
        "commission",
        "committee",
        "company",
        "congress",
        "corporation",
        "council",
        "court",
        "department",
        "embassy",
        "federation",
        "foundation",
        "government",
        "hospital",
        "inc",
        "institute",
        "league",
        "ltd",
        "llc",
        "ministry",
        "organisation",
        "organization",
        "parliament",
        "party",
        "police",
        "senate",
        "union",
        "university",
    }
)
# What an editor may type for "the publication made this claim itself".
_THE_PUBLICATION = frozenset({"the publication", "the publisher", "the article"})
_ACRONYM = re.compile(r"^[A-Z]{2,6}$")
_WORD = re.compile(r"[^\W\d_]+")


def claim_author(speaker: str, publisher: str) -> ClaimAuthor | None:
    """The claim's author for readers and ClaimReview: the publisher (an Organization) when no one else is
    named; a speaker whose name reads as an organisation's, an Organization; anyone else, a Person."""
    if speaker.casefold() in _THE_PUBLICATION or speaker.casefold() == publisher.casefold():
        speaker = ""
    if not speaker:
        return ClaimAuthor(name=publisher, is_person=False) if publisher else None
    words = _WORD.findall(speaker)
    organisation = bool(_ACRONYM.match(speaker)) or any(w.casefold() in _ORGANISATION_WORDS for w in words)
    return ClaimAuthor(name=speaker, is_person=not organisation)


@dataclass(frozen=True)
class FactCheckSummary:
    """Everything the index, feeds, sitemap and ClaimReview need; built from one row with claim + article."""

    pk: int
    slug: str
    path: str
    url: str
    headline: str
    summary: str
    claim_text: str  # the claim as the desk checked it (``Claim.reviewed_text``)
    claim_type: str
    claim_author: ClaimAuthor | None
    article_title: str
    article_publisher: str
    article_url: str
    article_published_at: datetime | None
    rating: RatingView
    published_at: datetime
    modified_at: datetime | None
    retracted: bool
    retracted_at: datetime | None
    retraction_reason: str
    publisher_url: str  # the organisation publishing the fact-check (ClaimReview author)
    claim_as_appeared: str = ""  # the sentence as it appeared (``Claim.text``)
    claim_date: date | None = None  # when the claim was made, as the desk recorded it
    appearance_url: str = ""  # where it appeared, as the desk recorded it (http(s) only)
    language: str = ""  # the fact-check's language (ISO 639-1): its claim's, else its article's

    @property
    def last_change(self) -> datetime:
        return max(d for d in (self.published_at, self.modified_at, self.retracted_at) if d is not None)

    @property
    def retracted_iso(self) -> str:
        return iso(self.retracted_at)

    @property
    def published_iso(self) -> str:
        return iso(self.published_at)

    @property
    def updated_at(self) -> datetime | None:
        """The public "updated" date: only a change after publication counts (publish itself stamps
        ``modified_at`` too)."""
        if self.modified_at and self.modified_at > self.published_at:
            return self.modified_at
        return None

    @property
    def updated_iso(self) -> str:
        return iso(self.updated_at)

    @property
    def article_date_iso(self) -> str:
        return iso(timezone.localtime(self.article_published_at).date()) if self.article_published_at else ""

    @property
    def claim_restated(self) -> bool:
        """True when the desk reworded the claim: the page then quotes the sentence as it appeared too."""
        return bool(self.claim_as_appeared) and self.claim_as_appeared != self.claim_text

    @property
    def claim_day(self) -> date | None:
        """When the claim was made: the desk's date, else the day the article was published."""
        if self.claim_date:
            return self.claim_date
        return timezone.localtime(self.article_published_at).date() if self.article_published_at else None

    @property
    def claim_day_iso(self) -> str:
        return iso(self.claim_day)

    @property
    def other_appearance_url(self) -> str:
        """Where the claim appeared when that is not the article (already linked as the claim's source)."""
        return self.appearance_url if self.appearance_url and self.appearance_url != self.article_url else ""

    @property
    def title(self) -> str:
        """Headline for feeds and tabs; a fact-check without one is named by its claim."""
        return self.headline or gettext("Fact-check: %(claim)s") % {"claim": self.claim_text[:120]}


def content_language(claim) -> str:
    """The language a fact-check is written in: its claim's (a quote may differ from the article), else its
    article's; "" when neither says (the page then keeps the interface's language)."""
    return (getattr(claim, "language", "") or getattr(claim.article, "language", "") or "").strip()


def summarize(verdict, request=None) -> FactCheckSummary:
    """Build the summary from a verdict fetched with ``claim`` and ``claim__article`` (no further queries).

    ``request``, when there is one, gives absolute URLs the reader's address if ``SITE_URL`` is unset."""
    claim = verdict.claim
    article = claim.article
    publisher = plain(article.publisher)
    author = claim_author(plain(claim.speaker), publisher)
    retracted = claim.state == ClaimState.RETRACTED
    path = verdict.get_absolute_url()
    return FactCheckSummary(
        pk=verdict.pk,
        slug=verdict.slug,
        path=path,
        url=site.absolute(path, request),
        headline=plain(verdict.headline),
        summary=plain(verdict.summary),
        claim_text=plain(claim.reviewed_text),
        claim_as_appeared=plain(claim.text),
        claim_date=claim.claim_date,
        appearance_url=http_url(claim.appearance_url),
        language=content_language(claim),
        claim_type=str(ClaimType(claim.claim_type).label) if claim.claim_type in ClaimType.values else "",
        claim_author=author,
        article_title=plain(article.title),
        article_publisher=publisher,
        article_url=http_url(article.url),
        article_published_at=article.published_at,
        rating=rating_view(verdict.published_rating, retracted=retracted),
        published_at=verdict.published_at,
        modified_at=verdict.modified_at,
        retracted=retracted,
        retracted_at=verdict.retracted_at,
        retraction_reason=plain(verdict.retraction_reason),
        publisher_url=site.org_url(request),
    )


@dataclass(frozen=True)
class EvidenceView:
    url: str
    title: str
    publisher: str
    quote: str
    stance: str
    stance_label: str
    accessed_on: date | None


@dataclass(frozen=True)
class CorrectionView:
    kind: str
    kind_label: str
    created_at: datetime
    what_changed: str
    old_rating: str
    new_rating: str
    note: str

    @property
    def created_iso(self) -> str:
        return iso(self.created_at)

    @property
    def is_retraction(self) -> bool:
        return self.kind == "retraction"

    @property
    def rating_changed(self) -> bool:
        """Whether the log adds "Rating changed from old to new.": only for a real change (a retraction
        withdraws the rating instead), and not when the editor's own words already name both ratings, so
        the change is said once."""
        changed = bool(self.old_rating and self.new_rating) and self.old_rating != self.new_rating
        return (
            changed and not self.is_retraction and not names_labels(self.what_changed, self.old_rating, self.new_rating)
        )


@dataclass(frozen=True)
class FactCheckPage:
    """The full public page: the summary plus evidence, bylines, explanation and corrections."""

    fc: FactCheckSummary
    explanation_html: str
    evidence: list[EvidenceView] = field(default_factory=list)
    reviewers: list[str] = field(default_factory=list)
    editor: str = ""
    corrections: list[CorrectionView] = field(default_factory=list)


def page(verdict, request=None) -> FactCheckPage:
    """Build the page from a verdict with ``evidence``, ``corrections`` and ``claim.assignments`` prefetched
    (see ``selectors.with_page_relations``); touches no further rows."""
    reviewers: list[str] = []
    for name in [display_name(verdict.author)] + [
        display_name(a.reviewer) for a in verdict.claim.assignments.all() if a.state != Assignment.State.WITHDRAWN
    ]:
        if name and name not in reviewers:
            reviewers.append(name)
    return FactCheckPage(
        fc=summarize(verdict, request),
        explanation_html=nest_headings(clean_html(verdict.explanation)),
        evidence=[
            EvidenceView(
                url=http_url(e.url),
                title=plain(e.title) or plain(e.url),
                publisher=plain(e.publisher),
                quote=plain(e.quote),
                stance=e.stance,
                stance_label=str(e.get_stance_display()),
                accessed_on=e.accessed_on,
            )
            for e in verdict.evidence.all()
        ],
        reviewers=reviewers,
        editor=display_name(verdict.editor),
        corrections=[
            CorrectionView(
                kind=c.kind,
                kind_label=str(c.get_kind_display()),
                created_at=c.created_at,
                what_changed=plain(c.what_changed),
                old_rating=plain(c.old_rating),
                new_rating=plain(c.new_rating),
                note=plain(c.note),
            )
            for c in verdict.corrections.all()
        ],
    )
