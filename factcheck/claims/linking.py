"""Linking each new claim to the same claim seen before: clusters across articles, and "already checked".

Each worker process keeps one ``MatchIndex`` (``factcheck.extraction.matchindex``: ``ClaimMatcher``'s scores
in bounded memory) over every stored claim and archived fact-check, topped up incrementally from the database
(rows with a higher id than it has seen). The texts and their embedding codes stay in the database
(``Claim.embedding``, ``ArchivedFactCheck.embedding``): a claim is encoded once, when it is linked, and an
archived fact-check by the first worker that reads it. This module is the database side only.

The desk's own published fact-checks are in the archive too (``archive.archive_published``, called by
publishing), so a new claim repeating one is "already checked" and links to it like an imported one.
A pair an editor dismissed (``MatchDismissal``) is never linked again: that archived fact-check, that
claim, or that claim's cluster.

Linking an article is two steps, so the database-wide lock is held only briefly:

1. ``prematch(texts)``, outside any transaction: the article's sentences against the index as it stands.
2. ``link_claims(claims, prematched)``, inside the article's final transaction, *before* its claims are
   inserted:
   it takes the lock (``serialize_linking``), tops the index up with what other workers committed since
   step 1 (a handful of rows), scores the sentences against just those rows, and the best match of either
   step wins; the claims are then inserted with their cluster and archive match already set. Because every
   claim insert happens under the lock, ids are committed in order, so "rows with a higher id than seen"
   never skips a row that a slower transaction committed later.

Clusters and archive links cost a fixed number of queries per article (a new cluster also updates the
earlier claim that starts it).
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db import connection
from django.utils import timezone

from factcheck.extraction.types import Match

from .models import ArchivedFactCheck, Claim, ClaimCluster, MatchDismissal

if TYPE_CHECKING:
    from factcheck.extraction.matchindex import Key, Stored

# The index, the encoder and the matchers' threshold are imported where they are used: the desk's services
# import this module at ``django.setup()``, and a web process that never links must not load NumPy, SciPy
# and the index code for it (a worker imports them with its first article).

_LOCK_KEY = 0x46D_11C  # arbitrary, stable: "Factdesk linking"
#: Best matches kept per claim from each step (the best claim of another article, and the best archive).
_TOP = 4
#: Rows read per query when the index tops up; a multiple of ``MatchIndex.ADD_CHUNK`` (so a bulk read is
#: sampled in the same chunks however it is paged) and small enough that a page's rows are a few MB.
_REFRESH_CHUNK = 5_000


_SOURCES = (("claim", Claim, "text"), ("archive", ArchivedFactCheck, "claim_text"))


def _fetch_stored(keys: list[Key]) -> dict[Key, Stored]:
    """Texts and embedding codes of stored claims and archived fact-checks, by key: one plain query per kind."""
    stored: dict[Key, Stored] = {}
    for kind, model, field in _SOURCES:
        ids = [pk for k, pk in keys if k == kind]
        if not ids:
            continue
        table, column = model._meta.db_table, model._meta.get_field(field).column
        select = f'SELECT "id", "{column}", "embedding" FROM "{table}"'  # noqa: S608 (names from the model)
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                cursor.execute(f'{select} WHERE "id" = ANY(%s)', [ids])
            else:
                cursor.execute(f'{select} WHERE "id" IN ({", ".join(["%s"] * len(ids))})', ids)
            stored.update(((kind, pk), (text, code)) for pk, text, code in cursor.fetchall())
    return stored


class _Index:
    """The process-wide matcher and the highest ids it holds, so refreshing loads only new rows."""

    def __init__(self):
        from factcheck.extraction.embedding import default_encoder
        from factcheck.extraction.matchindex import MatchIndex

        self.matcher = MatchIndex(fetch_texts=_fetch_stored, encoder=default_encoder())
        self.last_claim_id = 0
        self.last_archive_id = 0
        self.lock = threading.Lock()

    def refresh(self, archive: bool = True) -> list[Key]:
        """Add the rows stored since the last refresh (archived fact-checks too unless ``archive`` is false:
        they arrive by import, rarely, and ``prematch`` reads them); returns their keys.

        Read in keyset pages of ``_REFRESH_CHUNK`` rows. A top-up is a few rows (an article's worth), which the
        index caches with their embedding codes as the likeliest next matches, so the first page brings the codes.
        A full first page means a bulk read (a worker's first, 100,000s of rows), whose codes the index does not
        keep: later pages leave them out (384 bytes a row, 38 MB at 100,000 claims, fetched to be thrown away), but
        for a last page small enough to be cached whole. Archived fact-checks always bring theirs, to encode
        those that came without one.
        """
        added: list[Key] = []
        sources = [("claim", Claim, "text", "last_claim_id")]
        if archive:
            sources.append(("archive", ArchivedFactCheck, "claim_text", "last_archive_id"))
        for kind, model, field, last in sources:
            codes_needed = True
            while True:  # keyset pages: one plain query when little is new (no server-side cursor)
                newer = model.objects.filter(pk__gt=getattr(self, last)).order_by("pk")
                rows = list(
                    newer.values_list(*(("pk", field, "embedding") if codes_needed else ("pk", field)))[:_REFRESH_CHUNK]
                )
                if not codes_needed and len(rows) <= self.matcher.CACHE_ADDS_UP_TO:
                    # The tail of a bulk read, small enough to be cached whole as the newest rows: with codes.
                    rows = list(newer.values_list("pk", field, "embedding")[:_REFRESH_CHUNK])
                    codes_needed = True
                batch = [((kind, row[0]), row[1], row[2] if codes_needed else None) for row in rows]
                if kind == "archive":
                    _embed_missing(batch)
                self._add(batch, last, added)
                if len(batch) < _REFRESH_CHUNK:
                    break
                codes_needed = kind == "archive"  # a full page of claims: a bulk read follows
        return added

    def _add(self, batch: list[tuple[Key, str, bytes | None]], last: str, added: list[Key]) -> None:
        if batch:
            self.matcher.add_many(batch)
            setattr(self, last, batch[-1][0][1])
            added.extend(key for key, _, _ in batch)


def _embed_missing(batch: list[tuple[Key, str, bytes | None]]) -> None:
    """Encode the archived fact-checks of ``batch`` that have no embedding yet and store it (imports and the
    desk's own publications write rows without one, so web processes never load the encoder)."""
    missing = [i for i, (_, _, code) in enumerate(batch) if code is None]
    if not missing:
        return
    from factcheck.extraction.embedding import code_bytes, default_encoder

    vectors = default_encoder().encode([batch[i][1] for i in missing])
    rows = []
    for i, vector in zip(missing, vectors, strict=True):
        key, text, _ = batch[i]
        code = code_bytes(vector)
        batch[i] = (key, text, code)
        rows.append(ArchivedFactCheck(pk=key[1], embedding=code))
    ArchivedFactCheck.objects.bulk_update(rows, ["embedding"], batch_size=500)


_index: _Index | None = None
_index_lock = threading.Lock()


def _current() -> _Index:
    """This process's index, made on first use (so importing this module loads no model)."""
    global _index
    if _index is None:
        with _index_lock:
            if _index is None:
                _index = _Index()
    return _index


def reset_index() -> None:
    """Forget the in-memory index (tests, or after a bulk delete)."""
    global _index
    with _index_lock:
        _index = None


def serialize_linking() -> None:
    """Take the database-wide linking lock until the current transaction ends (PostgreSQL).

    Call it inside the transaction *before* inserting claims. SQLite already serialises writers.
    """
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_LOCK_KEY])


def nearest(text: str, *, top: int, min_score: float = 0.0) -> list[Match]:
    """The stored claims and archived fact-checks most like ``text``, best first (keys ``("claim", pk)``
    or ``("archive", pk)``), from this process's index topped up from the database first."""
    index = _current()
    with index.lock:
        index.refresh()
        return index.matcher.query(text, top=top, min_score=min_score)


@dataclass
class Prematch:
    """Step 1's matches for an article's sentences, by text, how far the index had read then, and the
    sentences' embedding codes (stored with the claims, so they are never encoded again)."""

    matches: dict[str, list[Match]]
    watermark: tuple[int, int]
    codes: dict[str, bytes | None]


def prematch(texts: list[str]) -> Prematch:
    """Match ``texts`` against the index as committed now; no lock, no transaction needed.

    Hand the result to ``link_claims`` inside the transaction that stores the claims.
    """
    from factcheck.extraction.matching import MATCH_THRESHOLD

    unique = list(dict.fromkeys(texts))
    index = _current()
    with index.lock:
        index.refresh()
        found = index.matcher.query_many(unique, top=_TOP, min_score=MATCH_THRESHOLD) if unique else []
        codes = dict(zip(unique, index.matcher.codes(unique), strict=True))
        return Prematch(dict(zip(unique, found, strict=True)), (index.last_claim_id, index.last_archive_id), codes)


def link_claims(claims: list[Claim], prematched: Prematch | None = None) -> int:
    """Cluster ``claims`` with matching claims of other articles and flag archive matches.

    ``claims`` are either about to be stored (no pk yet: their cluster, archive match and embedding are
    set, and the caller inserts them, in this transaction, after this call) or already stored in this
    transaction (they are updated). Either way it takes the linking lock first (``serialize_linking``).
    ``prematched`` (this process's ``prematch`` of the same texts) is used when nothing was read into the
    index since; otherwise the claims are matched from scratch. Returns how many claims were linked.
    """
    if not claims:
        return 0
    from factcheck.extraction.matching import MATCH_THRESHOLD

    serialize_linking()  # a no-op when the caller already holds it
    own = {("claim", c.pk) for c in claims if c.pk is not None}
    article_ids = {c.article_id for c in claims}
    texts = list(dict.fromkeys(c.text for c in claims))
    index = _current()
    with index.lock:
        codes = (
            prematched.codes
            if prematched is not None and all(t in prematched.codes for t in texts)
            else dict(zip(texts, index.matcher.codes(texts), strict=True))
        )
        for claim in claims:
            if claim.pk is None and codes.get(claim.text) is not None:
                claim.embedding = codes[claim.text]
        if prematched is not None and (
            prematched.watermark != (index.last_claim_id, index.last_archive_id)
            or any(text not in prematched.matches for text in texts)
        ):
            prematched = None  # the index read more rows since (or other texts): those matches may be stale
        added = index.refresh(archive=prematched is None)
        if prematched is None:
            found = index.matcher.query_many(texts, top=_TOP + len(own), min_score=MATCH_THRESHOLD)
            by_text = dict(zip(texts, found, strict=True))
        else:
            fresh = [key for key in added if key not in own]
            late = (
                index.matcher.query_many(texts, top=_TOP, min_score=MATCH_THRESHOLD, only=fresh)
                if fresh
                else [[] for _ in texts]
            )
            by_text = {
                text: sorted([*prematched.matches.get(text, []), *extra], key=lambda m: -m.score)
                for text, extra in zip(texts, late, strict=True)
            }
    return _write_links(claims, by_text, own, article_ids)


def _write_links(claims: list[Claim], by_text: dict[str, list[Match]], own: set[Key], article_ids: set[int]) -> int:
    """Join clusters and record archive matches in a fixed number of queries."""
    candidate_ids = {
        m.key[1] for matches in by_text.values() for m in matches if m.key[0] == "claim" and m.key not in own
    }
    others = (
        {
            row["pk"]: row
            for row in Claim.objects.filter(pk__in=candidate_ids)
            .exclude(article_id__in=article_ids)
            .values("pk", "cluster_id", "text")
        }
        if candidate_ids
        else {}
    )
    dismissed = _dismissed(claims, others)
    now = timezone.now()
    joins: dict[int, int] = {}  # position of our claim -> the pk of the other claim it repeats
    changed: list[Claim] = []
    linked = 0
    for position, claim in enumerate(claims):
        matches = [m for m in by_text.get(claim.text, []) if (claim.pk, m.key) not in dismissed]
        archive = next((m for m in matches if m.key[0] == "archive"), None)
        other = _joined(matches, others)
        if other is not None:
            joins[position] = other
        if archive is not None:
            claim.archived_match_id, claim.match_score = archive.key[1], archive.score
            changed.append(claim)
            linked += 1
    if joins:
        need = {other for other in joins.values() if others[other]["cluster_id"] is None}
        created = ClaimCluster.objects.bulk_create([ClaimCluster(label=others[pk]["text"][:500]) for pk in need])
        new_cluster = dict(zip(need, (c.pk for c in created), strict=True))
        cluster_updates = [Claim(pk=pk, cluster_id=cid, updated_at=now) for pk, cid in new_cluster.items()]
        for pk, cid in new_cluster.items():
            others[pk]["cluster_id"] = cid
        _bulk_set(cluster_updates, ["cluster_id", "updated_at"])
        for position, other in joins.items():
            claims[position].cluster_id = others[other]["cluster_id"]
            if not any(claims[position] is c for c in changed):
                changed.append(claims[position])
            linked += 1
    stored = [claim for claim in changed if claim.pk is not None]  # unsaved claims are inserted as they are
    if stored:
        for claim in stored:
            claim.updated_at = now
        _bulk_set(stored, ["cluster_id", "archived_match_id", "match_score", "updated_at"])
    return linked


def _joined(matches: list[Match], others: dict[int, dict]) -> int | None:
    """The claim of another article a claim joins: its best match, and among matches scoring the same (copies
    of one sentence, word for word) one already in a cluster, so that a repeat never starts a second cluster of
    the same sentence beside the first."""
    eligible = [m for m in matches if m.key[0] == "claim" and m.key[1] in others]
    if not eligible:
        return None
    tied = [m.key[1] for m in eligible if m.score == eligible[0].score]
    return next((pk for pk in tied if others[pk]["cluster_id"] is not None), tied[0])


def _dismissed(claims: list[Claim], others: dict[int, dict]) -> set[tuple[int, Key]]:
    """(claim pk, key) pairs editors marked as wrong for the stored ``claims``: the archived fact-check, the
    other claim, and every claim in that other claim's cluster (joining it would group the pair again)."""
    stored = [c.pk for c in claims if c.pk is not None]
    if not stored:
        return set()
    pairs: set[tuple[int, Key]] = set()
    clusters: dict[int, set[int]] = {}
    for claim_id, archived_id, other_id, other_cluster in MatchDismissal.objects.filter(
        claim_id__in=stored
    ).values_list("claim_id", "archived_id", "other_claim_id", "other_claim__cluster_id"):
        if archived_id is not None:
            pairs.add((claim_id, ("archive", archived_id)))
        if other_id is not None:
            pairs.add((claim_id, ("claim", other_id)))
            if other_cluster is not None:
                clusters.setdefault(claim_id, set()).add(other_cluster)
    for claim_id, cluster_ids in clusters.items():
        pairs.update((claim_id, ("claim", pk)) for pk, row in others.items() if row["cluster_id"] in cluster_ids)
    return pairs


def _bulk_set(claims: list[Claim], attnames: list[str]) -> None:
    """Write ``attnames`` of ``claims`` in one statement (``bulk_update``'s CASE expressions cost more Python
    than the update itself: ~1 ms a row). PostgreSQL: ``UPDATE ... FROM (VALUES ...)``."""
    if not claims:
        return
    if connection.vendor != "postgresql":
        Claim.objects.bulk_update(claims, [a.removesuffix("_id") for a in attnames])
        return
    meta = Claim._meta
    fields = [meta.get_field(a.removesuffix("_id")) for a in attnames]
    columns = [f.column for f in fields]
    types = [f.db_type(connection) if not f.is_relation else f.target_field.rel_db_type(connection) for f in fields]
    row = "(" + ", ".join(["%s::bigint", *(f"%s::{t}" for t in types)]) + ")"
    params = [value for claim in claims for value in (claim.pk, *(getattr(claim, a) for a in attnames))]
    names = ", ".join(f'"{c}"' for c in columns)
    assignments = ", ".join(f'"{c}" = v."{c}"' for c in columns)
    # Table and column names come from the model; every value is a bound parameter.
    values = ", ".join([row] * len(claims))
    sql = f'UPDATE {meta.db_table} AS c SET {assignments} FROM (VALUES {values}) AS v("id", {names}) '  # noqa: S608
    sql += 'WHERE c."id" = v."id"'

    with connection.cursor() as cursor:
        cursor.execute(sql, params)
