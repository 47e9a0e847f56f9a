"""The claim page reads less than it used to (the cluster's public fact-checks only for the API, choice labels
from maps built once, the history with the permission the page already checked, the return note from that
history, tags in one query, the panel's constant lists and the rating options as plain rows, labels drawn once
per process, plain strings written without the template engine): each cheaper path must give the very HTML,
and the very answers, the plain way gives. Each test draws or reads both ways
and compares, or pins the read that was saved so it cannot come back unnoticed."""

from __future__ import annotations

import pytest
from django.contrib.admin.helpers import AdminReadonlyField
from django.db import connection
from django.db.models import Model
from django.forms import BoundField
from django.forms.models import ModelChoiceIterator
from django.template import Context
from django.template.base import render_value_in_context
from django.test.utils import CaptureQueriesContext
from django.utils import translation
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy

from factcheck.claims.models import Assignment, Claim, ClaimCluster, ClaimTopic, MatchDismissal, Topic
from factcheck.publishing import selectors as public_selectors
from factcheck.verdicts.models import EvidenceLink, Rating, RatingScale, Verdict
from tests.factories import ClaimFactory, EvidenceLinkFactory
from workflows import claim_page, history, selectors, services, tagging
from workflows.desk import display, forms, rendering, tags, views
from workflows.models import PanelVote

from .desk_pages import change_url, page_html

pytestmark = pytest.mark.django_db


def _djangos_label(model, field, value):
    """``instance.get_<field>_display()``, Django's own way."""
    return model(**{field: value})._get_FIELD_display(model._meta.get_field(field))


class _Rows:
    def __init__(self, read):
        self.read = read

    def rows(self):
        return self.read()


def _plain_ways(patch) -> None:
    """Every cheaper read of the claim page replaced by the plain one it stands for."""

    def history_asking_the_database(page, limit=None):
        return history.claim_history(page.user, page.claim, limit=limit)

    def return_from_its_own_query(user, claim, newest, *, complete):
        if claim.state != "in_review":
            return None
        return selectors.pending_returns(user, [claim.pk]).get(claim.pk)

    patch.setattr(claim_page.ClaimPage, "_history", history_asking_the_database)
    patch.setattr(selectors, "pending_return_among", return_from_its_own_query)
    patch.setattr(views, "choice_label", _djangos_label)
    patch.setattr(
        tagging,
        "claim_and_verdict_tag_names",
        lambda claim, verdict: (tagging.claim_tag_names(claim), tagging.verdict_tag_names(verdict)),
    )
    patch.setattr(tags, "TOPIC_CHOICES", _Rows(lambda: [(t.pk, t.name) for t in tagging.topic_choices()]))
    patch.setattr(tags, "TAG_SUGGESTIONS", _Rows(lambda: [(name,) for name in tagging.tag_suggestions()]))
    patch.setattr(forms.RatingChoiceField, "iterator", ModelChoiceIterator)
    patch.setattr(selectors, "PAGE_DEFERRED", ())
    patch.setattr(claim_page, "DISMISSAL_DEFERRED", ())
    patch.setattr(claim_page, "SIBLING_FIELDS", ("id", "article_id", "text", "state", "created_at", "cluster_id"))


def _both_ways(client, claim, monkeypatch) -> tuple[str, str]:
    ours = page_html(client, change_url(claim))
    with monkeypatch.context() as patch:
        _plain_ways(patch)
        theirs = page_html(client, change_url(claim))
    return ours, theirs


@pytest.fixture
def busy_claim(users, make_claim, ratings):
    """A claim with something in every panel: repeated in two other articles (one of them published), topics
    suggested and accepted, tags on the claim and its fact-check, a dismissed match, a panel vote, evidence
    whose stance and link status are shown, and a return waiting for the reviewer."""
    cluster = ClaimCluster.objects.create(label="Repeated <b>claim</b>")
    claim = make_claim("submitted", cluster=cluster, dismiss_reason="", priority=1, claim_type="quantity")
    make_claim("published", cluster=cluster)
    ClaimFactory(cluster=cluster, state="new", text='Another "copy" <i>of it</i>')
    health = Topic.objects.create(name="Health & <care>", slug="health", keywords="NHS")
    money = Topic.objects.create(name="Money", slug="money", keywords="budget")
    ClaimTopic.objects.create(claim=claim, topic=health, status=ClaimTopic.Status.ACCEPTED)
    ClaimTopic.objects.create(claim=claim, topic=money, status=ClaimTopic.Status.SUGGESTED, matched=["budget"])
    claim.tags.add("vaccines", "Ünïcode & co")
    verdict = Verdict.objects.get(claim=claim)
    verdict.tags.add("health")
    EvidenceLinkFactory(verdict=verdict, title="Source & <b>more</b>", stance="supports", link_status="broken")
    other = ClaimFactory(text="Not the same at all")
    MatchDismissal.objects.create(claim=claim, other_claim=other, dismissed_by=users["editor"], reason="other figure")
    PanelVote.objects.create(verdict=verdict, editor=users["editor"], rating=ratings["false"], verdict_version=1)
    services.verdict_return(claim_id=claim.pk, actor=users["editor"], note="Check the second <source>.")
    claim.refresh_from_db()
    return claim


@pytest.mark.parametrize("who", ["reviewer", "editor", "reviewer2", "admin"])
def test_a_busy_claim_page_is_drawn_as_the_plain_reads_draw_it(client, users, busy_claim, monkeypatch, who):
    client.force_login(users[who])
    ours, theirs = _both_ways(client, busy_claim, monkeypatch)
    assert ours == theirs
    assert "Health &amp; &lt;care&gt;" in ours and "Ünïcode &amp; co" in ours
    assert "Another “copy”" in ours or "Another &quot;copy&quot;" in ours
    if who != "reviewer2":  # whoever may see the draft sees the return note
        assert "Check the second &lt;source&gt;." in ours


@pytest.mark.parametrize(
    ("state", "who"),
    [("new", "editor"), ("assigned", "reviewer"), ("in_review", "reviewer"), ("in_review", "reviewer2")]
    + [("submitted", "editor"), ("published", "editor"), ("retracted", "reviewer2"), ("dismissed", "admin")],
)
def test_every_state_is_drawn_as_the_plain_reads_draw_it(client, users, make_claim, monkeypatch, state, who):
    claim = make_claim(state)
    client.force_login(users[who])
    ours, theirs = _both_ways(client, claim, monkeypatch)
    assert ours == theirs


def test_the_return_note_is_found_beyond_the_events_listed(client, users, make_claim, ratings, monkeypatch):
    """A return older than the page's newest events: the page asks the database for it, and shows it."""
    claim = make_claim("submitted")
    services.verdict_return(claim_id=claim.pk, actor=users["editor"], note="Older note.")
    for n in range(views.HISTORY_SHOWN + 2):
        services.claim_set_priority(claim_id=claim.pk, actor=users["editor"], priority=1 + n % 3)
    client.force_login(users["reviewer"])
    ours, theirs = _both_ways(client, claim, monkeypatch)
    assert ours == theirs and "Older note." in ours


# --- each cheaper read answers as the plain one ----------------------------------------------------------


@pytest.mark.parametrize("language", ["en", "ru", "es"])
def test_choice_labels_are_djangos_own(language):
    fields = [
        (Claim, "state"),
        (Claim, "claim_type"),
        (Claim, "priority"),
        (Claim, "dismiss_reason"),
        (Assignment, "role"),
        (Assignment, "state"),
        (EvidenceLink, "stance"),
        (EvidenceLink, "link_status"),
    ]
    with translation.override(language):
        for model, field in fields:
            values = [value for value, _label in model._meta.get_field(field).flatchoices]
            for value in [*values, "not-a-choice", None, ""]:
                assert display.choice_label(model, field, value) == _djangos_label(model, field, value)


@pytest.mark.parametrize("who", ["reviewer", "reviewer2", "editor"])
def test_the_history_read_with_the_pages_permission_is_the_history(users, busy_claim, who):
    user = users[who]
    visible = claim_page.claim_page(user, busy_claim.pk).verdict_visible
    plain = selectors.claim_history(user, busy_claim)
    seen = selectors.claim_history_seen(busy_claim, draft_visible=visible)
    assert [(e.pk, e.draft_hidden, e.data, e.note) for e in seen] == [
        (e.pk, e.draft_hidden, e.data, e.note) for e in plain
    ]
    assert any(e.draft_hidden for e in seen) == (not visible)


@pytest.mark.parametrize("who", ["reviewer", "reviewer2", "editor"])
@pytest.mark.parametrize("then", ["returned", "resubmitted", "started"])
def test_the_return_read_from_the_history_is_the_pending_return(users, make_claim, perform, who, then):
    claim = make_claim("submitted" if then != "started" else "in_review")
    if then != "started":
        perform("return", claim, users["editor"])
    if then == "resubmitted":
        perform("submit", claim, users["reviewer"])
        perform("return", claim, users["editor"], note="Again.")
        perform("submit", claim, users["reviewer"])
    claim = Claim.objects.get(pk=claim.pk)
    user = users[who]
    expected = selectors.pending_returns(user, [claim.pk]).get(claim.pk)
    page = claim_page.claim_page(user, claim.pk)
    events, more = page.recent_history(20)
    found = selectors.pending_return_among(user, claim, events, complete=not more)
    assert (found.pk if found else None) == (expected.pk if expected else None)
    assert (found is not None) == (then == "returned" and who != "reviewer2")


def test_rating_options_are_the_model_choice_fields_own(rating_scale):
    other = RatingScale.objects.create(name="Health <scale>", is_default=False)
    Rating.objects.create(scale=other, label="Risky & <b>", slug="risky", description="d", colour="#000000", position=1)
    ours = forms.VoteForm(auto_id="id_%s")["rating"]
    plain = forms.VoteForm(auto_id="id_%s")
    plain.fields["rating"].iterator = ModelChoiceIterator
    plain.fields["rating"].widget.choices = plain.fields["rating"].choices
    assert [(str(v), label) for v, label in ours.field.choices] == [
        (str(v), label) for v, label in plain.fields["rating"].choices
    ]
    assert str(ours) == str(plain["rating"]) and "Health &lt;scale&gt;: Risky &amp; &lt;b&gt;" in str(ours)
    assert len(ours.field.choices) == Rating.objects.count() + 1


def test_the_tags_panel_reads_both_kinds_of_tag_in_one_query(users, busy_claim):
    verdict = Verdict.objects.get(claim=busy_claim)
    with CaptureQueriesContext(connection) as ctx:
        names = tagging.claim_and_verdict_tag_names(busy_claim, verdict)
    assert names == (tagging.claim_tag_names(busy_claim), tagging.verdict_tag_names(verdict))
    assert names == (["vaccines", "Ünïcode & co"], ["health"]) and len(ctx.captured_queries) == 1
    assert tagging.claim_and_verdict_tag_names(busy_claim, None) == (names[0], [])


# --- the reads saved stay saved ----------------------------------------------------------------------------


def _queries(client, claim) -> list[str]:
    client.get(change_url(claim))  # warm the session, content types and compiled panels
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(change_url(claim)).status_code == 200
    return [q["sql"] for q in ctx.captured_queries]


def test_the_page_never_reads_the_clusters_public_fact_checks(client, users, busy_claim, monkeypatch):
    """The API lists them; the desk's page does not show them, so it does not read them."""
    calls = []
    real = public_selectors.public_verdicts
    monkeypatch.setattr(public_selectors, "public_verdicts", lambda *a, **k: calls.append(1) or real(*a, **k))
    client.force_login(users["editor"])
    client.get(change_url(busy_claim))
    assert calls == []
    assert len(claim_page.claim_page(users["editor"], busy_claim.pk).already_checked) == 1 and calls == [1]


def test_no_dismissals_and_no_votes_cost_one_exists_each(client, users, make_claim):
    claim = make_claim("submitted")
    client.force_login(users["editor"])
    queries = _queries(client, claim)
    for table in ("claims_matchdismissal", "workflows_panelvote"):
        reads = [q for q in queries if f'FROM "{table}"' in q]
        assert len(reads) == 1 and "LIMIT 1" in reads[0] and "JOIN" not in reads[0], reads


def test_the_page_asks_neither_the_draft_permission_nor_the_return_of_the_database(
    client, users, busy_claim, monkeypatch
):
    """The history is read once, without the permission's subquery; the return note comes from it."""
    asked = []
    monkeypatch.setattr(selectors, "pending_returns", lambda *a, **k: asked.append(a) or {})
    monkeypatch.setattr(selectors, "audit_events_for", lambda *a, **k: asked.append(a))
    client.force_login(users["reviewer"])
    queries = _queries(client, busy_claim)
    assert asked == []
    assert len([q for q in queries if 'FROM "workflows_auditevent"' in q]) == 1


def test_the_page_reads_no_article_text_no_sibling_embedding_and_no_choice_maps(client, users, busy_claim, monkeypatch):
    built = []
    real = Model._get_FIELD_display
    monkeypatch.setattr(Model, "_get_FIELD_display", lambda self, field: built.append(field.name) or real(self, field))
    client.force_login(users["editor"])
    queries = _queries(client, busy_claim)
    assert not [q for q in queries if "raw_text" in q or '"embedding"' in q or "search_vector" in q]
    siblings = [q for q in queries if 'WHERE ("claims_claim"."cluster_id"' in q]
    assert len(siblings) == 1 and '"claims_claim"."context"' not in siblings[0]
    assert built == []


def test_the_panels_lists_and_the_rating_options_are_plain_reads(client, users, busy_claim, monkeypatch):
    """Topics and tag suggestions: SQL compiled once per process; ratings: one SELECT of their columns, no
    model instances."""
    client.force_login(users["reviewer"])
    client.get(change_url(busy_claim))
    compiled = []
    monkeypatch.setattr(tags.TAG_SUGGESTIONS, "build", lambda: compiled.append(1))
    monkeypatch.setattr(ModelChoiceIterator, "__iter__", lambda self: iter(compiled.append(2) or []))
    queries = _queries(client, busy_claim)
    assert compiled == []
    ratings = [q for q in queries if 'FROM "verdicts_rating"' in q]
    assert len(ratings) == 1 and ratings[0].startswith(
        'SELECT "verdicts_rating"."id" AS "pk", "verdicts_rating"."label" AS "label"'
    )


def test_the_read_only_fields_labels_are_drawn_once(client, users, busy_claim, monkeypatch):
    """The standard fields' seventeen labels are the same on every claim page: drawn once per language, and
    each as ``AdminReadonlyField.label_tag`` draws it."""
    client.force_login(users["editor"])
    first = page_html(client, change_url(busy_claim))
    drawn = []
    real = AdminReadonlyField.label_tag
    monkeypatch.setattr(AdminReadonlyField, "label_tag", lambda self: drawn.append(1) or real(self))
    assert page_html(client, change_url(busy_claim)) == first and drawn == []
    with monkeypatch.context() as patch:
        patch.setattr(rendering, "_READONLY_LABELS", {})
        assert page_html(client, change_url(busy_claim)) == first and len(drawn) > 10


@pytest.mark.parametrize("who", ["reviewer", "editor"])
def test_the_forms_labels_are_drawn_once(client, users, make_claim, monkeypatch, who):
    """The draft's, the evidence rows' and the action forms' labels: drawn once per process for everything a
    label depends on, so a second view of the page draws none of them (a fieldset's legend is still drawn)."""
    claim = make_claim("in_review" if who == "reviewer" else "submitted")
    client.force_login(users[who])
    first = page_html(client, change_url(claim))
    drawn = []
    real = BoundField.label_tag
    monkeypatch.setattr(
        BoundField, "label_tag", lambda self, *a, **k: drawn.append(k.get("tag")) or real(self, *a, **k)
    )
    assert page_html(client, change_url(claim)) == first and None not in drawn
    with monkeypatch.context() as patch:
        patch.setattr(rendering, "_FIELD_LABELS", {})
        assert page_html(client, change_url(claim)) == first and drawn.count(None) >= 2


def test_a_value_is_drawn_as_the_template_engine_draws_it():
    """``{{ value }}`` in the desk's Python-drawn forms: plain and safe strings answered directly, the rest by
    the engine, and the same text either way."""
    context = Context(autoescape=True)
    values = ["<b>\"x\" & 'y'</b>", "", "plain", mark_safe("<i>safe</i>"), gettext_lazy("Note"), 3, 2.5, None]
    for value in values:
        assert rendering._var(value) == render_value_in_context(value, context)
