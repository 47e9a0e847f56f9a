"""Item 8: nothing executable from user text survives onto a desk page (the public site is covered by
tests/unit/publishing/test_xss.py, whose payload corpus this suite extends).

Each payload goes, at once, into every user-text field that reaches the admin: an article ingested through
the real pipeline (title, publisher, text, so claims are extracted from hostile text), claim text / context
/ speaker, evidence title / quote / publisher / URL (including javascript: and data: URLs written past
validation), verdict headline / summary / explanation (raw, unsanitized), return, dismissal, correction and
retraction notes, and reviewers' display names and usernames. Then every desk page that shows them is
rendered and parsed (html.parser, not string matching), and must hold: no script but the admin's own
static files and JSON data blocks, no on* attribute, no javascript:/data:/vbscript: URL in any URL
attribute, no style that loads or runs anything, and no more script/iframe/object/embed/svg/style/base/
meta/link/form/img elements than the same page shows for harmless text.
"""

import json
import re
from urllib.parse import quote

import pytest
from django.db import connection, transaction

from factcheck.articles.models import Article
from factcheck.articles.services import article_ingest
from factcheck.inputs import ArticleInput
from factcheck.verdicts.models import EvidenceLink, Verdict
from tests.factories import AssignmentFactory, claim_in_state
from tests.specs import XSS_PAYLOADS as PUBLIC_PAYLOADS
from tests.unit.publishing.conftest import Page
from workflows import services
from workflows.models import VerdictRevision

pytestmark = pytest.mark.django_db

ADMIN_PAYLOADS = [
    "</textarea><script>alert(1)</script>",
    "</title><script>alert(1)</script>",
    "</style><script>alert(1)</script>",
    '" autofocus onfocus="alert(1)',
    "' onmouseover='alert(1)' x='",
    "javascript:alert(1)",
    "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
    "\u202e<script>alert(1)</script>",
    '<noscript><p title="</noscript><img src=x onerror=alert(1)>">',
    "<svg><style><img src=x onerror=alert(1)></style></svg>",
    "&#60;script&#62;alert(1)&#60;/script&#62;",
    '<iframe srcdoc="<script>alert(1)</script>"></iframe>',
    "<x onclick=alert(1)>click me</x>",
    "<template><script>alert(1)</script></template>",
    '<a href="https://ok.example/" style="background:url(javascript:alert(1))">styled</a>',
    "{% csrf_token %}{{ settings.SECRET_KEY }}",
]
PAYLOADS = PUBLIC_PAYLOADS + ADMIN_PAYLOADS
BENIGN = "Harmless words 123"

COUNTED = {
    "script",
    "iframe",
    "frame",
    "frameset",
    "object",
    "embed",
    "applet",
    "svg",
    "math",
    "style",
    "base",
    "meta",
    "link",
    "form",
    "img",
    "template",
    "noscript",
    "video",
    "audio",
    "source",
    "textarea",
    "select",
}
URL_ATTRIBUTES = {
    "href",
    "src",
    "action",
    "formaction",
    "xlink:href",
    "data",
    "poster",
    "background",
    "srcset",
    "ping",
    "codebase",
    "cite",
    "longdesc",
    "manifest",
    "srcdoc",
}
BAD_SCHEME = re.compile(r"^(javascript|data|vbscript):", re.IGNORECASE)


def _clean(text: str) -> str:
    return text.replace("\x00", "") if connection.vendor == "postgresql" else text


def hostile_desk(payload: str, users, ratings, committed) -> dict:
    """Every user-text field set to ``payload``; returns the objects the pages are about."""
    p = _clean(payload)
    editor, reviewer, second = users["editor"], users["reviewer"], users["reviewer2"]
    for user in (editor, reviewer, second):
        user.first_name, user.last_name = p[:150], p[:150]
        user.save()
    second.username = f"r2{p}"[:150]
    second.save()

    # An article through the real ingestion pipeline: claims are extracted from hostile text.
    ingest_text = payload.replace("\x00", "")
    with committed():
        article = article_ingest(
            ArticleInput(
                text=(
                    f"{ingest_text} The clinic treated 1,200 patients in 2024, the minister said. "
                    f"Unemployment fell to 4.5% in March {ingest_text}, according to the statistics office. "
                    f"{ingest_text} Prices rose by 12% last year."
                ),
                title=ingest_text[:500] or "x",
                publisher=ingest_text[:200],
            ),
            source=Article.Source.API,
        ).article
    article.refresh_from_db()

    text = f"The clinic treated {p} 1,200 patients in 2024."
    fields = {
        "article": article,
        "text": text,
        "context": f"{p} Before. {text} After {p}",
        "speaker": p[:200],
        "start": 100_000,
    }  # far past the extracted claims' spans
    rating = ratings["mostly-false"]
    # A: returned with a note, now back in review (draft form), overdue, with a second reviewer.
    a = claim_in_state("submitted", reviewer=reviewer, editor=editor, rating=rating, **fields)
    Verdict.objects.filter(claim=a).update(headline=p[:300], summary=p, explanation=f"<p>Intro</p>{p}<p>After</p>")
    link = a.verdict.evidence.get()
    EvidenceLink.objects.filter(pk=link.pk).update(
        title=p[:300], quote=p, publisher=p[:200], url=f"https://ok.example/source?q={quote(p)}"
    )
    verdict = Verdict.objects.get(claim=a)
    EvidenceLink.objects.create(verdict=verdict, url="javascript:alert(1)", title=p[:300], quote=p)
    EvidenceLink.objects.create(verdict=verdict, url="data:text/html,<script>alert(1)</script>", title="Data URL")
    AssignmentFactory(claim=a, reviewer=second, role="second", due_at=a.due_at)
    services.verdict_return(claim_id=a.pk, actor=editor, note=p or "x")
    type(a).objects.filter(pk=a.pk).update(due_at=a.due_at.replace(year=2020))
    # B: dismissed with a note.
    b = claim_in_state("new", reviewer=reviewer, **{**fields, "start": 101_000})
    services.claim_dismiss(claim_id=b.pk, actor=editor, reason="not_check_worthy", note=p)
    # C: published, then corrected.
    c = claim_in_state("published", reviewer=reviewer, editor=editor, rating=rating, **{**fields, "start": 102_000})
    Verdict.objects.filter(claim=c).update(headline=p[:300], summary=p)
    services.factcheck_correct(
        claim_id=c.pk, actor=editor, what_changed=p[:300], note=p, new_rating_id=ratings["false"].pk
    )
    # D: published, then retracted.
    d = claim_in_state("published", reviewer=reviewer, editor=editor, rating=rating, **{**fields, "start": 103_000})
    services.factcheck_retract(claim_id=d.pk, actor=editor, reason=p)
    return {
        "article": article,
        "a": a,
        "b": b,
        "c": c,
        "d": d,
        "evidence": link,
        "revision": VerdictRevision.objects.filter(verdict__claim=c).last(),
    }


def pages(desk, payload: str):
    """(who, method, path, data) for every desk page that shows the hostile fields."""
    a, b, c, d = desk["a"], desk["b"], desk["c"], desk["d"]
    search = _clean(payload).replace("\x00", "")[:60]
    claims = "/admin/claims/claim"
    return [
        ("editor", "get", f"{claims}/", None),
        ("editor", "get", f"{claims}/?q={quote(search)}", None),
        ("editor", "get", f"{claims}/?q={quote(search)}&state__exact=in_review", None),
        ("editor", "get", f"{claims}/{a.pk}/change/", None),
        ("reviewer", "get", f"{claims}/{a.pk}/change/", None),
        ("reviewer2", "get", f"{claims}/{a.pk}/change/", None),
        ("editor", "get", f"{claims}/{a.pk}/history/", None),
        ("editor", "get", f"{claims}/{b.pk}/change/", None),
        ("editor", "get", f"{claims}/{b.pk}/history/", None),
        ("editor", "get", f"{claims}/{c.pk}/change/", None),
        ("editor", "get", f"{claims}/{c.pk}/history/", None),
        ("editor", "get", f"{claims}/{d.pk}/change/", None),
        ("editor", "get", f"{claims}/dashboard/", None),
        ("reviewer", "get", f"{claims}/mine/", None),
        ("reviewer2", "get", f"{claims}/mine/", None),
        ("reviewer", "get", f"{claims}/{a.pk}/evidence/{desk['evidence'].pk}/edit/", None),
        ("editor", "post", f"{claims}/", {"action": "dismiss_with_reason", "_selected_action": [a.pk, b.pk]}),
        ("editor", "get", "/admin/", None),
        ("editor", "get", "/admin/verdicts/verdict/", None),
        ("editor", "get", f"/admin/verdicts/verdict/{a.verdict.pk}/change/", None),
        ("editor", "get", f"/admin/verdicts/verdict/{c.verdict.pk}/change/", None),
        ("editor", "get", "/admin/verdicts/evidencelink/", None),
        ("editor", "get", "/admin/verdicts/correction/", None),
        ("editor", "get", "/admin/audit/auditevent/", None),
        ("admin", "get", f"/admin/workflows/verdictrevision/{desk['revision'].pk}/change/", None),
        ("editor", "get", "/admin/articles/article/", None),
        ("editor", "get", f"/admin/articles/article/{desk['article'].pk}/change/", None),
        ("editor", "get", "/admin/claims/assignment/", None),
    ]


def render_all(client, users, desk, payload) -> dict[str, Page]:
    out = {}
    for index, (who, method, path, data) in enumerate(pages(desk, payload)):
        client.force_login(users[who])
        response = client.get(path) if method == "get" else client.post(path, data)
        assert response.status_code == 200, (who, path, response.status_code)
        out[f"{index}:{who}:{method}"] = Page(response.content.decode())
    return out


def assert_nothing_executable(page: Page, where: str) -> None:
    for tag, attrs in page.elements:
        for name, value in attrs.items():
            name = name.lower()
            assert not name.startswith("on"), f"{where}: event handler {name}={value!r} on <{tag}>"
            if name in URL_ATTRIBUTES and value:
                squeezed = re.sub(r"[\s\x00-\x1f\u200b-\u200f\u202a-\u202e]", "", value)
                assert not BAD_SCHEME.match(squeezed), f"{where}: {name}={value!r} on <{tag}>"
            if name == "style" and value:
                assert not re.search(r"javascript|expression\(|url\(|@import", value, re.I), f"{where}: {value!r}"
        if tag == "script":
            if attrs.get("src"):
                assert attrs["src"].startswith(("/static/", "/admin/jsi18n/")), f"{where}: script {attrs}"
            else:
                assert attrs.get("type") in ("application/json", "application/ld+json"), f"{where}: {attrs}"
        assert tag != "base", where
        if tag == "meta":
            assert "http-equiv" not in attrs, f"{where}: {attrs}"
    for attrs, text in page.scripts:
        if not attrs.get("src"):
            json.loads(text)


def counts(page: Page) -> dict[str, int]:
    out = dict.fromkeys(COUNTED, 0)
    for tag, _ in page.elements:
        if tag in COUNTED:
            out[tag] += 1
    return out


_BASELINE: dict[str, dict] = {}


@pytest.fixture
def baseline(client, users, ratings, committed):
    """The same pages with harmless text, rendered once per run inside a savepoint that is rolled back."""
    if not _BASELINE:
        with transaction.atomic():
            desk = hostile_desk(BENIGN, users, ratings, committed)
            for key, page in render_all(client, users, desk, BENIGN).items():
                _BASELINE[key] = {"counts": counts(page), "tags": {t for t, _ in page.elements}}
            transaction.set_rollback(True)
        client.logout()
    return _BASELINE


#: Each payload builds and renders a whole desk (seconds each): `make test` runs the corpus, the inner loop every
#: eleventh payload, public and admin ones alike.
INNER_LOOP_EVERY = 11


@pytest.mark.parametrize(
    "payload",
    [
        payload if index % INNER_LOOP_EVERY == 0 else pytest.param(payload, marks=pytest.mark.slow)
        for index, payload in enumerate(PAYLOADS)
    ],
)
def test_desk_pages_neutralise_payloads_in_every_field(client, users, ratings, committed, baseline, payload):
    desk = hostile_desk(payload, users, ratings, committed)
    assert desk["article"].claims.exists(), "the pipeline extracted claims from the hostile article"
    rendered = render_all(client, users, desk, payload)
    assert set(rendered) == set(baseline)
    for key, page in rendered.items():
        assert_nothing_executable(page, key)
        assert counts(page) == baseline[key]["counts"], key
        extra = (
            {t for t, _ in page.elements}
            - baseline[key]["tags"]
            - {"a", "p", "strong", "em", "b", "i", "br", "ul", "ol", "li", "blockquote", "code", "h2", "h3", "h4"}
        )
        assert not extra, f"{key}: elements from user text: {extra}"


def test_the_corpus_size():
    """The figure reported for item 8: payloads x fields x pages."""
    assert len(PAYLOADS) >= 50
