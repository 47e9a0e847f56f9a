"""Published fact-checks built directly from factories, as the workflow services would leave them.

``published_factcheck`` sets ``claim.state`` and the Verdict's publication fields itself, so these tests do
not depend on the workflow; ``test_with_services`` runs the same pages through the real services.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from html.parser import HTMLParser
from xml.etree import ElementTree

import extruct
import pytest
from django.utils.text import slugify

from factcheck.publishing.cache import purge_factcheck
from factcheck.verdicts.models import Correction, EvidenceLink, Rating
from tests.factories import ArticleFactory, ClaimFactory, EvidenceLinkFactory, VerdictFactory

BASE_TIME = datetime(2025, 3, 1, 9, 30, tzinfo=UTC)


@pytest.fixture(autouse=True)
def _configured_site(settings):
    """These tests describe a site whose address is configured, as production's is; what happens when
    ``FACTDESK_SITE_URL`` is unset is ``tests/security/test_public_output.py``'s subject."""
    settings.FACTDESK = {**settings.FACTDESK, "SITE_URL": "http://127.0.0.1:8000", "ORG_URL": "http://127.0.0.1:8000/"}


@pytest.fixture(autouse=True)
def _fresh_pages():
    """Each test starts a new page generation: nothing cached by an earlier test (whose rows were rolled
    back, and whose ids repeat) can be served. Bumping is enough; clearing would also empty a shared Redis."""
    purge_factcheck()


def snapshot(rating: Rating) -> dict:
    """``Verdict.published_rating`` exactly as ``workflows.services.factcheck_publish`` writes it."""
    from workflows.services import rating_snapshot

    return rating_snapshot(rating)


def published_factcheck(
    *,
    rating: Rating,
    headline: str = "The clinic did not treat 500 patients",
    summary: str = "Hospital records show 212 patients, not 500.",
    explanation: str = "<p>We asked the clinic for its <strong>annual report</strong>.</p>",
    claim_text: str = "The clinic treated 500 patients in 2024.",
    speaker: str = "Jane Minister",
    claim_type: str = "quantity",
    article: dict | None = None,
    evidence: int = 1,
    corrections: int = 0,
    published_at: datetime = BASE_TIME,
    modified_at: datetime | None = None,
    state: str = "published",
    slug: str | None = None,
    author=None,
    editor=None,
):
    """A verdict as the workflow leaves it after publish (and ``corrections`` later corrections)."""
    article_fields = {
        "title": "Minister visits clinic",
        "publisher": "Daily Example",
        "url": "https://news.example.com/clinic",
        "published_at": BASE_TIME - timedelta(days=3),
    }
    article_fields.update(article or {})
    claim = ClaimFactory(
        text=claim_text, speaker=speaker, claim_type=claim_type, state=state, article=ArticleFactory(**article_fields)
    )
    verdict = VerdictFactory(
        claim=claim,
        rating=rating,
        headline=headline,
        summary=summary,
        explanation=explanation,
        author=author,
        editor=editor,
        slug=slug or slugify(headline)[:80] + f"-{claim.pk}",
        published_rating=snapshot(rating),
        published_at=published_at,
        # factcheck_publish stamps modified_at with the publication time; only later changes move it.
        modified_at=modified_at or published_at,
    )
    for i in range(evidence):
        EvidenceLinkFactory(
            verdict=verdict,
            publisher=f"Publisher {i}",
            quote=f"Quote number {i}.",
            stance=EvidenceLink.Stance.REFUTES if i % 2 == 0 else EvidenceLink.Stance.CONTEXT,
        )
    for i in range(corrections):
        Correction.objects.create(verdict=verdict, what_changed=f"Change {i}", note=f"Note {i}")
    if corrections and modified_at is None:  # as factcheck_correct does
        verdict.modified_at = published_at + timedelta(days=1)
        verdict.save(update_fields=["modified_at"])
    return verdict


@pytest.fixture
def ratings(rating_scale):
    return {r.slug: r for r in rating_scale.ratings.all()}


@pytest.fixture
def make_factcheck(ratings):
    """``make_factcheck(rating="false", ...)``: a published fact-check with the named rating."""

    def make(rating: str = "false", **kwargs):
        return published_factcheck(rating=ratings[rating], **kwargs)

    return make


# --- parsing ------------------------------------------------------------------------------------------


class Page(HTMLParser):
    """A small DOM-less view of a page: every element with its attributes, text per element, and headings."""

    def __init__(self, html: str):
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, dict]] = []
        self.headings: list[tuple[int, str]] = []
        self.scripts: list[tuple[dict, str]] = []
        self.text_parts: list[str] = []
        self._stack: list[tuple[str, dict, list[str]]] = []
        self.feed(html)
        self.close()

    def handle_starttag(self, tag, attrs):
        attrs_d = dict(attrs)
        self.elements.append((tag, attrs_d))
        if tag not in {"meta", "link", "br", "img", "input", "hr", "rect", "path"}:
            self._stack.append((tag, attrs_d, []))

    def handle_startendtag(self, tag, attrs):
        self.elements.append((tag, dict(attrs)))

    def handle_endtag(self, tag):
        while self._stack:
            open_tag, attrs, buf = self._stack.pop()
            text = "".join(buf)
            if self._stack:
                self._stack[-1][2].append(text)
            if open_tag in {"h1", "h2", "h3", "h4", "h5", "h6"}:
                self.headings.append((int(open_tag[1]), " ".join(text.split())))
            if open_tag == "script":
                self.scripts.append((attrs, text))
            if open_tag == tag:
                break

    def handle_data(self, data):
        self.text_parts.append(data)
        if self._stack:
            self._stack[-1][2].append(data)

    @property
    def text(self) -> str:
        """The page's text, whitespace folded (script contents excluded)."""
        script_text = {t for _, t in self.scripts}
        return " ".join("".join(p for p in self.text_parts if p not in script_text).split())

    def find(self, tag: str, **attrs) -> list[dict]:
        return [a for t, a in self.elements if t == tag and all(a.get(k) == v for k, v in attrs.items())]


def xml_root(response) -> ElementTree.Element:
    """Parse one of our own feeds (trusted output: the XML-attack warning does not apply)."""
    assert response.status_code == 200
    return ElementTree.fromstring(response.content)  # noqa: S314


def parse(response) -> Page:
    return Page(response.content.decode())


def claim_reviews(response) -> list[dict]:
    """ClaimReview objects found by extruct's JSON-LD extractor (what a crawler would read)."""
    data = extruct.extract(response.content.decode(), base_url="http://testserver/", syntaxes=["json-ld"])
    return [d for d in data["json-ld"] if d.get("@type") == "ClaimReview"]
