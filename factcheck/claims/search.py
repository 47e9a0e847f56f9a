"""The desk's text search: one stored, indexed document per claim, kept current by the database.

Why stored: a GIN index on an *expression* is used only for that very expression, and PostgreSQL re-parses
the text of every candidate row to re-check a match (phrases, weights); a stored ``tsvector`` column is
parsed once, when the row is written, and re-checked as it is.

Why triggers and not a generated column: the document includes the article's title, which lives on another
table (a generated column can read only its own row). ``Claim.search_vector`` is written by a trigger on the
claims table (``claim_document_trigger``) that reads the title; ``Article`` has a trigger that asks its claims
to recompute when the title changes, and ``Verdict`` stores the public fact-check's document the same way
(its own text plus the claim's readable parts), so the public search is also one index lookup.

Languages: each document is parsed with the text search configuration of its language (``SEARCH_CONFIGS``:
the claim's own language, else its article's; "ru" is ``russian``, so "вакцины" is stored as "вакцин"; a
language without a stemmer in PostgreSQL 15, Ukrainian and Kazakh among them, is ``simple``). A query is
parsed with every configuration the documents may use, and matches a document when its words match in any
of them: "вакцина" finds "вакцины", "vacunas" finds "vacuna", whatever language the reader typed in. A query
that excludes words ("-covid") or offers alternatives ("or") is parsed in its own language only (told from its
letters and words, else English), because "not this word" must hold in the document's parsing, not in some
other's.

Weights say which part of a claim a word came from: A the claim (restated and as it appeared), B the
speaker, C the article title, D the surrounding paragraph. The public fact-check keeps A-C of its claim
(``ts_filter``): readers never see the paragraph, so it must not make a fact-check match.

Hyphenated words and figures: the parser keeps "CAR-T" as a lexeme of its own (with "car" and "t"), and
"€500,000" is the phrase "500 000"; but it drops the symbols that make a figure what it is ("60%" is "60",
"€" and "$" vanish). So each document also stores its figures as written (``FIGURE``: a currency sign before
or a percent sign after a number) as lexemes, and a query's figures are required as such (``figures``): the
GIN index finds "60%" and not "60 patients", "€500,000" and not "$500,000", without re-reading any row. A
trigram index would not help: pg_trgm drops the same symbols ("60%" has the trigrams of "60").
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import pgtrigger
from django.contrib.postgres.search import SearchQuery, SearchQueryCombinable, SearchQueryField
from django.db import connection
from django.db.models import BooleanField, F, Func, Q, QuerySet, Value
from django.db.models.expressions import RawSQL

from factcheck.extraction.language import detect_language

SEARCH_CONFIG = "simple"
#: A language code (ISO 639-1) -> the PostgreSQL text search configuration its documents are parsed with.
SEARCH_CONFIGS = {
    "en": "english",
    "ru": "russian",
    "es": "spanish",
    "el": "greek",
    "de": "german",
    "fr": "french",
    "sr": "serbian",
}
#: Every configuration a stored document may be in: what a query is parsed with.
QUERY_CONFIGS = (*dict.fromkeys(SEARCH_CONFIGS.values()), SEARCH_CONFIG)
SEARCH_MAX_LENGTH = 200
# The claim's columns its document is built from: a change to any of them (or to the document itself, which
# a writer may clear to ask for a recomputation) recomputes it.
CLAIM_DOCUMENT_COLUMNS = ("text", "claim_reviewed", "speaker", "context", "article_id", "language", "search_vector")
VERDICT_DOCUMENT_COLUMNS = ("headline", "summary", "explanation", "claim_id", "search_vector")
# Weights of a claim's document the public fact-check carries (not D, the paragraph around the claim).
PUBLIC_CLAIM_WEIGHTS = "{a,b,c}"
# A figure as written: a currency sign and a number ("€500,000", "$4.5"), or a percentage ("60%", "7.5%").
# The same pattern in SQL (PostgreSQL's regular expressions) and in Python.
FIGURE = r"[€$£¥][0-9](?:[0-9.,]*[0-9])?%?|[0-9](?:[0-9.,]*[0-9])?%"
_FIGURE = re.compile(FIGURE)
# Up to this many matching claims, a search reads their ids through the index and orders just those; past it,
# matches are common enough (1 claim in 500 at a million) that walking an index in the page's order and testing
# each claim's stored document finds a page sooner than sorting every match. Reading N ids costs about as much
# as walking 3N claims: 2,000 keeps both under ~30 ms at a million claims.
FEW_MATCHES = 2000
# Before that count, a search in an index's order looks at the first ``HEAD`` claims in the triage order
# (``claim_triage_order``: a bounded read, ~3 ms at a million claims) and tests their stored documents. When at
# least ``COMMON_AT_HEAD`` of them match, and so many that the table must hold more than ``FEW_MATCHES``
# matches, the walk finds a page of 50 within a few thousand claims: the count, which reads every match in the
# GIN index whatever its LIMIT (a bitmap is built whole: 50-250 ms for a word in a quarter of a million claims
# at a million), is skipped.
HEAD = 1000
COMMON_AT_HEAD = 20
#: The columns of the ``claim_triage_order`` index (``Claim.Meta.indexes``), in its order.
TRIAGE_ORDER_SQL = ('"priority"', '"score" DESC', '"id"')

# A leading "-" (negation) and "or" change what the words mean together: such a query's figures are not all
# required, and it is answered by its words alone.
_NOT_ALL_WORDS = re.compile(r'(?:^|\s)"?-|(?:^|\s)or(?:\s|$)', re.IGNORECASE)


# --- the documents (SQL functions and trigger source, built from the constants above, never from input) ------
#
# Each document is one SQL function (``claims/0012`` writes them out). The triggers call it for the row they
# write; a bulk load turns the triggers off and calls it for every row in one statement (``claim_document_sql``
# over a join, see ``tests.benchmarks.loader``). Both read the one definition, so what a load stores can never
# drift from what a trigger would have stored.

#: ``factdesk_search_config(language_code)``: the configuration a language code's documents are parsed with.
CONFIG_FUNCTION = "factdesk_search_config"
#: ``factdesk_claim_document(claim_reviewed, claim_text, speaker, article_title, context, config)``.
CLAIM_DOCUMENT_FUNCTION = "factdesk_claim_document"
#: ``factdesk_verdict_document(headline, summary, explanation, config, claim_document)``.
VERDICT_DOCUMENT_FUNCTION = "factdesk_verdict_document"


def config_sql(language_sql: str) -> str:
    """The configuration of a language code held by ``language_sql`` ("ru" -> russian; others: simple)."""
    cases = " ".join(f"WHEN '{code}' THEN '{config}'" for code, config in SEARCH_CONFIGS.items())
    return (
        f"(CASE lower(split_part(COALESCE({language_sql}, ''), '-', 1)) {cases} ELSE '{SEARCH_CONFIG}' END)::regconfig"
    )


def document_sql(*parts: tuple[str, str], config: str = f"'{SEARCH_CONFIG}'::regconfig") -> str:
    """``setweight(to_tsvector(config, part), weight) || ...`` over SQL expressions and their weights."""
    return " || ".join(f"setweight(to_tsvector({config}, COALESCE({sql}, '')), '{weight}')" for sql, weight in parts)


def figures_sql(text_sql: str, weight: str) -> str:
    """The figures in ``text_sql`` as lexemes of their own, weighted."""
    return (
        f"setweight(array_to_tsvector(ARRAY(SELECT m[1] FROM regexp_matches({text_sql}, '({FIGURE})', 'g') "  # noqa: S608
        f"AS m)), '{weight}')"
    )


#: The claim's document over the function's parameters.
CLAIM_DOCUMENT_SQL = " || ".join(
    [
        document_sql(
            ("claim_reviewed", "A"),
            ("claim_text", "A"),
            ("speaker", "B"),
            ("article_title", "C"),
            ("context", "D"),
            config="config",
        ),
        figures_sql("concat_ws(' ', claim_reviewed, claim_text, speaker, article_title)", "A"),
        figures_sql("COALESCE(context, '')", "D"),
    ]
)
#: The public fact-check's document over the function's parameters: its own text and the readable part of its
#: claim's document.
VERDICT_DOCUMENT_SQL = " || ".join(
    [
        document_sql(("headline", "A"), ("summary", "B"), ("explanation", "C"), config="config"),
        figures_sql("concat_ws(' ', headline, summary, explanation)", "C"),
        f"COALESCE(ts_filter(claim_document, '{PUBLIC_CLAIM_WEIGHTS}'), ''::tsvector)",
    ]
)


def _function_sql(name: str, arguments: str, returns: str, body: str) -> str:
    # IMMUTABLE (every configuration is named in the body) and a single SELECT: PostgreSQL inlines the body
    # into the statement or trigger expression that calls it, so a call costs what the expression written out
    # would.
    return (
        f"CREATE OR REPLACE FUNCTION {name}({arguments}) RETURNS {returns}\n"
        f"LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$\n    SELECT {body}\n$$"
    )


#: The functions as ``claims/0012`` creates them, in order (a test compares them with the migration's text).
DOCUMENT_FUNCTIONS_SQL = (
    _function_sql(CONFIG_FUNCTION, "language_code text", "regconfig", config_sql("language_code")),
    _function_sql(
        CLAIM_DOCUMENT_FUNCTION,
        "claim_reviewed text, claim_text text, speaker text, article_title text, context text, config regconfig",
        "tsvector",
        CLAIM_DOCUMENT_SQL,
    ),
    _function_sql(
        VERDICT_DOCUMENT_FUNCTION,
        "headline text, summary text, explanation text, config regconfig, claim_document tsvector",
        "tsvector",
        VERDICT_DOCUMENT_SQL,
    ),
)


def claim_language_sql(claim: str, article: str) -> str:
    """The claim's language, else its article's (``claim`` and ``article`` name a row of each)."""
    return f"COALESCE(NULLIF({claim}.language, ''), {article}.language)"


def claim_document_sql(claim: str, article: str) -> str:
    """The document of the claim row ``claim`` (an alias, or the trigger's ``NEW``) whose article row is
    ``article``: what the trigger stores, and what a bulk load selects for every row at once."""
    return (
        f"{CLAIM_DOCUMENT_FUNCTION}({claim}.claim_reviewed, {claim}.text, {claim}.speaker, {article}.title, "
        f"{claim}.context, {CONFIG_FUNCTION}({claim_language_sql(claim, article)}))"
    )


def verdict_document_sql(verdict: str, claim: str, article: str) -> str:
    """The document of the verdict row ``verdict``, whose claim row ``claim`` carries its stored document and
    whose article row is ``article``."""
    return (
        f"{VERDICT_DOCUMENT_FUNCTION}({verdict}.headline, {verdict}.summary, {verdict}.explanation, "
        f"{CONFIG_FUNCTION}({claim_language_sql(claim, article)}), {claim}.search_vector)"
    )


def claim_document_trigger() -> pgtrigger.Trigger:
    """Compute the claim's document whenever a row is written with one of its columns."""
    return pgtrigger.Trigger(
        name="claim_search_document",
        when=pgtrigger.Before,
        operation=pgtrigger.Insert | pgtrigger.UpdateOf(*CLAIM_DOCUMENT_COLUMNS),
        declare=[("article", "record")],
        func=(
            "SELECT title, language INTO article FROM articles_article WHERE id = NEW.article_id; "  # noqa: S608
            f"NEW.search_vector := {claim_document_sql('NEW', 'article')}; RETURN NEW;"
        ),
    )


def claim_to_verdict_trigger() -> pgtrigger.Trigger:
    """A claim whose document changed clears its verdict's, which that table's trigger then recomputes."""
    return pgtrigger.Trigger(
        name="claim_search_to_verdict",
        when=pgtrigger.After,
        # The same columns as the document's trigger: UPDATE OF follows the columns a statement sets, not the
        # ones a BEFORE trigger changed.
        operation=pgtrigger.UpdateOf(*CLAIM_DOCUMENT_COLUMNS),
        condition=pgtrigger.Condition("OLD.search_vector IS DISTINCT FROM NEW.search_vector"),
        func="UPDATE verdicts_verdict SET search_vector = NULL WHERE claim_id = NEW.id; RETURN NULL;",
    )


def verdict_document_trigger() -> pgtrigger.Trigger:
    """The public fact-check's document: the verdict's headline, summary and explanation (HTML tags are not
    words to the parser) and the readable part of its claim's document."""
    return pgtrigger.Trigger(
        name="verdict_search_document",
        when=pgtrigger.Before,
        operation=pgtrigger.Insert | pgtrigger.UpdateOf(*VERDICT_DOCUMENT_COLUMNS),
        declare=[("claim", "record"), ("article", "record")],
        func=(
            "SELECT search_vector, language, article_id INTO claim FROM claims_claim WHERE id = NEW.claim_id; "  # noqa: S608
            "SELECT language INTO article FROM articles_article WHERE id = claim.article_id; "
            f"NEW.search_vector := {verdict_document_sql('NEW', 'claim', 'article')}; RETURN NEW;"
        ),
    )


# --- queries -------------------------------------------------------------------------------------------------


def clean_query(q: str) -> str:
    return (q or "").strip()[:SEARCH_MAX_LENGTH]


def figures(q: str) -> list[str]:
    """The figures every match must contain as written; none for a query whose words are not all required."""
    return [] if _NOT_ALL_WORDS.search(q) else _FIGURE.findall(q)


class Lexemes(SearchQueryCombinable, Func):  # type: ignore[misc]  # as Django's own SearchQuery
    """A tsquery of lexemes taken as they are (``'60%' & '€500,000'``): no parser runs over them."""

    template = "%(expressions)s::tsquery"
    output_field = SearchQueryField()

    def __init__(self, lexemes: list[str]):
        # Figures hold digits, signs, "." and ",": nothing to quote inside the quotes.
        super().__init__(Value(" & ".join(f"'{lexeme}'" for lexeme in lexemes)))


def query_configs(q: str) -> tuple[str, ...]:
    """The configurations ``q`` is parsed with: all a document may be in, or, for a query that excludes words
    or offers alternatives, its own language's (module docstring)."""
    if not _NOT_ALL_WORDS.search(q):
        return QUERY_CONFIGS
    return (SEARCH_CONFIGS.get(query_language(q), SEARCH_CONFIG),)


def query_language(q: str) -> str:
    """The language a query is written in, as far as a few words tell (English when they do not)."""
    return detect_language(q, default="en")


#: The SQL function (``claims/0011``, which writes it out) that parses a query in every configuration of
#: ``QUERY_CONFIGS`` and ORs the distinct results. IMMUTABLE, so PostgreSQL folds it into a constant when it
#: plans: the planner sees "'band7'" once, not eight times, and estimates how common the words are as it did
#: with one configuration.
QUERY_FUNCTION = "factdesk_search_query"


class ParsedQuery(SearchQuery):
    """``q`` parsed in every configuration a document may be in (``QUERY_FUNCTION``). A ``SearchQuery``, so a
    ``search_vector=`` lookup takes it as it is (anything else it would wrap in ``plainto_tsquery``)."""

    def __init__(self, q: str):
        super().__init__(q, search_type="websearch")  # no configuration: the function has them all
        self.function = QUERY_FUNCTION


def web_query(q: str):
    """``q`` in web-search syntax, parsed in every configuration a document may be in, and its figures."""
    configs = query_configs(q)
    query = ParsedQuery(q) if len(configs) > 1 else SearchQuery(q, search_type="websearch", config=configs[0])
    found = figures(q)
    return query & Lexemes(found) if found else query


def web_query_sql(q: str) -> tuple[str, list]:
    """``web_query`` as SQL for the search functions' ``query`` argument."""
    configs = query_configs(q)
    if len(configs) > 1:
        sql, params = f"{QUERY_FUNCTION}(%s)", [q]
    else:
        sql, params = "websearch_to_tsquery(%s::regconfig, %s)", [configs[0], q]
    found = figures(q)
    if found:
        return f"({sql} && %s::tsquery)", [*params, " & ".join(f"'{f}'" for f in found)]
    return sql, params


def has_words(q: str) -> bool:
    """A query with no letter or digit gives the index nothing to look up."""
    return bool(re.search(r"\w", q))


def contains_any(term: str, fields: tuple[str, ...]) -> Q:
    condition = Q()
    for field in fields:
        condition |= Q(**{f"{field}__icontains": term})
    return condition


def contains_every_word(q: str, fields: tuple[str, ...]) -> Q:
    """The embedded database's search (SQLite), and any query without a word: every word appears in one of
    ``fields`` as written."""
    condition = Q()
    for word in q.split():
        condition &= contains_any(word, fields)
    return condition


def tested_one_by_one(vector: str, q: str) -> Func:
    """The same test as ``vector @@ query``, written as the operator's function so no index answers it: the
    planner then walks an index in the page's order, testing rows until the page is full, whatever it guesses
    of how common the words are (it guesses phrases and words that go together far too rare)."""
    return Func(F(vector), web_query(q), function="ts_match_vq", output_field=BooleanField())


CLAIM_FIELDS = ("text", "claim_reviewed", "speaker", "context", "article__title")


def search_claims(queryset: QuerySet, q: str, *, in_index_order: bool = False) -> QuerySet:
    """The desk's search (the API's ``q`` and the admin queue): claims whose text, restated claim, speaker,
    article title or context match ``q``.

    On PostgreSQL, in an index's order (``in_index_order``: the API's default, the admin queue's), words common
    at the head of the triage order (``common_at_the_head``) go straight to the walk: the page is found by
    walking that index and testing each claim's stored document (``tested_one_by_one``). Otherwise the GIN
    index first gives up to ``FEW_MATCHES`` + 1 matching ids (``matching_claim_ids``). Few: the page is ordered
    from those ids. More: in an index's order, the walk; otherwise the index answers the match and the matches are
    sorted. Elsewhere (SQLite) every word must appear in one of the fields.
    """
    return claim_search(queryset, q, in_index_order=in_index_order).claims


@dataclass(frozen=True)
class ClaimSearch:
    """A search's claims, and how to count them."""

    #: The matches, for a page in the caller's order (``search_claims``).
    claims: QuerySet
    #: The same matches, to count: through the GIN index, since a walked order cannot be counted (a COUNT over
    #: ``tested_one_by_one`` would test every claim in the table).
    to_count: QuerySet
    #: More than ``FEW_MATCHES`` claims match ``q`` (before the caller's own filters).
    many: bool = False


def claim_search(queryset: QuerySet, q: str, *, in_index_order: bool = False) -> ClaimSearch:
    """``search_claims``, with a queryset to count the matches by (a paginator's)."""
    q = clean_query(q)
    if not q:
        return ClaimSearch(queryset, queryset)
    if connection.vendor != "postgresql" or not has_words(q):
        found = queryset.filter(contains_every_word(q, CLAIM_FIELDS))
        return ClaimSearch(found, found)
    indexed = queryset.filter(search_vector=web_query(q))
    walked = ClaimSearch(queryset.filter(tested_one_by_one("search_vector", q)), indexed, many=True)
    if in_index_order and common_at_the_head(queryset.model._meta.db_table, q):
        return walked
    ids = matching_claim_ids(q, FEW_MATCHES + 1)
    if len(ids) <= FEW_MATCHES:
        # One array, not thousands of parameters: the statement stays short to send and to plan.
        found = queryset.filter(pk__in=RawSQL("SELECT unnest(%s::bigint[])", [ids]))
        return ClaimSearch(found, found)
    return walked if in_index_order else ClaimSearch(indexed, indexed, many=True)


def common_at_the_head(table: str, q: str) -> bool:
    """Whether ``q`` is common enough among the first ``HEAD`` claims of the triage order for a walk of that
    order to find a page soon, and common enough there to stand for more than ``FEW_MATCHES`` matches in the
    whole table (scaled by the table's row estimate, ``reltuples``). A bounded read: ``HEAD`` index entries and
    rows, whatever the words, where counting the matches costs as many as there are."""
    query_sql, params = web_query_sql(q)
    name = connection.ops.quote_name
    sql = (
        f'SELECT count(*) FILTER (WHERE ts_match_vq(head."search_vector", {query_sql})), count(*), '  # noqa: S608
        f"(SELECT reltuples FROM pg_class WHERE oid = %s::regclass) "
        f'FROM (SELECT "search_vector" FROM {name(table)} ORDER BY {", ".join(TRIAGE_ORDER_SQL)} LIMIT %s) AS head'
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [*params, table, HEAD])
        hits, sampled, rows = cursor.fetchone()
    return sampled == HEAD and hits >= COMMON_AT_HEAD and hits * max(rows, sampled) > FEW_MATCHES * sampled


def matching_claim_ids(q: str, most: int) -> list[int]:
    """Up to ``most`` ids of claims whose document matches ``q``, always read through the GIN index.

    ``claim_search_ids`` (``claims/0005``) runs with sequential and plain index scans off: a planner that
    expects the words to be common (two frequent words that seldom meet) would otherwise read the table until
    it has ``most`` rows, which is the whole table when the words in fact never meet.
    """
    query_sql, params = web_query_sql(q)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT claim_search_ids({query_sql}, %s)", [*params, most])
        return [row[0] for row in cursor.fetchall()]
