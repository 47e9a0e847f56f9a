"""The desk's and the public site's search: what they find (on SQLite and PostgreSQL), the stored documents the
database keeps current (PostgreSQL), the plans that read them (EXPLAIN on realistic row counts) and the
migrations that moved the indexes to the tables they index."""

from __future__ import annotations

import ast
import json
import re
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from rest_framework.test import APIClient

from factcheck.articles.models import Article
from factcheck.claims import search
from factcheck.claims.models import Claim
from factcheck.publishing import search as public_search
from factcheck.publishing import selectors
from factcheck.verdicts.models import Verdict
from tests.factories import ArticleFactory, ClaimFactory
from tests.unit.publishing.conftest import parse

pytestmark = pytest.mark.django_db
postgres_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="stored search documents, triggers and GIN plans are PostgreSQL's"
)
REPO = Path(__file__).resolve().parents[3]


@pytest.fixture
def api(users):
    client = APIClient()
    client.force_authenticate(users["editor"])
    return client


def api_ids(api, q: str) -> set[int]:
    response = api.get("/api/v1/claims/", {"q": q})
    assert response.status_code == 200, response.content[:300]
    return {row["id"] for row in response.json()["results"]}


def admin_ids(client, user, q: str) -> set[int]:
    client.force_login(user)
    response = client.get("/admin/claims/claim/", {"q": q})
    assert response.status_code == 200
    return {int(n) for n in re.findall(r"/admin/claims/claim/(\d+)/change/", response.content.decode())}


def public_titles(client, q: str) -> list[str]:
    return [text for level, text in parse(client.get("/fact-checks/", {"q": q})).headings if level == 2]


# --- what the desk finds (both databases) ----------------------------------------------------------------


def test_desk_search_covers_restated_claim_speaker_article_title_and_context(api, client, users):
    restated = ClaimFactory(text="He said it went up.", claim_reviewed="Prescription charges doubled since 2019.")
    titled = ClaimFactory(article=ArticleFactory(title="Harbour dredging inquiry"))
    spoken = ClaimFactory(speaker="Odile Brennan")
    around = ClaimFactory(context="The ferry timetable changed. The clinic treated 12 patients in 2024.")

    for q, claim in [
        ("prescription charges", restated),
        ("dredging", titled),
        ("Brennan", spoken),
        ("ferry timetable", around),
    ]:
        assert api_ids(api, q) == {claim.pk}, q
        assert admin_ids(client, users["editor"], q) == {claim.pk}, q
    assert api_ids(api, "prescription ferry") == set()  # every word must match


def test_hyphenated_and_numeric_terms_are_found_as_written(api):
    car_t = ClaimFactory(text="CAR-T cell therapy cured 40 patients.")
    car = ClaimFactory(text="The car park cost T-shirts money.")
    money = ClaimFactory(text="The trial cost €500,000 in 2023.")
    other_money = ClaimFactory(text="The trial cost €500 and 000 volunteers.")
    dollars = ClaimFactory(text="The trial cost $500,000 in 2023.")
    share = ClaimFactory(text="60% of patients were cured.")
    count = ClaimFactory(text="60 patients were cured.")

    assert api_ids(api, "CAR-T") == {car_t.pk}
    assert api_ids(api, "€500,000") == {money.pk}
    assert other_money.pk not in api_ids(api, "€500,000")
    assert api_ids(api, "$500,000") == {dollars.pk}
    assert api_ids(api, "500,000") == {money.pk, dollars.pk}
    assert api_ids(api, "60%") == {share.pk}
    assert api_ids(api, "60") >= {share.pk, count.pk}
    assert car.pk not in api_ids(api, "CAR-T")


def test_public_search_finds_the_restated_claim_and_article_title_not_the_paragraph_around_it(client, make_factcheck):
    fc = make_factcheck(headline="Ferry fares", claim_text="Fares rose.", article={"title": "Island crossings"})
    fc.claim.claim_reviewed = "Ferry fares rose by a third."
    fc.claim.context = "Fares rose. Lighthouse keepers disagreed."
    fc.claim.save()

    assert public_titles(client, "third") == ["Ferry fares"]
    assert public_titles(client, "island crossings") == ["Ferry fares"]
    assert public_titles(client, "lighthouse") == []


# --- the stored documents stay current (PostgreSQL) ---------------------------------------------------------


def document(model, pk) -> str:
    return model._base_manager.filter(pk=pk).values_list("search_vector", flat=True).get() or ""


@postgres_only
def test_the_database_writes_and_updates_the_claim_document(api):
    claim = ClaimFactory(text="Waiting lists halved.", speaker="Ann Example", article=ArticleFactory(title="Wards"))
    # An English article's claim is parsed as English: "halved" is stored as "halv", "Wards" as "ward".
    assert {"'halv'", "'ann'", "'ward'"} <= set(re.findall(r"'[^']+'", document(Claim, claim.pk)))

    Claim.objects.filter(pk=claim.pk).update(claim_reviewed="Hospital waiting lists halved in a year.")
    assert api_ids(api, "hospital year") == {claim.pk}

    Article.objects.filter(pk=claim.article_id).update(title="Corridors")
    assert api_ids(api, "corridors") == {claim.pk}
    assert api_ids(api, "wards") == set()


@postgres_only
def test_a_change_to_the_claim_reaches_the_public_document(client, make_factcheck):
    fc = make_factcheck(headline="Rail fares", claim_text="Fares rose.", article={"title": "Commuters"})
    assert public_titles(client, "commuters") == ["Rail fares"]

    Claim.objects.filter(pk=fc.claim_id).update(claim_reviewed="Season tickets rose by a fifth.")
    assert public_titles(client, "season tickets") == ["Rail fares"]
    Article.objects.filter(pk=fc.claim.article_id).update(title="Travellers")
    assert public_titles(client, "travellers") == ["Rail fares"]
    assert public_titles(client, "commuters") == []
    Verdict.objects.filter(pk=fc.pk).update(summary="Regulator figures disagree.")
    assert public_titles(client, "regulator") == ["Rail fares"]


def test_pages_never_load_the_documents(api, make_factcheck):
    make_factcheck(headline="Rail fares")
    with CaptureQueriesContext(connection) as ctx:
        api.get("/api/v1/claims/")
        api.get("/api/v1/claims/", {"q": "clinic"})
    # A count of the claims at the head of the queue whose documents match reads them in the database, and
    # returns a number.
    selects = [q["sql"].split(" FROM ")[0] for q in ctx.captured_queries if not q["sql"].startswith("SELECT count(")]
    assert not [s for s in selects if "search_vector" in s]


# --- query counts and plans ---------------------------------------------------------------------------------


def test_a_search_costs_the_same_few_queries_more_than_the_list_whether_matches_are_few_or_many(api, monkeypatch):
    for _ in range(4):
        ClaimFactory()

    def count(params) -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert api.get("/api/v1/claims/", params).status_code == 200
        return len(ctx.captured_queries)

    count({})  # the caller's role, read once
    listed = count({})
    # On PostgreSQL: the head of the queue's order (common there?), then the matching ids through the index.
    probe = 2 if connection.vendor == "postgresql" else 0
    assert count({"q": "clinic"}) == listed + probe
    monkeypatch.setattr(search, "FEW_MATCHES", 1)  # many matches: the page is found in the queue's order
    assert count({"q": "clinic"}) == listed + probe
    assert len(api.get("/api/v1/claims/", {"q": "clinic"}).json()["results"]) == 4
    # Ordered by a column no index keeps: no head to look at, only the ids.
    assert count({"q": "clinic", "ordering": "-created_at"}) == listed + probe // 2


ROWS = 20_000
# As long as a published explanation (the table's width decides what a sequential scan costs the planner).
EXPLANATION = "<p>We asked the ministry and the university hospital for the underlying figures.</p>" * 8
PUBLISHED_EVERY = 10


def insert_select(model, values: dict[str, str | tuple[str, list]], source: str, params: list) -> None:
    """``INSERT INTO <model> SELECT <values> FROM <source>``: SQL per column in ``values`` (with its parameters,
    if any); every other column takes the field's default as bulk_create would (the database writes the
    search document)."""
    columns, expressions, args = [], [], []
    for field in model._meta.concrete_fields:
        if field.primary_key or field.column == "search_vector":
            continue
        columns.append(connection.ops.quote_name(field.column))
        if field.column in values:
            sql, column_params = (
                values[field.column] if isinstance(values[field.column], tuple) else (values[field.column], [])
            )
            expressions.append(sql)
            args += column_params
        else:
            expressions.append("%s")
            args.append(field.get_db_prep_save(field.get_default(), connection))
    sql = (
        f"INSERT INTO {model._meta.db_table} ({', '.join(columns)}) "  # noqa: S608 - names from the model
        f"SELECT {', '.join(expressions)} FROM {source}"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, args + params)


@pytest.fixture
def newsroom(db, rating_scale):
    """20,000 claims in 200 articles, every tenth one published, all with the word "common", one in twenty
    with "band7", each with a word of its own ("rare<n>"). Analysed, so the planner sees a desk of that size.
    The claims' ids by n."""
    articles = Article.objects.bulk_create(
        [Article(title=f"Report {i}", raw_text=f"Report {i}", content_hash=f"{i:064d}") for i in range(200)]
    )
    insert_select(
        Claim,
        {
            "article_id": ("(%s::bigint[])[1 + mod(i, 200)]", [[a.pk for a in articles]]),
            "text": "'common claim rare' || i || ' band' || mod(i, 20)",
            "start": "i",
            "end": "i + 1",
            "context": "'a paragraph of common words'",
            "score": "mod(i, 1000) / 1000.0",
            "priority": "1 + mod(i, 4)",
            "state": f"CASE WHEN mod(i, {PUBLISHED_EVERY}) = 0 THEN 'published' ELSE 'new' END",
            "created_at": "now()",
            "updated_at": "now()",
        },
        "generate_series(0, %s) AS i",
        [ROWS - 1],
    )
    rating = json.dumps({"slug": rating_scale.ratings.first().slug, "label": "False"})
    insert_select(
        Verdict,
        {
            "claim_id": "c.id",
            "headline": "'Checked ' || c.id",
            "slug": "'checked-' || c.id",
            "summary": "'The figures quoted do not match the records.'",
            "explanation": ("%s", [EXPLANATION]),
            "published_at": "now()",
            "published_rating": ("%s::jsonb", [rating]),
            "created_at": "now()",
            "updated_at": "now()",
        },
        "claims_claim c WHERE c.state = 'published'",
        [],
    )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE claims_claim; ANALYZE verdicts_verdict; ANALYZE articles_article")
    return dict(Claim.objects.values_list("start", "pk"))


def plans(queries: list[dict]) -> list[str]:
    """EXPLAIN of every captured query that matches documents or reads the ids they matched (the search path)."""
    out = []
    with connection.cursor() as cursor:
        for query in queries:
            if '"search_vector"' in query["sql"] or "unnest(" in query["sql"]:
                cursor.execute("EXPLAIN " + query["sql"])
                out.append("\n".join(row[0] for row in cursor.fetchall()))
    return out


@postgres_only
def test_api_search_reads_the_gin_index_or_walks_the_queue_order_never_the_whole_table(api, newsroom):
    # First the head of the queue's order: its first HEAD claims, through the index, whatever the words.
    # A rare word: the page is ordered from the ids the index gave (the function's plan is tested below).
    # A common word: the page is the first claims in the queue's order whose stored document matches.
    for q, index in [("rare12345", "claims_claim_pkey"), ("common", "claim_triage_order")]:
        with CaptureQueriesContext(connection) as ctx:
            found = api_ids(api, q)
        assert found == {newsroom[12345]} if q.startswith("rare") else len(found) == 50
        explained = plans(ctx.captured_queries)
        assert len(explained) == 2
        head, page = explained
        assert "claim_triage_order" in head and "Limit" in head and "Sort" not in head, head
        assert index in page, page
        assert not [plan for plan in explained if "Seq Scan on claims_claim" in plan], explained
        counted = [query["sql"] for query in ctx.captured_queries if "claim_search_ids" in query["sql"]]
        assert len(counted) == (1 if q.startswith("rare") else 0)


@postgres_only
def test_a_word_common_at_the_head_of_the_queue_skips_counting_its_matches(newsroom, monkeypatch):
    """The head of the triage order is the first claims of priority 1 by score: claims whose number ends in a
    score of 800-996, so "band16" fills a fifth of it (10 scores of 50), "band7" none of it. Both match 1,000
    claims of the 20,000; only the first is common where the walk starts."""
    assert search.common_at_the_head("claims_claim", "common")
    assert search.common_at_the_head("claims_claim", "band16")
    assert not search.common_at_the_head("claims_claim", "band7")
    assert not search.common_at_the_head("claims_claim", "rare999")
    queryset = Claim.objects.order_by("priority", "-score", "id")
    walked = search.claim_search(queryset, "band16", in_index_order=True)
    assert walked.many
    # The walk gives the first page the matches sorted in the queue's order give.
    expected = list(queryset.filter(text__regex=r"band16$")[:50])
    assert list(walked.claims[:50]) == expected and len(expected) == 50
    # Common at the head, yet too few in the whole table to stand for more than FEW_MATCHES: the count decides.
    monkeypatch.setattr(search, "FEW_MATCHES", 5000)
    assert not search.common_at_the_head("claims_claim", "band16")
    assert not search.claim_search(queryset, "band16", in_index_order=True).many


@postgres_only
def test_other_orders_and_the_admin_queue_never_read_the_whole_table(api, client, users, newsroom, monkeypatch):
    monkeypatch.setattr(search, "FEW_MATCHES", 500)  # "band7": 1 claim in 20, more than "few"
    with CaptureQueriesContext(connection) as ctx:
        response = api.get("/api/v1/claims/", {"q": "band7", "ordering": "-created_at"})
        assert response.status_code == 200 and len(response.json()["results"]) == 50
        assert len(admin_ids(client, users["editor"], "band7")) == 50
    explained = plans(ctx.captured_queries)  # the API's page; the admin's head, capped count and page
    assert len(explained) == 4
    assert "claim_search_vector" in explained[0], explained[0]  # the API: matches read, then sorted
    # The admin looks at the head of the triage order ("band7" is not there), counts the matches through the
    # GIN index (capped) and walks the queue's own order for its page, testing each claim's document, instead of
    # sorting every match.
    head, count, page = explained[1:]
    assert "claim_triage_order" in head, head
    assert count.startswith("Aggregate") and "claim_search_vector" in count, count
    assert "claim_queue_order" in page and "ts_match_vq" in page and "Sort" not in page, page
    assert not [plan for plan in explained if "Seq Scan on claims_claim" in plan], explained


@postgres_only
def test_an_admin_queue_sorted_by_a_column_sorts_the_matches_instead_of_walking_every_claim(
    client, users, newsroom, monkeypatch
):
    monkeypatch.setattr(search, "FEW_MATCHES", 500)  # "band7": 1 claim in 20, more than "few"
    client.force_login(users["editor"])
    with CaptureQueriesContext(connection) as ctx:
        response = client.get("/admin/claims/claim/", {"q": "band7", "o": "-3"})  # sorted by the priority column
    assert response.status_code == 200 and response.context["cl"].paginator.capped
    count, page = plans(ctx.captured_queries)
    assert "claim_search_vector" in count, count
    # No index keeps this order, so walking one and testing each claim would read the whole table.
    assert "claim_search_vector" in page and "claim_queue_order" not in page, page
    assert "Seq Scan on claims_claim" not in page, page


@postgres_only
def test_a_common_word_in_the_admin_queue_counts_only_up_to_the_few_it_would_order(client, users, newsroom):
    client.force_login(users["editor"])
    response = client.get("/admin/claims/claim/", {"q": "common"})  # every claim: more than FEW_MATCHES
    assert response.status_code == 200
    paginator = response.context["cl"].paginator
    assert paginator.count == search.FEW_MATCHES and paginator.capped


def function_plan(name: str, **arguments: str) -> str:
    """EXPLAIN of a search function's body as installed, with ``arguments`` (SQL) for its parameters and under
    its own settings, which must turn sequential and plain index scans off."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT prosrc, proconfig FROM pg_proc WHERE proname = %s", [name])
        body, config = cursor.fetchone()
        assert sorted(config) == ["enable_indexscan=off", "enable_seqscan=off"]
        for parameter, sql in arguments.items():
            body = re.sub(rf"\b{parameter}\b", sql, body)
        with transaction.atomic():
            for setting in config:
                cursor.execute("SET LOCAL " + setting)
            cursor.execute("EXPLAIN " + body)
            return "\n".join(row[0] for row in cursor.fetchall())


@postgres_only
def test_the_first_step_reads_matching_ids_through_the_index_even_for_a_common_word(newsroom):
    assert len(search.matching_claim_ids("common", 7)) == 7
    assert search.matching_claim_ids("rare777", 7) == [newsroom[777]]
    assert search.matching_claim_ids("rare777%", 7) == []  # "%" as written: no claim has it
    plan = function_plan("claim_search_ids", query="websearch_to_tsquery('simple', 'common')", most="2001")
    assert "claim_search_vector" in plan and "Seq Scan" not in plan, plan


@postgres_only
def test_public_search_reads_the_fact_checks_gin_index(client, newsroom):
    target = newsroom[12340]  # published (every tenth)
    with CaptureQueriesContext(connection) as ctx:
        response = client.get("/fact-checks/", {"q": "rare12340"})
    assert [t for level, t in parse(response).headings if level == 2] == [f"Checked {target}"]
    searched = [q for q in ctx.captured_queries if "verdict_search_ids" in q["sql"]]
    assert len(searched) == 1
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN " + searched[0]["sql"])
        outer = "\n".join(row[0] for row in cursor.fetchall())
    assert "Seq Scan on verdicts_verdict" not in outer and "Seq Scan on claims_claim" not in outer, outer
    for word in ("rare12340", "common"):
        plan = function_plan("verdict_search_ids", query=f"websearch_to_tsquery('simple', '{word}')", most="1001")
        # Planned as a whole, not for the limit (which would favour reading fact-checks one by one). A word in
        # every fact-check with an address may be read through either index on them: the same rows.
        assert "Bitmap Index Scan" in plan and "Seq Scan" not in plan, plan
        assert "verdict_search_vector" in plan or word == "common", plan


def explained(sql: str) -> str:
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN " + sql)
        return "\n".join(row[0] for row in cursor.fetchall())


def no_table_read_whole(plan: str) -> None:
    for table in ("verdicts_verdict", "claims_claim", "articles_article"):
        assert f"Seq Scan on {table}" not in plan, plan


@postgres_only
def test_public_search_of_a_few_matches_reads_ids_then_one_page_of_rows_by_index(client, newsroom, monkeypatch):
    """Up to ``FEW_MATCHES`` matches ("common" is in every fact-check, 2,000): the ids come through the search
    function, are sorted newest first (the exact count and pager), and the wide query reads the page's twenty rows
    by primary key, never a table from end to end."""
    monkeypatch.setattr(public_search, "FEW_MATCHES", 5000)
    with CaptureQueriesContext(connection) as ctx:
        response = client.get("/fact-checks/", {"q": "common", "page": "3"})
    assert response.status_code == 200 and response.context["page_obj"].paginator.count == ROWS // PUBLISHED_EVERY
    assert not response.context["capped"]
    newest = Verdict.objects.filter(slug__isnull=False).order_by("-published_at", "-id")
    assert [v.pk for v in response.context["page_obj"].object_list] == list(newest.values_list("pk", flat=True)[40:60])
    statements = [
        q["sql"] for q in ctx.captured_queries if "verdicts_verdict" in q["sql"] or "verdict_search" in q["sql"]
    ]
    assert not [sql for sql in statements if 'AS "__count"' in sql]  # no paginator COUNT over the matches
    ids = [sql for sql in statements if "verdict_search_ids" in sql]
    assert len(ids) == 1 and ids[0].endswith(", 5001)")  # at most FEW_MATCHES + 1 ids
    narrow = [sql for sql in statements if "unnest(" in sql]
    rows = [sql for sql in statements if sql.startswith('SELECT "verdicts_verdict"."id", ')]  # every column
    assert len(narrow) == 1 and len(rows) == 1 and "verdict_search_ids" not in rows[0]
    for sql in narrow + rows:  # (the site's freshness, one aggregate over every fact-check, is cached)
        no_table_read_whole(explained(sql))


@postgres_only
def test_public_search_of_many_matches_walks_the_newest_first_index_for_one_page(client, newsroom):
    """More than ``FEW_MATCHES`` (1,000) of the 2,000 fact-checks match "common": nothing reads or sorts every
    match; the page walks the newest-first index testing each fact-check's document (one process, no parallel
    workers) and stops after the page; the pager offers the newest ``FEW_MATCHES`` and says more match."""
    assert public_search.FEW_MATCHES < ROWS // PUBLISHED_EVERY
    with CaptureQueriesContext(connection) as ctx:
        response = client.get("/fact-checks/", {"q": "common", "page": "3"})
    assert response.status_code == 200 and response.context["capped"]
    paginator = response.context["page_obj"].paginator
    assert paginator.count == public_search.FEW_MATCHES and paginator.num_pages == public_search.FEW_MATCHES // 20
    assert f"More than {public_search.FEW_MATCHES:,} fact-checks match" in response.content.decode()
    newest = Verdict.objects.filter(slug__isnull=False).order_by("-published_at", "-id")
    assert [v.pk for v in response.context["page_obj"].object_list] == list(newest.values_list("pk", flat=True)[40:60])
    sqls = [q["sql"] for q in ctx.captured_queries]
    assert not [sql for sql in sqls if 'AS "__count"' in sql]
    settings = [sql for sql in sqls if "set_config(" in sql]
    assert len(settings) == 2  # the walk's, and (inside the test's transaction) putting them back
    with connection.cursor() as cursor:
        cursor.execute("SHOW enable_seqscan")
        assert cursor.fetchone()[0] == "on"
    walks = [sql for sql in sqls if "ts_match_vq" in sql]
    assert len(walks) == 1 and walks[0].endswith("LIMIT 20 OFFSET 40"), walks
    with transaction.atomic(), connection.cursor() as cursor:
        selectors._set_locally(cursor, selectors.WALK_SETTINGS)
        plan = explained(walks[0])
    assert "verdict_published" in plan and "Gather" not in plan and "  Sort  " not in plan, plan
    no_table_read_whole(plan)
    # A page past the newest FEW_MATCHES is the last one offered.
    response = client.get("/fact-checks/", {"q": "common", "page": "999"})
    assert response.context["page_obj"].number == public_search.FEW_MATCHES // 20


@postgres_only
def test_public_search_with_a_filter_counts_every_match_that_passes_it(client, newsroom):
    """A filter besides the words: the first ids cannot tell how many pass it, so every match is read through
    the index (no limit) and sorted: an exact count."""
    kept = Claim.objects.filter(state="published", start__lt=3000)
    kept.update(claim_type="quantity")
    with CaptureQueriesContext(connection) as ctx:
        response = client.get("/fact-checks/", {"q": "common", "type": "quantity"})
    assert response.status_code == 200 and not response.context["capped"]
    assert response.context["page_obj"].paginator.count == kept.count() == 300
    every = [q["sql"] for q in ctx.captured_queries if "verdict_search_ids" in q["sql"] and ", NULL)" in q["sql"]]
    assert len(every) == 1
    no_table_read_whole(explained(every[0]))


@postgres_only
def test_the_public_search_function_skips_retracted_fact_checks(newsroom):
    target = Verdict.objects.get(claim_id=newsroom[12340])
    assert public_search.matching_factcheck_ids("rare12340", 5) == [target.pk]
    assert len(public_search.matching_factcheck_ids("common", 7)) == 7  # stops at the limit
    Verdict.objects.filter(pk=target.pk).update(retracted_at=timezone.now())
    assert public_search.matching_factcheck_ids("rare12340", 5) == []


# --- migrations ---------------------------------------------------------------------------------------------


def test_models_and_migrations_agree_and_no_migration_imports_the_application():
    call_command(
        "makemigrations", "claims", "verdicts", "articles", "publishing", check=True, dry_run=True, verbosity=0
    )
    offenders = []
    for path in REPO.glob("*/**/migrations/*.py"):
        if ".venv" in path.parts:
            continue
        for node in ast.walk(ast.parse(path.read_text())):
            names = (
                [a.name for a in node.names]
                if isinstance(node, ast.Import)
                else ([node.module or ""] if isinstance(node, ast.ImportFrom) else [])
            )
            offenders += [
                f"{path.relative_to(REPO)}: {n}" for n in names if n.split(".")[0] in {"factcheck", "workflows"}
            ]
    assert offenders == []


def index_names() -> set[str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexname FROM pg_indexes WHERE tablename IN ('claims_claim', 'verdicts_verdict')")
        return {row[0] for row in cursor.fetchall()}


OLD_INDEXES = {"claim_search", "claim_public_search", "verdict_public_search"}
NEW_INDEXES = {"claim_search_vector", "claim_triage_order", "verdict_search_vector"}


@postgres_only
def test_a_new_database_has_the_search_indexes_on_their_own_tables_only():
    assert index_names() >= NEW_INDEXES
    assert not OLD_INDEXES & index_names()


# What ``publishing/0001`` and ``0002`` built before they became empty (from a database they built them on).
OLD_PUBLISHING_INDEXES = [
    "CREATE INDEX verdict_public_search ON verdicts_verdict USING gin (("
    "setweight(to_tsvector('english'::regconfig, COALESCE(headline, '')::text), 'A') || "
    "setweight(to_tsvector('english'::regconfig, COALESCE(summary, '')), 'B') || "
    "setweight(to_tsvector('english'::regconfig, COALESCE(explanation, '')), 'C'))) WHERE slug IS NOT NULL",
    "CREATE INDEX claim_public_search ON claims_claim USING gin (("
    "setweight(to_tsvector('english'::regconfig, COALESCE(claim_reviewed, '')), 'A') || "
    "setweight(to_tsvector('english'::regconfig, COALESCE(text, '')), 'A') || "
    "setweight(to_tsvector('english'::regconfig, COALESCE(speaker, '')::text), 'B'))) "
    "WHERE state IN ('published', 'retracted')",
]
BEFORE_SEARCH_DOCUMENTS = [
    ("claims", "0004_match_dismissal"),
    ("verdicts", "0005_draftrevision"),
    ("publishing", "0002_claim_search_restated"),
    ("articles", "0002_fetch_by_task"),
]


@postgres_only
@pytest.mark.django_db(transaction=True)
def test_an_existing_database_moves_forward_drops_the_old_indexes_and_fills_the_documents():
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE_SEARCH_DOCUMENTS)
    try:
        with connection.cursor() as cursor:
            for sql in OLD_PUBLISHING_INDEXES:
                cursor.execute(sql)
        assert index_names() >= OLD_INDEXES  # claims/0005 going back rebuilt claims/0002's
        old = executor.loader.project_state(BEFORE_SEARCH_DOCUMENTS).apps
        article = old.get_model("articles", "Article").objects.create(
            title="Harbour report", raw_text="x", content_hash="f" * 64
        )
        claim = old.get_model("claims", "Claim").objects.create(
            article=article, text="Dredging doubled.", start=0, end=5, score=0.5, state="published"
        )
        old.get_model("verdicts", "Verdict").objects.create(claim_id=claim.pk, headline="Silt", slug="silt")
    finally:
        executor = MigrationExecutor(connection)
        executor.migrate(executor.loader.graph.leaf_nodes())

    assert index_names() >= NEW_INDEXES
    assert not OLD_INDEXES & index_names()
    claim_document, verdict_document = document(Claim, claim.pk), Verdict._base_manager.get(claim_id=claim.pk)
    # Parsed as English, the article's default language (claims/0011): "Dredging" is stored as "dredg".
    assert "'dredg'" in claim_document and "'harbour'" in claim_document
    assert {"'silt'", "'dredg'", "'harbour'"} <= set(re.findall(r"'[^']+'", verdict_document.search_vector))
