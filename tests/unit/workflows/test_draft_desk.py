"""The verdict draft at the desk: one form saves rating, text and evidence rows in one transaction; a
refusal of any part writes nothing and shows everything typed again with the reason; a stale save shows
both versions side by side and saves only a merge made on the current version; every save is in the
draft's history; what the sanitizer removed is named."""

import re

import pytest

from factcheck.verdicts.models import DraftRevision, EvidenceLink, Verdict

from .desk_pages import messages_of

pytestmark = pytest.mark.django_db


def draft_url(claim):
    return f"/admin/claims/claim/{claim.pk}/workflow/draft/"


def form_data(claim, rows=(), **draft):
    """The draft form as the claim page posts it: the draft fields, the existing evidence rows (as loaded,
    with their changes) and any new rows."""
    verdict = Verdict.objects.get(claim=claim)
    links = list(verdict.evidence.order_by("created_at", "id"))
    data = {
        "version": verdict.version,
        "rating": verdict.rating_id or "",
        "headline": verdict.headline,
        "summary": verdict.summary,
        "explanation": verdict.explanation,
        **draft,
    }
    typed = list(rows)
    total = max(len(links), len(typed))
    data.update(
        {
            "evidence-TOTAL_FORMS": total,
            "evidence-INITIAL_FORMS": len(links),
            "evidence-MIN_NUM_FORMS": 0,
            "evidence-MAX_NUM_FORMS": 1000,
        }
    )
    for index in range(total):
        row = {}
        if index < len(links):
            link = links[index]
            row = {
                "id": link.pk,
                "expected_updated_at": link.updated_at.isoformat(),
                "url": link.url,
                "title": link.title,
                "publisher": link.publisher,
                "quote": link.quote,
                "stance": link.stance,
                "accessed_on": link.accessed_on or "",
            }
        if index < len(typed):
            row.update(typed[index])
        data.update({f"evidence-{index}-{name}": value for name, value in row.items()})
    return data


NEW_ROW = {
    "url": "https://stats.example.org/2024",
    "title": "Statistics office, 2024",
    "publisher": "Stats",
    "quote": "212 cases were recorded.",
    "stance": "refutes",
    "accessed_on": "2025-01-02",
}


def test_one_form_saves_rating_text_and_evidence_rows_together(as_user, make_claim, ratings):
    claim = make_claim("in_review")
    client = as_user("reviewer")
    before = Verdict.objects.get(claim=claim).version
    data = form_data(
        claim,
        rows=[{"title": "Renamed source"}, NEW_ROW],
        rating=ratings["false"].pk,
        headline="No, it was 212",
        summary="Records say 212.",
        explanation="<p>Because.</p>",
    )
    response = client.post(draft_url(claim), data)
    assert response.status_code == 302 and response["Location"].endswith(f"/{claim.pk}/change/#verdict")
    verdict = Verdict.objects.get(claim=claim)
    assert (verdict.rating, verdict.headline, verdict.summary, verdict.version) == (
        ratings["false"],
        "No, it was 212",
        "Records say 212.",
        before + 1,
    )
    titles = list(verdict.evidence.order_by("created_at", "id").values_list("title", flat=True))
    assert titles == ["Renamed source", "Statistics office, 2024"]
    said = " ".join(messages_of(response))
    assert f"Draft saved (version {before + 1})" in said and "Evidence added." in said


def test_adding_evidence_alone_keeps_the_draft_as_it_is(as_user, make_claim):
    claim = make_claim("in_review")
    before = Verdict.objects.get(claim=claim).version
    response = as_user("reviewer").post(draft_url(claim), form_data(claim, rows=[{}, NEW_ROW]))
    assert "Evidence added." in " ".join(messages_of(response))
    assert Verdict.objects.get(claim=claim).version == before, "no change to the draft: no new version"
    assert EvidenceLink.objects.filter(title=NEW_ROW["title"]).exists()


@pytest.mark.parametrize(
    "bad_url, reason",
    [
        ("ftp://files.example.org/report.pdf", "Evidence links must be http:// or https:// URLs."),
        ("not a web address", "Enter a valid URL."),
    ],
)
def test_a_refused_evidence_url_writes_nothing_and_keeps_every_typed_field(
    as_user, make_claim, ratings, bad_url, reason
):
    claim = make_claim("in_review")
    client = as_user("reviewer")
    verdict = Verdict.objects.get(claim=claim)
    existing = verdict.evidence.get()
    data = form_data(
        claim,
        rows=[{"title": "Renamed source"}, {**NEW_ROW, "url": bad_url}],
        rating=ratings["false"].pk,
        headline="Typed headline",
        summary="Typed summary",
        explanation="<p>Typed explanation</p>",
    )
    response = client.post(draft_url(claim), data)
    assert response.status_code == 302
    after = Verdict.objects.get(claim=claim)
    assert (after.version, after.headline, after.rating_id) == (verdict.version, verdict.headline, verdict.rating_id)
    assert EvidenceLink.objects.get(pk=existing.pk).title == existing.title, "the row edit was rolled back too"
    assert not EvidenceLink.objects.filter(title=NEW_ROW["title"]).exists()
    assert not DraftRevision.objects.exists()
    page = client.get(response["Location"]).content.decode()
    for typed in (
        "Typed headline",
        "Typed summary",
        "Typed explanation",
        "Renamed source",
        NEW_ROW["title"],
        NEW_ROW["publisher"],
        NEW_ROW["quote"],
        NEW_ROW["accessed_on"],
    ):
        assert typed in page, typed
    assert f'value="{bad_url}"' in page
    assert reason in page
    assert re.search(rf'<option value="{ratings["false"].pk}" selected>', page), "the chosen rating is kept"
    # The error stands next to the row's URL field: in the same row block.
    row = page[page.index(f'value="{bad_url}"') - 2500 : page.index(f'value="{bad_url}"')]
    assert reason in row
    # Shown once: reloading the page again shows the saved draft.
    assert "Typed headline" not in client.get(response["Location"]).content.decode()


def test_a_stale_save_shows_both_versions_and_saves_only_a_merge_on_the_current_version(
    as_user, client, make_claim, ratings, users
):
    claim = make_claim("in_review")
    loaded = form_data(claim)  # both editors loaded this version
    client.force_login(users["admin"])
    client.post(
        draft_url(claim),
        {**loaded, "headline": "Their headline", "summary": "Their summary", "explanation": "<p>Their explanation</p>"},
    )
    theirs = Verdict.objects.get(claim=claim)
    client.force_login(users["reviewer"])
    mine = {
        **loaded,
        "headline": "My headline",
        "summary": "My summary",
        "explanation": "<p>My explanation</p>",
        "rating": ratings["true"].pk,
    }
    data = form_data(claim, rows=[{}, NEW_ROW])
    mine.update({k: v for k, v in data.items() if k.startswith("evidence-")})
    response = client.post(draft_url(claim), mine)
    assert response.status_code == 409
    page = response.content.decode()
    for text in (
        "Their headline",
        "My headline",
        "Their summary",
        "My summary",
        "Their explanation",
        "My explanation",
        users["admin"].get_username(),
    ):
        assert text in page, text
    assert 'name="keep_headline"' in page and 'name="keep_explanation"' in page
    assert f'name="version" value="{theirs.version}"' in page
    assert f'value="{NEW_ROW["title"]}"' in page, "the typed evidence rides along with the merge"
    assert Verdict.objects.get(claim=claim).headline == "Their headline", "nothing overwritten"

    # Saving without choosing is refused, with everything kept.
    merge = {**mine, "version": theirs.version, "merge": "1", "headline": "My headline, merged by hand"}
    again = client.post(draft_url(claim), merge)
    assert again.status_code == 409 and "Choose which headline to keep" in again.content.decode()
    assert "My headline, merged by hand" in again.content.decode()

    chosen = {
        **merge,
        "keep_rating": "theirs",
        "keep_headline": "mine",
        "keep_summary": "theirs",
        "keep_explanation": "mine",
    }
    saved = client.post(draft_url(claim), chosen)
    assert saved.status_code == 302
    verdict = Verdict.objects.get(claim=claim)
    assert (verdict.headline, verdict.summary, verdict.explanation, verdict.rating_id) == (
        "My headline, merged by hand",
        "Their summary",
        "<p>My explanation</p>",
        theirs.rating_id,
    )
    assert EvidenceLink.objects.filter(verdict=verdict, title=NEW_ROW["title"]).exists()

    # A merge made on a version that is stale again is refused again, never applied.
    stale = client.post(draft_url(claim), chosen)
    assert stale.status_code == 409
    assert Verdict.objects.get(claim=claim).version == verdict.version


def test_the_draft_history_lists_every_save_and_shows_any_one(as_user, client, make_claim, users):
    claim = make_claim("in_review")
    reviewer = as_user("reviewer")
    reviewer.post(draft_url(claim), form_data(claim, headline="First try"))
    reviewer.post(draft_url(claim), form_data(claim, headline="Second try", explanation="<p>Longer</p>"))
    first, second = DraftRevision.objects.order_by("number")
    listing = reviewer.get(f"/admin/claims/claim/{claim.pk}/draft-history/")
    assert listing.status_code == 200
    text = listing.content.decode()
    assert "First try" in text and "Second try" in text and users["reviewer"].get_username() in text
    one = reviewer.get(f"/admin/claims/claim/{claim.pk}/draft-history/{first.number}/")
    assert one.status_code == 200 and "First try" in one.content.decode()
    assert reviewer.get(f"/admin/claims/claim/{claim.pk}/draft-history/999/").status_code == 404
    client.force_login(users["reviewer2"])  # not assigned: may not see the draft
    assert client.get(f"/admin/claims/claim/{claim.pk}/draft-history/").status_code == 403


def test_what_the_sanitizer_removed_is_named_after_save(as_user, make_claim):
    claim = make_claim("in_review")
    response = as_user("reviewer").post(
        draft_url(claim), form_data(claim, explanation='<p onclick="x()">Fine</p><script>steal()</script>')
    )
    said = " ".join(messages_of(response))
    assert "Removed from the explanation: a <script> element and an onclick attribute." in said
    assert Verdict.objects.get(claim=claim).explanation == "<p>Fine</p>"


def test_the_live_preview_answers_the_sanitized_explanation_and_what_would_go(as_user, make_claim, users, client):
    claim = make_claim("in_review")
    url = f"/admin/claims/claim/{claim.pk}/draft/preview/"
    answer = as_user("reviewer").post(url, {"explanation": '<p style="x">Hi</p><script>x()</script>'})
    assert answer.status_code == 200
    assert answer.json() == {"html": "<p>Hi</p>", "removed": ["a <script> element", "a style attribute"]}
    client.force_login(users["reviewer2"])
    assert client.post(url, {"explanation": "<p>x</p>"}).status_code == 403
