"""A fast, deterministic loader for a newsroom-sized desk: N claims in generated articles, with the verdicts,
evidence, assignments, clusters and audit rows their workflow states imply.

Rows are written with PostgreSQL ``COPY`` (``bulk_create`` on SQLite) with explicit ids, then the sequences
are reset and the tables analysed, so the data looks to the planner like a desk that grew to this size. Claims
and verdicts go in with their search documents computed set-based, their triggers off (``_write_postgresql``):
a million claims load in minutes (with a trigger per row the load had not finished after 12 CPU-minutes).
Articles come from ``tests.corpus`` (the same generator the ingestion benchmark feeds the pipeline), and
each check-worthy sentence of an article becomes a claim at its exact span.
"""

from __future__ import annotations

import dataclasses
import datetime
import json
import random
import time
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.contrib.postgres.indexes import GinIndex
from django.core.management import call_command
from django.core.management.color import no_style
from django.db import connection, models, transaction
from django.utils import timezone
from django.utils.text import slugify

from factcheck.articles.models import Article, content_hash
from factcheck.audit.models import AuditEvent
from factcheck.claims.models import ArchivedFactCheck, Assignment, Claim, ClaimCluster
from factcheck.roles import ADMIN, EDITOR, REVIEWER
from factcheck.verdicts.models import EvidenceLink, Rating, RatingScale, Verdict
from tests import corpus

from .codes import embedding_codes

LOAD_SEED = 7
REVIEWERS = 8
ARCHIVED = 300
# Share of claims in each state (the rest are new): a desk that triages most and publishes a few percent.
STATE_SHARES = (
    ("dismissed", 0.08),
    ("assigned", 0.05),
    ("in_review", 0.04),
    ("submitted", 0.02),
    ("approved", 0.01),
    ("published", 0.03),
    ("retracted", 0.002),
)
ORDER = ["new", "assigned", "in_review", "submitted", "approved", "published", "retracted"]
ACTIONS = {
    "assigned": "claim.assign",
    "in_review": "claim.start",
    "submitted": "claim.submit",
    "approved": "claim.approve",
    "published": "claim.publish",
    "retracted": "claim.retract",
}


@dataclass
class Loaded:
    claims: int
    articles: int
    verdicts: int
    published: int
    evidence: int
    audit: int
    clusters: int
    seconds: float
    #: Seconds of each load step (generate, copy, documents, constraints, indexes, analyze), as logged.
    steps: dict[str, float]
    editor_id: int
    published_slugs: list[str]


def _writer(model: type[models.Model], rows: list[dict], *, table: str | None = None) -> None:
    """Write ``rows`` (dicts of every concrete field's attname) in one COPY, or bulk_create on SQLite. ``table``:
    another table of the same columns (a staging table) instead of the model's."""
    if not rows:
        return
    if connection.vendor != "postgresql":
        model.objects.bulk_create([model(**row) for row in rows], batch_size=2000)
        return
    from psycopg.types.json import Jsonb

    fields = model._meta.concrete_fields
    columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    json_fields = {f.attname for f in fields if isinstance(f, models.JSONField)}
    table = connection.ops.quote_name(table or model._meta.db_table)
    # A column the generator does not write takes the field's default, as bulk_create would give it, so a new
    # model field never breaks the benchmark.
    defaults = {f.attname: f.get_default() for f in fields}
    with connection.cursor() as cursor, cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
        for row in rows:
            values = [row.get(f.attname, defaults[f.attname]) for f in fields]
            copy.write_row(
                [
                    Jsonb(value) if f.attname in json_fields and value is not None else value
                    for f, value in zip(fields, values, strict=True)
                ]
            )


def _writer_with_documents(model: type[models.Model], rows: list[dict], alias: str, document: str, joins: str) -> None:
    """Write ``rows`` with their search documents in one statement: COPY into a staging table (no trigger, no
    index, no WAL), then ``INSERT ... SELECT`` every column and ``document`` (the document's SQL function over
    the row ``alias`` and ``joins``, ``factcheck.claims.search``) into the model's table, whose document trigger
    the caller has turned off. The rows are written once, already with their documents: an UPDATE after a plain
    COPY would write every row twice and leave half the table dead."""
    staging = f"load_{model._meta.db_table}"
    table = connection.ops.quote_name(model._meta.db_table)
    fields = model._meta.concrete_fields
    columns = [connection.ops.quote_name(f.column) for f in fields if f.attname != "search_vector"]
    with connection.cursor() as cursor:
        # Rows go in in the ids' order, as a desk that grew to this size has them: unsorted, the join wrote them
        # in its hash buckets' order (at a million claims the ids' physical correlation fell to 0.11, and every
        # index scan read pages at random). The sort runs before the documents are computed, in memory.
        cursor.execute("SET LOCAL work_mem = '256MB'")
        cursor.execute(f"CREATE TEMPORARY TABLE {staging} (LIKE {table}) ON COMMIT DROP")
        _writer(model, rows, table=staging)
        cursor.execute(f"ANALYZE {staging}")  # a temporary table has no statistics until asked: plan the join
        cursor.execute(
            f"INSERT INTO {table} ({', '.join(columns)}, search_vector) "  # noqa: S608 - names from the models
            f"SELECT {', '.join(f'{alias}.{c}' for c in columns)}, {document} FROM {staging} {alias} {joins} "
            f"ORDER BY {alias}.id"
        )
        cursor.execute(f"DROP TABLE {staging}")
        cursor.execute("RESET work_mem")


def _write_postgresql(steps: dict[str, float], log, **rows: list[dict]) -> None:
    """The PostgreSQL load in one transaction, each step timed into ``steps`` and logged.

    The search documents' triggers are off while the rows go in (``ALTER TABLE ... DISABLE TRIGGER``, seen by
    no other session before the commit): each claim's and each verdict's document is written by one set-based
    statement calling the very SQL function the trigger calls (``search.claim_document_sql``,
    ``search.verdict_document_sql``), so the stored documents are the trigger's, without a trigger call and its
    article lookup per row. The GIN indexes are dropped first and built once the documents are in (fed row by
    row they cost the load many times what building them does), with the memory a build of a million documents
    needs; then the foreign keys are checked, and everything is analysed after the commit."""
    from factcheck.claims import search
    from tests.procs import cpu_seconds

    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        backend = cursor.fetchone()[0]  # its CPU time is readable when the server runs on this machine
    cpu = [cpu_seconds([backend]), time.process_time()]

    def step(name: str, since: float) -> float:
        # Wall time, and the CPU seconds of the PostgreSQL backend and of this process: on a shared machine the
        # wall time says more of the neighbours than of the load.
        now, backend_cpu, own_cpu = time.perf_counter(), cpu_seconds([backend]), time.process_time()
        steps[name] = steps.get(name, 0.0) + now - since
        log(
            f"  load: {name} {now - since:.1f}s (CPU: PostgreSQL {backend_cpu - cpu[0]:.1f}s, "
            f"loader {own_cpu - cpu[1]:.1f}s)"
        )
        cpu[:] = [backend_cpu, own_cpu]
        return now

    search_indexes = [
        (model, index) for model in (Claim, Verdict) for index in model._meta.indexes if isinstance(index, GinIndex)
    ]
    document_triggers = [
        (Claim, search.claim_document_trigger()),
        (Verdict, search.verdict_document_trigger()),
    ]
    at = time.perf_counter()
    with transaction.atomic():
        with connection.cursor() as cursor:
            # A GIN build sorts its entries in this much memory; the default 64 MB makes a million documents
            # spill to disk many times over. Local to this transaction.
            cursor.execute("SET LOCAL maintenance_work_mem = '512MB'")
            for model, trigger in document_triggers:
                cursor.execute(
                    f"ALTER TABLE {connection.ops.quote_name(model._meta.db_table)} "
                    f"DISABLE TRIGGER {connection.ops.quote_name(trigger.get_pgid(model))}"
                )
        for model, index in search_indexes:
            with connection.schema_editor() as schema:
                schema.remove_index(model, index)
        _writer(ArchivedFactCheck, rows["archived"])
        _writer(Article, rows["articles"])
        _writer(ClaimCluster, rows["clusters"])
        at = step("copy", at)
        _writer_with_documents(
            Claim,
            rows["claims"],
            "c",
            search.claim_document_sql("c", "a"),
            "JOIN articles_article a ON a.id = c.article_id",
        )
        at = step("claims with documents", at)
        _writer(Assignment, rows["assignments"])
        at = step("copy", at)
        _writer_with_documents(
            Verdict,
            rows["verdicts"],
            "v",
            search.verdict_document_sql("v", "c", "a"),
            "JOIN claims_claim c ON c.id = v.claim_id JOIN articles_article a ON a.id = c.article_id",
        )
        at = step("verdicts with documents", at)
        _writer(EvidenceLink, rows["evidence"])
        _writer(AuditEvent, rows["audit"])
        at = step("copy", at)
        with connection.cursor() as cursor:
            for statement in connection.ops.sequence_reset_sql(
                no_style(),
                [ArchivedFactCheck, Article, ClaimCluster, Claim, Assignment, Verdict, EvidenceLink, AuditEvent],
            ):
                cursor.execute(statement)
            # The deferred foreign-key checks run now: neither an index nor ALTER TABLE may go over pending ones.
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            at = step("foreign keys", at)
            for model, trigger in document_triggers:
                cursor.execute(
                    f"ALTER TABLE {connection.ops.quote_name(model._meta.db_table)} "
                    f"ENABLE TRIGGER {connection.ops.quote_name(trigger.get_pgid(model))}"
                )
        for model, index in search_indexes:
            with connection.schema_editor() as schema:
                schema.add_index(model, index)
        at = step("search indexes", at)
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    step("vacuum analyze", at)


def _users() -> tuple[object, object, list[object]]:
    User = get_user_model()

    def make(username: str, role: str, superuser: bool = False):
        user = User(
            username=username,
            email=f"{username}@example.org",
            is_staff=True,
            is_superuser=superuser,
            first_name=username.capitalize(),
        )
        user.set_unusable_password()  # the harness signs in with force_login and a token
        user.save()
        user.groups.add(Group.objects.get(name=role))
        return user

    editor = make("bench-editor", EDITOR)
    make("bench-admin", ADMIN, superuser=True)
    reviewers = [make(f"bench-reviewer{i}", REVIEWER) for i in range(1, REVIEWERS + 1)]
    return editor, make("bench-editor2", EDITOR), reviewers


def _pick_state(rng: random.Random) -> str:
    r = rng.random()
    for state, share in STATE_SHARES:
        if r < share:
            return state
        r -= share
    return "new"


def _paragraph(text: str, start: int, end: int) -> str:
    left = text.rfind("\n\n", 0, start)
    right = text.find("\n\n", end)
    return text[left + 2 if left >= 0 else 0 : right if right >= 0 else len(text)].strip()


def _speaker(sentence: str) -> str:
    for person in corpus.PEOPLE:
        if person in sentence:
            return person
    return "the ministry" if "ministry said" in sentence else ""


def _claim_type(sentence: str) -> str:
    if "plans" in sentence or "starting in" in sentence:
        return "prediction"
    if "first" in sentence or "only" in sentence or "approval" in sentence:
        return "laws_rules"
    return "quantity" if any(ch.isdigit() for ch in sentence) else "other"


def _explanation(rng: random.Random, text: str, speaker: str) -> str:
    filler = rng.sample(corpus.SOFT, 2)
    return (
        f"<p>The claim, made by {speaker or 'the publication'}, was that {text}</p>"
        f"<p>We asked the ministry and the {rng.choice(corpus.CENTRES)} for the underlying figures. "
        f"The annual report for {rng.randint(2015, 2025)} lists {rng.randint(10, 900)} cases, and the "
        f"registry for {rng.choice(corpus.PLACES)} gives a different total. {filler[0]}</p>"
        f"<p>Independent researchers at the {rng.choice(corpus.CENTRES)} said the comparison leaves out "
        f'patients treated abroad. {filler[1]} <a href="https://example.org/report">The report</a> is public.</p>'
    )


def _archived_rows(rng: random.Random, now) -> list[dict]:
    rows = []
    for i in range(1, ARCHIVED + 1):
        values = {
            "centre": rng.choice(corpus.CENTRES),
            "place": rng.choice(corpus.PLACES),
            "person": rng.choice(corpus.PEOPLE),
            "therapy": rng.choice(corpus.THERAPIES),
            "n": rng.randint(20, 900),
            "n2": rng.randint(10, 300),
            "pct": rng.randint(5, 95),
            "money": rng.randint(40, 900),
            "money2": rng.randint(10, 90),
            "year": rng.randint(2015, 2025),
            "year2": rng.randint(2026, 2030),
            "cap": rng.choice([60, 300, 600, 1200]),
        }
        rows.append(
            {
                "id": i,
                "claim_text": rng.choice(corpus.FACTS).format(**values),
                "rating": rng.choice(["False", "True"]),
                "url": f"https://archive.example.org/fact-check/{i}",
                "publisher": "Archive Desk",
                "published_at": (now - datetime.timedelta(days=rng.randint(400, 3000))).date(),
                "imported_at": now,
            }
        )
    return rows


def load(n_claims: int, *, seed: int = LOAD_SEED, log=print) -> Loaded:
    """Load ``n_claims`` claims (and what goes with them) into an empty, migrated database."""
    started = time.perf_counter()
    rng = random.Random(seed)
    call_command("loaddata", "fixtures/rating_scales.json", verbosity=0)
    scale = RatingScale.objects.get(is_default=True)
    ratings = list(Rating.objects.filter(scale=scale))
    best, worst = scale.best_value, scale.worst_value
    editor, editor2, reviewers = _users()
    ct_claim = ContentType.objects.get_for_model(Claim).pk
    ct_article = ContentType.objects.get_for_model(Article).pk
    ct_verdict = ContentType.objects.get_for_model(Verdict).pk
    now = timezone.now()

    articles, claims, clusters, assignments, verdicts, evidence, audit = [], [], [], [], [], [], []
    first_by_text: dict[str, int] = {}
    cluster_of_text: dict[str, int] = {}
    slugs: list[str] = []
    claim_id = verdict_id = 0
    index = 0
    while claim_id < n_claims:
        title, text, facts = corpus.article_with_facts(index, seed=seed)
        index += 1
        article_id = index
        created = now - datetime.timedelta(seconds=(n_claims - claim_id) * 30)
        articles.append(
            {
                "id": article_id,
                "title": title,
                "publisher": rng.choice(["Daily Courier", "Evening Post", "Wire"]),
                "url": f"https://news.example.org/{article_id}",
                "published_at": created,
                "language": "en",
                "source": "feed",
                "source_name": "bench",
                "raw_text": text,
                "cleaned_text": text,
                "content_hash": content_hash(text),
                "status": "done",
                "error": "",
                "attempts": 1,
                "status_changed_at": created,
                "created_at": created,
                "updated_at": created,
            }
        )
        audit.append(
            {
                "actor_id": None,
                "action": "article.ingest",
                "content_type_id": ct_article,
                "object_id": str(article_id),
                "claim_id": None,
                "from_state": "",
                "to_state": "queued",
                "note": "",
                "data": {"source": "feed"},
                "created_at": created,
            }
        )
        for start, end, sentence in facts:
            if claim_id >= n_claims:
                break
            claim_id += 1
            state = _pick_state(rng)
            speaker = _speaker(sentence)
            cluster_id = None
            first = first_by_text.get(sentence)
            if first is None:
                first_by_text[sentence] = claim_id
            elif claims[first - 1]["article_id"] != article_id:
                cluster_id = cluster_of_text.get(sentence)
                if cluster_id is None:
                    cluster_id = len(clusters) + 1
                    clusters.append({"id": cluster_id, "label": sentence[:500], "created_at": created})
                    cluster_of_text[sentence] = cluster_id
                    claims[first - 1]["cluster_id"] = cluster_id
            reached = ORDER.index(state) if state != "dismissed" else -1
            due = now + datetime.timedelta(hours=rng.randint(-72, 240)) if 1 <= reached <= 4 else None
            claims.append(
                {
                    "id": claim_id,
                    "article_id": article_id,
                    "text": sentence,
                    "start": start,
                    "end": end,
                    "context": _paragraph(text, start, end),
                    "score": round(rng.uniform(0.5, 0.99), 4),
                    "claim_type": _claim_type(sentence),
                    "speaker": speaker,
                    "state": state,
                    "priority": rng.choice([1, 2, 3, 3, 3, 4]),
                    "due_at": due,
                    "dismiss_reason": "not_check_worthy" if state == "dismissed" else "",
                    "cluster_id": cluster_id,
                    "archived_match_id": None,
                    "match_score": None,
                    "version": 1 + max(reached, 0) + (state == "dismissed"),
                    "created_at": created,
                    "updated_at": created,
                }
            )
            if state == "dismissed":
                audit.append(
                    {
                        "actor_id": editor.pk,
                        "action": "claim.dismiss",
                        "content_type_id": ct_claim,
                        "object_id": str(claim_id),
                        "claim_id": claim_id,
                        "from_state": "new",
                        "to_state": "dismissed",
                        "note": "Not check-worthy.",
                        "data": {},
                        "created_at": created,
                    }
                )
                continue
            if reached < 1:
                continue
            reviewer = rng.choice(reviewers)
            finished = reached >= ORDER.index("published")
            assignments.append(
                {
                    "id": len(assignments) + 1,
                    "claim_id": claim_id,
                    "reviewer_id": reviewer.pk,
                    "assigned_by_id": editor.pk,
                    "assigned_at": created,
                    "due_at": due,
                    "role": "lead",
                    "state": "completed" if finished else "active",
                    "finished_at": created if finished else None,
                }
            )
            previous = "new"
            for step in ORDER[1 : reached + 1]:
                audit.append(
                    {
                        "actor_id": editor.pk
                        if step in ("assigned", "approved", "published", "retracted")
                        else reviewer.pk,
                        "action": ACTIONS[step],
                        "content_type_id": ct_claim,
                        "object_id": str(claim_id),
                        "claim_id": claim_id,
                        "from_state": previous,
                        "to_state": step,
                        "note": "",
                        "data": {},
                        "created_at": created,
                    }
                )
                previous = step
            if reached < ORDER.index("in_review"):
                continue
            verdict_id += 1
            rating = rng.choice(ratings)
            public = reached >= ORDER.index("published")
            slug = f"{slugify(sentence[:60])}-{claim_id}" if public else None
            published_at = now - datetime.timedelta(minutes=(n_claims - claim_id)) if public else None
            if public and state == "published":
                slugs.append(slug)
            verdicts.append(
                {
                    "id": verdict_id,
                    "claim_id": claim_id,
                    "rating_id": rating.pk,
                    "headline": f"{speaker or 'A report'} on {sentence[:120]}",
                    "summary": (
                        f"{rating.label}: the figures quoted do not match the {rng.choice(corpus.CENTRES)} records."
                    ),
                    "explanation": _explanation(rng, sentence, speaker),
                    "author_id": reviewer.pk,
                    "editor_id": editor2.pk if reached >= ORDER.index("approved") else None,
                    "version": 3,
                    "slug": slug,
                    "published_rating": {
                        "label": rating.label,
                        "value": rating.value,
                        "best": best,
                        "worst": worst,
                        "colour": rating.colour,
                        "slug": rating.slug,
                        "scale": scale.slug,
                        "scale_name": scale.name,
                    }
                    if public
                    else None,
                    "published_at": published_at,
                    "modified_at": published_at,
                    "retracted_at": now if state == "retracted" else None,
                    "retraction_reason": "The source withdrew its figures." if state == "retracted" else "",
                    "created_at": created,
                    "updated_at": created,
                }
            )
            for _ in range(rng.randint(2, 3)):
                evidence.append(
                    {
                        "id": len(evidence) + 1,
                        "verdict_id": verdict_id,
                        "url": f"https://evidence.example.org/{verdict_id}/{len(evidence)}",
                        "title": f"Annual report of the {rng.choice(corpus.CENTRES)}",
                        "publisher": "Ministry of Health",
                        "quote": sentence[:200],
                        "stance": rng.choice(["supports", "refutes", "context"]),
                        "accessed_on": created.date(),
                        "link_status": "ok",
                        "checked_at": created,
                        "added_by_id": reviewer.pk,
                        "created_at": created,
                        "updated_at": created,
                    }
                )
            if public:
                audit.append(
                    {
                        "actor_id": editor.pk,
                        "action": "verdict.publish",
                        "content_type_id": ct_verdict,
                        "object_id": str(verdict_id),
                        "claim_id": claim_id,
                        "from_state": "approved",
                        "to_state": "published",
                        "note": "",
                        "data": {"slug": slug},
                        "created_at": created,
                    }
                )
    for number, row in enumerate(audit, start=1):
        row["id"] = number
    generated = time.perf_counter()
    steps: dict[str, float] = {"generate": generated - started}
    # The code the pipeline stores beside every claim it links. Without them the desk is one no worker leaves
    # behind: a new claim repeating a loaded one word for word is encoded again instead of taking the stored
    # code, and every match against a loaded claim is scored on tf-idf alone. The generated articles repeat their
    # sentences (113,004 distinct texts in a million claims), so each distinct text is encoded once.
    codes = embedding_codes(list(first_by_text))
    for row in claims:
        row["embedding"] = codes[row["text"]]
    encoded = time.perf_counter()
    steps["embedding codes"] = encoded - generated
    log(f"  load: embedding codes of {len(codes):,} distinct claim texts {encoded - generated:.1f}s")
    generated = encoded

    if connection.vendor == "postgresql":
        _write_postgresql(
            steps,
            log,
            archived=_archived_rows(rng, now),
            articles=articles,
            clusters=clusters,
            claims=claims,
            assignments=assignments,
            verdicts=verdicts,
            evidence=evidence,
            audit=audit,
        )
    else:
        with transaction.atomic():
            for model, rows in (
                (ArchivedFactCheck, _archived_rows(rng, now)),
                (Article, articles),
                (ClaimCluster, clusters),
                (Claim, claims),
                (Assignment, assignments),
                (Verdict, verdicts),
                (EvidenceLink, evidence),
                (AuditEvent, audit),
            ):
                _writer(model, rows)
        steps["write"] = time.perf_counter() - generated
    elapsed = time.perf_counter() - started
    log(
        f"  loaded {len(claims):,} claims in {len(articles):,} articles, {len(verdicts):,} verdicts "
        f"({len(slugs):,} published), {len(evidence):,} evidence links, {len(audit):,} audit rows, "
        f"{len(clusters):,} clusters in {elapsed:.1f}s ("
        + ", ".join(f"{name} {seconds:.1f}s" for name, seconds in steps.items())
        + ")"
    )
    return Loaded(
        claims=len(claims),
        articles=len(articles),
        verdicts=len(verdicts),
        published=len(slugs),
        evidence=len(evidence),
        audit=len(audit),
        clusters=len(clusters),
        seconds=elapsed,
        steps=steps,
        editor_id=editor.pk,
        published_slugs=slugs,
    )


def save_record(loaded: Loaded, path: Path) -> None:
    """Keep what a load made beside its database, so a later run can measure the same data again without loading
    it (``run.py --reuse-load``: a million claims take many minutes to load)."""
    path.write_text(json.dumps(dataclasses.asdict(loaded)))


def read_record(path: Path) -> Loaded | None:
    """The load ``save_record`` kept, or None when there is none."""
    try:
        return Loaded(**json.loads(path.read_text()))
    except (OSError, ValueError, TypeError):
        return None


def json_default(value):
    if isinstance(value, datetime.datetime | datetime.date):
        return value.isoformat()
    raise TypeError(type(value))


def dumps(rows: Iterable[dict]) -> str:
    return json.dumps(list(rows), default=json_default)
