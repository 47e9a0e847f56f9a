"""The desk's two busiest pages, the queue and the claim page, are drawn by cheaper paths than the admin's
(``desk.rows``, ``desk.rendering``, the cached navigation sidebar): each path must give the very HTML the
admin's own templates give, for every kind of row, form and reader. Each test draws a page or a form both
ways and compares them."""

from __future__ import annotations

import datetime
import re

import pytest
from django.contrib.admin import ModelAdmin
from django.contrib.auth.models import Permission
from django.db import connection
from django.forms import formset_factory
from django.forms.renderers import DjangoTemplates
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from factcheck.claims.models import ArchivedFactCheck, Claim, ClaimCluster, ClaimOrigin, ClaimTopic, Topic
from factcheck.verdicts.models import Verdict
from tests.factories import AssignmentFactory, ClaimFactory, EvidenceLinkFactory, save_drafts
from workflows.desk import buttons, drafts, rendering, rows, views
from workflows.desk.claims import ClaimAdmin
from workflows.desk.forms import RestateForm
from workflows.templatetags import desk_pages

from .desk_pages import change_url, page_html

pytestmark = pytest.mark.django_db

QUEUE = "/admin/claims/claim/"


def _both_ways(client, url, monkeypatch, target, name, admins_way) -> tuple[str, str]:
    """The page drawn the desk's way, then with ``target.name`` replaced by ``admins_way``."""
    ours = page_html(client, url)
    with monkeypatch.context() as patch:
        patch.setattr(target, name, admins_way)
        theirs = page_html(client, url)
    return ours, theirs


@pytest.fixture
def varied_queue(users, make_claim):
    """Claims of every kind a queue row shows: a reader's tip, overdue and due, assigned to two reviewers,
    repeated elsewhere, already checked, with topics and tags, a speaker or none, figures-based."""
    cluster = ClaimCluster.objects.create(label="Repeated <b>claim</b>")
    archived = ArchivedFactCheck.objects.create(
        claim_text="Checked before", url="https://example.org/checked", rating="False"
    )
    health = Topic.objects.create(name="Health & <care>", slug="health", keywords="NHS")
    tip = ClaimFactory(origin=ClaimOrigin.TIP, text='A "tip" <script>x</script>', speaker="")
    overdue = make_claim("assigned", due_at=timezone.now() - datetime.timedelta(days=1), cluster=cluster)
    make_claim("in_review", due_at=timezone.now() + datetime.timedelta(days=2), archived_match=archived)
    AssignmentFactory(claim=overdue, reviewer=users["reviewer2"], role="second")
    ClaimTopic.objects.create(claim=tip, topic=health, status=ClaimTopic.Status.ACCEPTED)
    tip.tags.add("vaccines", "Ünïcode & co")
    ClaimFactory(score=0.5, speaker="The minister", context="Before. The claim. After.", text="The claim.")
    ClaimFactory(
        score=0.99963, score_basis="figures", language="ru", score_signals=[{"name": "a figure", "contribution": 1.2}]
    )
    ClaimFactory(claim_reviewed="Restated <em>claim</em>", priority=1)
    return tip


@pytest.mark.parametrize("who", ["reviewer", "editor"])
@pytest.mark.parametrize("query", ["", "?state=all", "?state=all&o=3.-2", "?q=claim", "?cluster=1&state=all", "?p=2"])
def test_the_queue_rows_are_the_admins_own(client, users, varied_queue, monkeypatch, who, query):
    client.force_login(users[who])
    monkeypatch.setattr(ClaimAdmin, "list_per_page", 4)  # page 2 exists too
    ours, theirs = _both_ways(client, QUEUE + query, monkeypatch, rows, "result_rows", lambda cl: None)
    assert ours == theirs
    if "cluster" not in query and "q=" not in query and "p=2" not in query:
        assert 'class="field-claim_in_context"' in ours and "<tbody>" in ours


@pytest.mark.parametrize(("query", "rows_shown"), [("?state=all", 6), ("?state=all&q=claim", 2)])
def test_the_queue_rows_read_only_what_they_show_and_nothing_per_row(client, users, varied_queue, query, rows_shown):
    """Every kind of row is drawn from the page's one row query (``ClaimAdmin.row_fields``): a column reading a
    field left unread would cost a query per row, which this catches; the columns no row shows stay unread."""
    client.force_login(users["editor"])
    client.get(QUEUE + query)
    with CaptureQueriesContext(connection) as ctx:
        page = client.get(QUEUE + query)
    assert page.status_code == 200 and len(page.context["cl"].result_list) >= rows_shown
    one_claim = re.compile(r'FROM "claims_claim" WHERE "claims_claim"\."id" = ')
    assert not [q["sql"] for q in ctx.captured_queries if one_claim.search(q["sql"])]
    row_query = next(q["sql"] for q in ctx.captured_queries if '"claims_claim"."context"' in q["sql"])
    for unread in ('"claims_claim"."source_description"', '"claims_claim"."start"', '"articles_article"."url"'):
        assert unread not in row_query


def test_an_editors_row_checkboxes_are_the_admins_own(client, users, varied_queue, monkeypatch):
    client.force_login(users["editor"])
    ours, theirs = _both_ways(
        client, QUEUE + "?state=all", monkeypatch, ClaimAdmin, "action_checkbox", ModelAdmin.action_checkbox
    )
    assert 'class="action-select"' in ours and ours == theirs


def test_a_column_the_fast_rows_do_not_know_is_left_to_the_admin(client, users, varied_queue, monkeypatch):
    """A model field without choices (the score as stored) is the admin's to draw: the whole list falls back."""
    client.force_login(users["editor"])
    monkeypatch.setattr(ClaimAdmin, "list_display", (*ClaimAdmin.list_display, "score"))
    drawn = []
    original = rows.result_rows
    monkeypatch.setattr(rows, "result_rows", lambda cl: drawn.append(original(cl)) or drawn[-1])
    page = page_html(client, QUEUE + "?state=all")
    assert drawn == [None] and 'class="field-score' in page


def _claim_page_both_ways(client, claim, monkeypatch):
    ours = page_html(client, change_url(claim))
    with monkeypatch.context() as patch:
        patch.setattr(rendering, "FAST", {})
        patch.setattr(rendering, "readonly_fieldsets", lambda adminform: None)
        patch.setattr(desk_pages, "_nav_drawn", {})
        patch.setattr(desk_pages, "NAV_KEPT", 0)  # nothing kept: every sidebar drawn by the template
        theirs = page_html(client, change_url(claim))
    return ours, theirs


@pytest.mark.parametrize(
    ("state", "who"),
    [
        ("new", "editor"),
        ("assigned", "reviewer"),
        ("in_review", "reviewer"),
        ("in_review", "editor"),
        ("submitted", "editor"),
        ("published", "editor"),
        ("dismissed", "admin"),
    ],
)
def test_the_claim_page_is_drawn_as_the_admins_templates_draw_it(client, users, make_claim, monkeypatch, state, who):
    claim = make_claim(state, speaker='The "minister" <b>', due_at=timezone.now() + datetime.timedelta(days=1))
    verdict = Verdict.objects.filter(claim=claim).first()
    if verdict is not None:
        EvidenceLinkFactory(verdict=verdict, title="Source & <b>more</b>", quote="A quote\nover lines")
    client.force_login(users[who])
    ours, theirs = _claim_page_both_ways(client, claim, monkeypatch)
    assert ours == theirs
    assert 'class="form-row field-text"' in ours and 'id="nav-sidebar"' in ours


def test_a_refused_draft_comes_back_drawn_as_the_templates_draw_it(client, users, make_claim, monkeypatch):
    """A bound form with errors on its fields and rows: error lists, classes and typed values."""
    claim = make_claim("in_review")
    client.force_login(users["reviewer"])
    verdict = Verdict.objects.get(claim=claim)
    data = {
        "version": verdict.version,
        "rating": "",
        "headline": "x" * 400,  # too long
        "summary": "<b>typed</b>",
        "explanation": "<p>E</p>",
        "evidence-TOTAL_FORMS": "1",
        "evidence-INITIAL_FORMS": "0",
        "evidence-0-url": "not a url",
        "evidence-0-title": "",
    }
    for _ in range(2):  # the refusal is kept for one page view: make one for each drawing
        response = client.post(f"/admin/claims/claim/{claim.pk}/workflow/draft/", data)
        assert response.status_code == 302
        if _ == 0:
            ours = page_html(client, change_url(claim))
        else:
            with monkeypatch.context() as patch:
                patch.setattr(rendering, "FAST", {})
                theirs = page_html(client, change_url(claim))
    assert 'class="errorlist' in ours and ours == theirs


def _every_desk_form(claim, verdict, renderer):
    """Each form the claim page draws (every action's, the restate form, the draft and its evidence rows, a
    bound form with errors), made for ``renderer``."""
    for action, button in buttons.BUTTONS.items():
        initial = buttons._initial(claim, verdict, action)
        yield button.form(initial=initial, auto_id=f"id_{action}_%s", renderer=renderer)
    yield RestateForm(initial={"claim_reviewed": "<i>x</i>", "version": 3}, renderer=renderer)
    yield drafts.DraftForm(
        initial={"headline": 'A "quoted" <headline>', "version": 2}, auto_id="id_draft_%s", renderer=renderer
    )
    rows_initial = [{"id": 1, "url": "https://x.org/?a=1&b=2", "title": "T", "quote": "Q <b>"}]
    rows_form = formset_factory(drafts.EvidenceRowForm, extra=1, renderer=renderer)  # as drafts.EvidenceFormSet
    formset = rows_form(prefix="evidence", initial=rows_initial)
    yield formset.management_form
    yield from formset.forms
    bound = RestateForm(
        {"claim_reviewed": "", "claim_date": "not a date", "appearance_url": "javascript:x"}, renderer=renderer
    )
    bound.is_valid()
    bound.add_error(None, "A refusal for the whole form & <b>its</b> fields.")
    yield bound


def _drawn(form) -> str:
    return str(form.as_div()) + "".join(str(field.as_field_group()) + str(field.errors) for field in form)


def test_every_desk_form_draws_as_djangos_templates_draw_it(users, make_claim):
    claim = make_claim("published")
    verdict = Verdict.objects.get(claim=claim)
    ours = list(_every_desk_form(claim, verdict, rendering.DESK_RENDERER))
    theirs = list(_every_desk_form(claim, verdict, DjangoTemplates()))
    assert len(ours) == len(theirs) > 20
    for mine, django_s in zip(ours, theirs, strict=True):
        assert _drawn(mine) == _drawn(django_s), type(mine)


def test_the_desk_forms_use_the_desk_renderer():
    assert drafts.DraftForm().renderer is rendering.DESK_RENDERER
    assert drafts.EvidenceFormSet(prefix="evidence").forms[0].renderer is rendering.DESK_RENDERER
    assert RestateForm().renderer is rendering.DESK_RENDERER


def test_the_sidebar_follows_each_readers_permissions(client, users, make_claim):
    """One sidebar is kept per app list: an admin's (more models, Add links) never shows to a reviewer."""
    claim = make_claim("in_review")
    client.force_login(users["admin"])
    admins = page_html(client, change_url(claim))
    client.force_login(users["reviewer"])
    reviewers = page_html(client, change_url(claim))
    sidebar = re.compile(r'<nav class="sticky" id="nav-sidebar".*?</nav>', re.S)
    assert sidebar.search(admins).group(0) != sidebar.search(reviewers).group(0)
    assert "auth-user" in sidebar.search(admins).group(0) and "auth-user" not in sidebar.search(reviewers).group(0)
    assert 'class="model-claim current-model"' in sidebar.search(reviewers).group(0)


def test_a_permission_given_shows_in_the_sidebar_at_once(client, users, make_claim):
    claim = make_claim("in_review")
    reviewer = users["reviewer"]
    client.force_login(reviewer)
    assert "auth-group" not in page_html(client, change_url(claim))
    reviewer.user_permissions.add(Permission.objects.get(codename="view_group"))
    assert "auth-group" in page_html(client, change_url(claim))


def test_the_claim_page_lists_the_newest_events_and_links_to_the_rest(client, users, make_claim, ratings):
    claim = make_claim("in_review")
    save_drafts(claim, users["reviewer"], ratings["false"], views.HISTORY_SHOWN + 3)
    client.force_login(users["reviewer"])
    page = page_html(client, change_url(claim))
    history = page[page.index('<section id="history">') :]
    assert history.count("<tr data-audit=") == views.HISTORY_SHOWN
    assert f'href="/admin/claims/claim/{claim.pk}/history/"' in history and "Show the whole history" in history
    whole = page_html(client, f"/admin/claims/claim/{claim.pk}/history/")
    assert whole.count("<tr data-audit=") >= views.HISTORY_SHOWN + 3


def test_a_short_history_is_listed_whole_without_the_link(client, users, make_claim, perform):
    claim = make_claim("in_review")
    perform("draft", claim, users["reviewer"])
    client.force_login(users["reviewer"])
    page = page_html(client, change_url(claim))
    assert "<tr data-audit=" in page and "Show the whole history" not in page


def test_a_claim_not_in_review_reads_no_returns(client, users, make_claim):
    claim = make_claim("submitted")
    client.force_login(users["editor"])
    client.get(change_url(claim))
    with CaptureQueriesContext(connection) as ctx:
        client.get(change_url(claim))
    assert not [q["sql"] for q in ctx.captured_queries if "verdict.return" in q["sql"]]


def test_a_claim_outside_the_first_page_reads_the_queue_top_once(client, users, make_claim, monkeypatch):
    """The claim page's "Top of the queue" comes from the page's own window of ids, not a second read."""
    for n in range(3):
        ClaimFactory(score=0.9 - n / 100)
    claim = make_claim("in_review")
    monkeypatch.setattr(ClaimAdmin.paginator, "cap", 2)  # the claim is far down: no number in the view
    monkeypatch.setattr(ClaimAdmin, "list_per_page", 1)  # and not on the page the editor came from
    client.force_login(users["reviewer"])
    client.get(change_url(claim))
    with CaptureQueriesContext(connection) as ctx:
        page = page_html(client, change_url(claim))
    window_reads = [q["sql"] for q in ctx.captured_queries if q["sql"].startswith('SELECT "claims_claim"."id" AS')]
    assert "Not in this view of the queue" in page
    assert len(window_reads) == 1, "\n".join(window_reads)
    assert Claim.objects.count() == 4
