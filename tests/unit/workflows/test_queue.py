"""The claim queue as a triage desk uses it: open work by default, a strict ranking an editor can read,
the next claim after each triage move (keeping the queue's filters), saved views per user, and the
keyboard shortcuts' script."""

import datetime
import re
from io import StringIO
from urllib.parse import parse_qs, quote, urlencode, urlsplit

import pytest
from django.contrib.messages import get_messages
from django.core.management import call_command
from django.db import IntegrityError, transaction
from django.test import RequestFactory
from django.utils import timezone
from lxml import html as lxml_html

from factcheck.claims.models import Claim
from tests.factories import ArticleFactory, ClaimFactory

pytestmark = pytest.mark.django_db

CHANGELIST = "/admin/claims/claim/"


def change_url(claim_id) -> str:
    return f"/admin/claims/claim/{claim_id}/change/"


def shown_ids(response) -> list[int]:
    return [c.pk for c in response.context["cl"].result_list]


def with_class(node, name: str, tag: str = "*") -> list:
    return node.xpath(f".//{tag}[contains(concat(' ', normalize-space(@class), ' '), ' {name} ')]")


def with_id(node, name: str):
    found = node.xpath(f".//*[@id='{name}']")
    return found[0] if found else None


def saved_views():
    from workflows.models import SavedQueueView

    return SavedQueueView.objects


def messages_of(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


@pytest.fixture
def editor(client, users):
    client.force_login(users["editor"])
    return client


# --- open work by default ---------------------------------------------------------------------------


def test_the_queue_opens_on_open_work_new_first(editor, make_claim):
    new = ClaimFactory(score=0.3)
    assigned = make_claim("assigned", score=0.99)
    in_review = make_claim("in_review", score=0.95)
    closed = [make_claim(state) for state in ("dismissed", "submitted", "approved", "published", "retracted")]
    response = editor.get(CHANGELIST)
    assert response.status_code == 200
    assert shown_ids(response) == [new.pk, assigned.pk, in_review.pk]  # new first, whatever the score
    page = response.content.decode()
    assert "<title>Claim queue" in page and "<h1>Claim queue</h1>" in page
    assert "Select claim to view" not in page
    assert "Showing open work" in page and "?state=all" in page
    everything = editor.get(f"{CHANGELIST}?state=all")
    assert set(shown_ids(everything)) == {new.pk, assigned.pk, in_review.pk, *(c.pk for c in closed)}
    assert shown_ids(editor.get(f"{CHANGELIST}?state=dismissed")) == [closed[0].pk]
    # The dashboard's links (state__exact=…) still name one state, open or not.
    assert shown_ids(editor.get(f"{CHANGELIST}?state__exact=published")) == [closed[3].pk]
    assert shown_ids(editor.get(f"{CHANGELIST}?state=signoff")) == [closed[1].pk, closed[2].pk]


def test_an_unknown_state_shows_nothing_rather_than_failing(editor):
    ClaimFactory()
    response = editor.get(f"{CHANGELIST}?state=" + "s" * 500)
    assert response.status_code == 200 and shown_ids(response) == []


# --- a strict, readable order -------------------------------------------------------------------------


def _row_keys(page: str) -> list[tuple]:
    """The displayed sort keys of each row, read from the rendered queue, in page order."""
    tree = lxml_html.fromstring(page)
    keys = []
    for row in tree.xpath("//table[@id='result_list']/tbody/tr"):

        def cell(name, row=row):
            return " ".join(with_class(row, f"field-{name}")[0].text_content().split())

        keys.append((cell("state"), cell("priority"), cell("score_band"), cell("due"), cell("claim_type")))
    return keys


def test_the_top_seed_claims_have_a_strict_order_on_the_shown_keys(committed, editor):
    with committed():
        call_command("ingest_seeds", stdout=StringIO())
    response = editor.get(CHANGELIST)
    keys = _row_keys(response.content.decode())[:20]
    assert len(keys) == 20
    duplicates = {k for k in keys if keys.count(k) > 1}
    assert not duplicates, f"rows an editor cannot tell apart by what the queue shows: {duplicates}"
    scores = [float(k[2].strip("<>%")) for k in keys]
    assert scores == sorted(scores, reverse=True)  # all new and normal priority: by score


def test_ties_on_score_break_by_due_date_then_claim_type_then_newest(editor, make_claim):
    now = timezone.now()
    base = {"score": 0.9, "priority": 3}
    older_other = ClaimFactory(claim_type="other", **base)
    newer_other = ClaimFactory(claim_type="other", **base)
    Claim.objects.filter(pk=older_other.pk).update(created_at=now - datetime.timedelta(hours=2))
    figures = ClaimFactory(claim_type="quantity", **base)
    rules = ClaimFactory(claim_type="laws_rules", **base)
    causal = ClaimFactory(claim_type="correlation_causation", **base)
    due_soon = ClaimFactory(claim_type="other", due_at=now + datetime.timedelta(hours=3), **base)
    urgent = ClaimFactory(claim_type="other", score=0.1, priority=1)
    response = editor.get(CHANGELIST)
    assert shown_ids(response) == [
        urgent.pk,
        due_soon.pk,
        figures.pk,
        rules.pk,
        causal.pk,
        newer_other.pk,
        older_other.pk,
    ]
    page = response.content.decode()
    assert "Ranked by" in page  # the order is explained on the page


def test_the_score_is_shown_with_enough_resolution_to_rank(editor):
    ClaimFactory(score=0.9996)
    ClaimFactory(score=0.9972)
    cells = [k[2] for k in _row_keys(editor.get(CHANGELIST).content.decode())]
    assert cells == ["99.96%", "99.72%"]  # a percentage, with more decimals near certainty


def test_compact_rows_clamp_the_claim_and_keep_the_whole_sentence_on_hover(editor):
    claim = ClaimFactory(
        text="The clinic treated 40 patients.",
        context="Earlier sentence. The clinic treated 40 patients. Later sentence.",
    )
    tree = lxml_html.fromstring(editor.get(CHANGELIST).content.decode())
    cell = with_class(with_class(tree, "field-claim_in_context")[0], "fd-clamp")[0]
    assert cell.text_content().strip() == claim.text
    assert cell.get("title") == claim.context


# --- the next claim -------------------------------------------------------------------------------------


def _queue_of_quantity_claims():
    claims = [ClaimFactory(claim_type="quantity", score=s) for s in (0.9, 0.8, 0.7)]
    ClaimFactory(claim_type="other", score=0.85)  # not in the filtered view
    return claims


def test_the_claim_page_links_the_next_and_previous_claim_of_the_filtered_queue(editor):
    first, second, third = _queue_of_quantity_claims()
    filters = "claim_type__exact=quantity"
    preserved = urlencode({"_changelist_filters": filters})
    tree = lxml_html.fromstring(editor.get(f"{change_url(second.pk)}?{preserved}").content.decode())
    next_link, previous_link = with_id(tree, "fd-next-claim"), with_id(tree, "fd-previous-claim")
    assert "Next claim" in next_link.text_content()
    for link, claim in ((next_link, third), (previous_link, first)):
        parts = urlsplit(link.get("href"))
        assert parts.path == change_url(claim.pk)
        assert parse_qs(parts.query)["_changelist_filters"] == [filters]
    back = with_id(tree, "fd-back-to-queue").get("href")
    assert back == f"{CHANGELIST}?{filters}"
    last = lxml_html.fromstring(editor.get(f"{change_url(third.pk)}?{preserved}").content.decode())
    assert with_id(last, "fd-next-claim") is None  # the last claim of the view
    assert "last claim in this view" in last.text_content()


def test_without_filters_the_next_claim_is_the_default_queues(editor, make_claim):
    top = ClaimFactory(score=0.95)
    after = ClaimFactory(score=0.5)
    make_claim("dismissed", score=0.7)  # not open work
    tree = lxml_html.fromstring(editor.get(change_url(top.pk)).content.decode())
    assert urlsplit(with_id(tree, "fd-next-claim").get("href")).path == change_url(after.pk)


def test_a_claim_outside_the_view_is_told_so_without_reading_the_view(editor, make_claim):
    """Its page offers the top of the queue, found by reading two rows, not the view's first ``cap`` ids."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    top = ClaimFactory(score=0.95)
    ClaimFactory(score=0.5)
    dismissed = make_claim("dismissed", score=0.7)  # not open work: outside the default view
    with CaptureQueriesContext(connection) as ctx:
        tree = lxml_html.fromstring(editor.get(change_url(dismissed.pk)).content.decode())
    assert urlsplit(with_id(tree, "fd-next-claim").get("href")).path == change_url(top.pk)
    assert "Not in this view of the queue" in tree.text_content()
    assert not [q["sql"] for q in ctx.captured_queries if "LIMIT 10000" in q["sql"]]


@pytest.mark.parametrize(
    "action, data, said",
    [
        ("dismiss", {"reason": "not_check_worthy"}, "Dismissed."),
        ("assign", {"lead": "reviewer"}, "Assigned to"),
        ("set_priority", {"priority": "1"}, ""),
    ],
)
def test_a_triage_move_lands_on_the_next_claim_of_the_same_view(action, data, said, editor, users):
    first, second, third = _queue_of_quantity_claims()
    filters = "claim_type__exact=quantity"
    preserved = urlencode({"_changelist_filters": filters})
    page = lxml_html.fromstring(editor.get(f"{change_url(first.pk)}?{preserved}").content.decode())
    form = page.xpath(f"//*[@data-action='{action}']/descendant-or-self::form")[0]
    post = {"version": first.version, **data}
    if "lead" in post:
        post["lead"] = users[post["lead"]].pk
    response = editor.post(form.get("action"), post)
    assert response.status_code == 302
    parts = urlsplit(response["Location"])
    assert parts.path == change_url(second.pk), "after a triage move the editor sees the next claim"
    assert parse_qs(parts.query)["_changelist_filters"] == [filters]
    said_now = messages_of(response)
    assert any(f"Claim {first.pk}" in m and said in m and "next claim" in m for m in said_now), said_now


def test_the_last_claim_of_a_view_goes_back_to_the_queue_after_a_triage_move(editor):
    only = ClaimFactory(claim_type="quantity")
    filters = "claim_type__exact=quantity"
    page = lxml_html.fromstring(editor.get(f"{change_url(only.pk)}?_changelist_filters={quote(filters)}").content)
    form = page.xpath("//*[@data-action='dismiss']//form")[0]
    response = editor.post(form.get("action"), {"version": only.version, "reason": "duplicate"})
    assert response["Location"] == f"{CHANGELIST}?{filters}"
    assert any("last claim in this view" in m for m in messages_of(response))


def test_a_refused_triage_move_stays_on_the_claim(editor):
    first, second, _ = _queue_of_quantity_claims()
    page = lxml_html.fromstring(editor.get(change_url(first.pk)).content.decode())
    form = page.xpath("//*[@data-action='dismiss']//form")[0]
    response = editor.post(form.get("action"), {"version": first.version + 5, "reason": "duplicate"})
    assert urlsplit(response["Location"]).path == change_url(first.pk)
    first.refresh_from_db()
    assert first.state == "new"


def test_a_direct_post_without_queue_context_stays_on_the_claim(editor):
    first, _, _ = _queue_of_quantity_claims()
    response = editor.post(
        f"/admin/claims/claim/{first.pk}/workflow/dismiss/", {"version": first.version, "reason": "duplicate"}
    )
    assert response["Location"] == change_url(first.pk)


def test_a_forged_next_claim_is_ignored(editor):
    first, _, _ = _queue_of_quantity_claims()
    url = f"/admin/claims/claim/{first.pk}/workflow/dismiss/?_next=https://evil.example/&_changelist_filters=x%3D1"
    response = editor.post(url, {"version": first.version, "reason": "duplicate"})
    assert response["Location"].startswith("/admin/claims/claim/")


# --- saved views ------------------------------------------------------------------------------------------


def save_view(client, name, query):
    return client.post(f"{CHANGELIST}views/save/", {"name": name, "query": query})


def test_saved_views_are_created_listed_opened_and_deleted(editor, users):
    query = "claim_type__exact=quantity&due=overdue&o=3"
    response = save_view(editor, "Overdue figures", query)
    assert response.status_code == 302 and response["Location"] == f"{CHANGELIST}?{query}"
    assert any("Saved the view “Overdue figures”" in m for m in messages_of(response))
    view = saved_views().get(user=users["editor"])
    assert (view.name, view.query) == ("Overdue figures", query)
    tree = lxml_html.fromstring(editor.get(CHANGELIST).content.decode())
    link = with_class(with_id(tree, "fd-saved-views"), "fd-saved-view", "a")[0]
    assert link.text_content().strip() == "Overdue figures" and link.get("href") == f"?{query}"
    # The save form offers the page's own filters, without the page number.
    tree = lxml_html.fromstring(editor.get(f"{CHANGELIST}?claim_type__exact=other&p=1").content.decode())
    assert with_id(tree, "fd-save-view").xpath(".//input[@name='query']")[0].get("value") == "claim_type__exact=other"
    response = editor.post(f"{CHANGELIST}views/{view.pk}/delete/", {"query": "due=overdue"})
    assert response.status_code == 302 and response["Location"] == f"{CHANGELIST}?due=overdue"
    assert not saved_views().exists()
    assert any("Deleted the saved view “Overdue figures”" in m for m in messages_of(response))


def test_a_refused_name_keeps_what_was_typed_and_says_what_to_do(editor, users):
    save_view(editor, "Urgent health", "priority__exact=1")
    response = save_view(editor, "urgent HEALTH", "due=week")
    assert response["Location"] == f"{CHANGELIST}?due=week"
    errors = messages_of(response)
    assert any("already have a view named" in m and "another name" in m for m in errors), errors
    tree = lxml_html.fromstring(editor.get(f"{CHANGELIST}?due=week").content.decode())
    assert with_id(tree, "fd-save-view").xpath(".//input[@name='name']")[0].get("value") == "urgent HEALTH"
    assert "another name" in with_class(with_id(tree, "fd-save-view"), "errorlist")[0].text_content()
    blank = save_view(editor, "   ", "")
    assert any("Give the view a name" in m for m in messages_of(blank))
    assert saved_views().count() == 1


def test_saved_views_are_private_to_their_owner(client, users):
    mine = saved_views().create(user=users["editor"], name="Mine", query="due=overdue")
    client.force_login(users["reviewer"])
    tree = lxml_html.fromstring(client.get(CHANGELIST).content.decode())
    assert with_class(with_id(tree, "fd-saved-views"), "fd-saved-view") == []
    assert "None yet" in with_id(tree, "fd-saved-views").text_content()
    response = client.post(f"{CHANGELIST}views/{mine.pk}/delete/", {"query": ""})
    assert response.status_code == 404 and saved_views().filter(pk=mine.pk).exists()
    save_view(client, "Mine", "due=week")  # the same name is fine for another person
    assert saved_views().filter(name="Mine").count() == 2


def test_one_name_per_user_in_the_database_too(users):
    saved_views().create(user=users["editor"], name="Figures", query="")
    with pytest.raises(IntegrityError), transaction.atomic():
        saved_views().create(user=users["editor"], name="Figures", query="due=week")


def test_saving_needs_post_and_a_desk_login(client, users):
    assert client.post(f"{CHANGELIST}views/save/", {"name": "x"}).status_code == 302  # to the login page
    client.force_login(users["editor"])
    assert client.get(f"{CHANGELIST}views/save/").status_code == 405


# --- keyboard shortcuts --------------------------------------------------------------------------------


def test_the_shortcuts_script_is_served_and_loaded_without_inline_script(editor, settings):
    from django.contrib.staticfiles.views import serve

    claim = ClaimFactory(article=ArticleFactory())
    settings.DEBUG = True
    served = serve(RequestFactory().get("/static/workflows/desk/queue_keys.js"), "workflows/desk/queue_keys.js")
    body = b"".join(served.streaming_content).decode()
    for key in ('"j"', '"k"', '"n"', '"a"', '"d"'):
        assert key in body
    assert "isContentEditable" in body  # ignored while typing
    for url in (CHANGELIST, change_url(claim.pk)):
        response = editor.get(url)
        page = response.content.decode()
        assert re.search(r'<script src="[^"]*workflows/desk/queue_keys\.js"', page), url
        assert "script-src 'self'" in response["Content-Security-Policy"]
        inline = [s for s in re.findall(r"<script([^>]*)>", page) if "src=" not in s and "json" not in s]
        assert not inline, inline
        assert 'id="fd-shortcuts"' in page  # the keys are listed on the page
