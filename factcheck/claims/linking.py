"""Linking each new claim to the same claim seen before: clusters across articles, and "already checked".

Each worker process keeps one in-memory ``ClaimMatcher`` over every stored claim and archived fact-check,
topped up incrementally from the database (rows with a higher id than it has seen). Linking runs inside
the article's final transaction under a database-wide lock, so two workers finishing at the same time
still see each other's claims.
"""
from __future__ import annotations

import threading

from django.db import connection

from factcheck.extraction import MATCH_THRESHOLD, ClaimMatcher

from .models import ArchivedFactCheck, Claim, ClaimCluster

_LOCK_KEY = 0x46D_11C  # arbitrary, stable: "Factdesk linking"


class _Index:
    """The process-wide matcher and the highest ids it holds, so refreshing loads only new rows."""

    def __init__(self):
        self.matcher = ClaimMatcher()
        self.last_claim_id = 0
        self.last_archive_id = 0
        self.lock = threading.Lock()

    def refresh(self) -> None:
        new_claims = Claim.objects.filter(pk__gt=self.last_claim_id).order_by("pk").values_list("pk", "text")
        for pk, text in new_claims.iterator(chunk_size=2000):
            self.matcher.add(("claim", pk), text)
            self.last_claim_id = pk
        new_archive = (
            ArchivedFactCheck.objects.filter(pk__gt=self.last_archive_id).order_by("pk").values_list("pk", "claim_text")
        )
        for pk, text in new_archive.iterator(chunk_size=2000):
            self.matcher.add(("archive", pk), text)
            self.last_archive_id = pk


_index = _Index()


def reset_index() -> None:
    """Forget the in-memory index (tests, or after a bulk delete)."""
    global _index
    _index = _Index()


def _serialize_linking() -> None:
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_LOCK_KEY])
    # SQLite already serialises writers.


def link_claims(claims: list[Claim]) -> int:
    """Cluster ``claims`` with matching claims of other articles and flag archive matches.

    Must run inside the transaction that stored ``claims``. Returns how many claims were linked.
    """
    if not claims:
        return 0
    _serialize_linking()
    own_ids = {c.pk for c in claims}
    article_ids = {c.article_id for c in claims}
    linked = 0
    with _index.lock:
        _index.refresh()
        for claim in claims:
            best_archive, best_claim = None, None
            for match in _index.matcher.query(claim.text, top=8, min_score=MATCH_THRESHOLD):
                kind, pk = match.key
                if kind == "archive" and best_archive is None:
                    best_archive = (pk, match.score)
                elif kind == "claim" and pk not in own_ids and best_claim is None:
                    best_claim = pk
            if best_claim is not None and _join_cluster(claim, best_claim, article_ids):
                linked += 1
            if best_archive is not None:
                claim.archived_match_id, claim.match_score = best_archive
                claim.save(update_fields=["archived_match", "match_score", "updated_at"])
                linked += 1
    return linked


def _join_cluster(claim: Claim, other_id: int, article_ids: set[int]) -> bool:
    other = Claim.objects.select_related("cluster").filter(pk=other_id).exclude(article_id__in=article_ids).first()
    if other is None:
        return False
    cluster = other.cluster
    if cluster is None:
        cluster = ClaimCluster.objects.create(label=other.text[:500])
        other.cluster = cluster
        other.save(update_fields=["cluster", "updated_at"])
    claim.cluster = cluster
    claim.save(update_fields=["cluster", "updated_at"])
    return True
