"""The queue page's cheaper paths, each proven to give the admin's own output: the sidebar's filters drawn in
Python (``desk_list_filter``) against Django's ``admin/filter.html``; the filters' choices read by queries
compiled once per process (``filters.CompiledRows``) against the ORM's; the rows' choice labels escaped once
a page (``rows``). Each also checks the saving itself (a call count), so losing it fails a test."""

from __future__ import annotations

import pytest
from django.contrib import admin
from django.contrib.admin.templatetags.admin_list import admin_list_filter
from django.template import Context, engines
from django.test import RequestFactory
from django.utils import translation
from django.utils.functional import Promise

from factcheck.articles.models import Article
from factcheck.claims.models import Claim, ClaimCluster, Topic
from tests.factories import ClaimFactory
from workflows import selectors, tagging
from workflows.desk import filters, rows
from workflows.templatetags import desk_pages

pytestmark = pytest.mark.django_db

QUEUE = "/admin/claims/claim/"
QUERIES = [
    "",
    "state=all&claim_type__exact=quantity",
    "reviewer=me&due=overdue&tag=vaccines&topic=suggested:health",
    "article=1&cluster=1&score=high&origin__exact=tip&priority__exact=1",
    "_facets=1&state=new",
    "q=%3Cb%3E&state=signoff",
]


@pytest.fixture
def desk(users, make_claim):
    """A desk with something in every filter: reviewers with and without full names, articles with and without
    a title, a cluster, topics and tags (with characters to escape)."""
    users["reviewer"].first_name, users["reviewer"].last_name = "Ana", "<Ruiz>"
    users["reviewer"].save()
    cluster = ClaimCluster.objects.create(label="Repeated <b>claim</b> & co")
    make_claim("assigned", cluster=cluster)
    make_claim("in_review")
    tip = ClaimFactory(origin="tip")
    Article.objects.filter(pk=tip.article_id).update(title="")
    tip.tags.add("vaccines", "Ünïcode & co", "alpha")
    Topic.objects.create(name="Health & <care>", slug="health")
    return tip


def _changelist(user, query):
    request = RequestFactory().get(f"{QUEUE}?{query}")
    request.user = user
    return admin.site._registry[Claim].get_changelist_instance(request)


def _ours(cl, spec) -> str:
    template = engines["django"].engine.from_string("{% load desk_pages %}{% desk_list_filter cl spec %}")
    return template.render(Context({"cl": cl, "spec": spec}))


@pytest.mark.parametrize("language", ["en", "ru", "es"])
@pytest.mark.parametrize("who", ["editor", "reviewer"])
def test_each_sidebar_filter_is_djangos_own_html(users, desk, language, who):
    with translation.override(language):
        for query in QUERIES:
            cl = _changelist(users[who], query)
            assert cl.filter_specs
            for spec in cl.filter_specs:
                assert _ours(cl, spec) == admin_list_filter(cl, spec), (query, str(spec.title))


def test_the_filters_are_drawn_without_a_template(users, desk, monkeypatch):
    cl = _changelist(users["editor"], "")
    rendered = []
    monkeypatch.setattr(desk_pages.admin_list, "admin_list_filter", lambda *a: rendered.append(a) or "")
    for spec in cl.filter_specs:
        _ours(cl, spec)
    assert rendered == []


def test_a_filter_with_its_own_template_is_left_to_the_admin(users, desk, monkeypatch):
    cl = _changelist(users["editor"], "")
    spec = cl.filter_specs[0]
    monkeypatch.setattr(spec, "template", "admin/filter.html#custom", raising=False)
    calls = []
    monkeypatch.setattr(desk_pages.admin_list, "admin_list_filter", lambda cl, spec: calls.append(spec) or "x")
    assert _ours(cl, spec) == "x"
    assert calls == [spec]


def _choices(user, name, query=""):
    cl = _changelist(user, query)
    (spec,) = [s for s in cl.filter_specs if getattr(s, "parameter_name", None) == name]
    return spec.lookup_choices


def test_the_compiled_choices_are_the_orms(users, desk):
    editor = users["editor"]
    people = [(str(u.pk), u.get_full_name() or u.username) for u in selectors.assignable_users()]
    assert _choices(editor, "reviewer") == [("me", "Me"), *people]
    assert (str(users["reviewer"].pk), "Ana <Ruiz>") in people
    articles = Article.objects.filter(claims__isnull=False).distinct().order_by("-pk")[:15]
    assert _choices(editor, "article") == [(str(a.pk), str(a)[:60]) for a in articles]
    assert (str(desk.article_id), f"Article {desk.article_id}") in _choices(editor, "article")
    clusters = ClaimCluster.objects.filter(claims__isnull=False).distinct().order_by("-pk")[:15]
    assert _choices(editor, "cluster") == [(str(c.pk), str(c)[:60]) for c in clusters]
    assert _choices(editor, "tag") == [(name, name) for name in tagging.claim_tag_choices()]
    topics = tagging.topic_choices()
    assert _choices(editor, "topic") == [
        *((t.slug, t.name) for t in topics),
        *((f"suggested:{t.slug}", f"suggested: {t.name}") for t in topics),
    ]


def test_a_selected_article_beyond_the_recent_ones_is_still_offered(users, desk):
    old = Claim.objects.order_by("article_id").first().article
    for _ in range(16):
        ClaimFactory()
    assert (str(old.pk), str(old)[:60]) in _choices(users["editor"], "article", f"article={old.pk}")


def test_the_choices_are_compiled_once_and_read_fresh(users, desk, monkeypatch):
    compiled = []
    for holder in (filters.ReviewerFilter.users, filters.TagFilter.tags_on_claims, filters.TopicFilter.topics):
        monkeypatch.setattr(holder, "_sql", {})
        build = holder.build
        monkeypatch.setattr(holder, "build", lambda build=build: compiled.append(build) or build())
    _choices(users["editor"], "tag")
    assert len(compiled) == 3
    desk.tags.add("zebra")
    Topic.objects.create(name="Zoology", slug="zoo")
    assert ("zebra", "zebra") in _choices(users["editor"], "tag")
    assert ("zoo", "Zoology") in _choices(users["editor"], "topic")
    assert len(compiled) == 3  # rows read again, nothing compiled again


def test_choice_labels_are_escaped_once_a_page_not_once_a_row(users, desk, monkeypatch, make_claim):
    escaped_labels = []
    real = rows.conditional_escape

    def counting(text):
        if isinstance(text, Promise):
            escaped_labels.append(text)
        return real(text)

    monkeypatch.setattr(rows, "conditional_escape", counting)

    def labels_escaped_for(count: int) -> int:
        escaped_labels.clear()
        cl = _changelist(users["editor"], "state=all")
        cl.formset, cl.result_list = None, list(Claim.objects.all()[:count])
        assert len(rows.result_rows(cl)) == count
        return len(escaped_labels)

    for _ in range(4):
        make_claim("new")
    assert labels_escaped_for(1) == labels_escaped_for(6) > 0
