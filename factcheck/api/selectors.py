"""Reads the API needs on top of ``workflows.selectors`` and ``factcheck.publishing.selectors``.

Visibility is decided by ``workflows.permissions`` (VIEW_VERDICT) exactly as the admin decides it: a draft
the caller may not see is "not found" (404), never "forbidden".
"""

from __future__ import annotations

import datetime
import functools
from dataclasses import dataclass
from typing import cast

from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.contrib.postgres.fields import ArrayField
from django.db import connection
from django.db.models import CharField, JSONField, Prefetch, QuerySet, Value
from django.db.models.expressions import RawSQL
from django.db.models.functions import Coalesce
from django.utils.translation import gettext
from taggit.models import Tag, TaggedItem

from factcheck.actor import Actor
from factcheck.articles.models import Article
from factcheck.audit.models import AuditEvent
from factcheck.claims import linking
from factcheck.claims.models import TAG_NAMES_ATTR, ArchivedFactCheck, Assignment, Claim
from factcheck.extraction import MATCH_THRESHOLD
from factcheck.publishing import selectors as public_selectors
from factcheck.verdicts.models import EvidenceLink, Verdict
from workflows import claim_page, history, permissions, selectors
from workflows.actions import Action
from workflows.exceptions import NotVisible

# Claims without a due date sort after every dated one (ascending), and keyset pagination needs a non-null key.
NO_DUE_DATE = datetime.datetime(9999, 12, 31, tzinfo=datetime.UTC)


# Columns a list row never shows: the article's texts and the claim's paragraph are most of a row's bytes, and
# every column loaded is decoded and set on an instance for each row (a time stamp is parsed in Python).
# Deferred rather than listing what is shown, so a field added to the list is loaded, never a query per row.
LIST_DEFERRED = (
    "context",
    "start",
    "end",
    "source_url",
    "source_description",
    "match_score",
    "score_signals",
)
# The article as a list row shows it (``serializers.ArticleRefOut``); a test keeps the two the same.
LIST_ARTICLE_FIELDS = ("id", "title", "publisher", "url", "published_at")


def _article_deferred() -> list[str]:
    """Every article column but the row's (texts, status, bookkeeping), as ``defer`` paths."""
    return [
        f"article__{field.name}"
        for field in Article._meta.concrete_fields
        if field.name not in LIST_ARTICLE_FIELDS and field.attname not in LIST_ARTICLE_FIELDS
    ]


def _listed_assignees() -> RawSQL:
    """Who a row lists as assignees, read inside the page's query as JSON, in the assignments' own order (due
    first): ``[{"reviewer": {"id": 3, "username": "ana"}, "role": "lead"}]``, the shape the list's serializer
    reads of an Assignment."""
    sql = (
        "(SELECT COALESCE(jsonb_agg(jsonb_build_object('reviewer', jsonb_build_object('id', u.id, 'username', "  # noqa: S608
        "u.username), 'role', a.role) ORDER BY a.due_at, a.assigned_at, a.id), '[]'::jsonb) "
        f"FROM {Assignment._meta.db_table} a JOIN {get_user_model()._meta.db_table} u ON u.id = a.reviewer_id "
        f"WHERE a.claim_id = {Claim._meta.db_table}.id AND a.state = %s)"
    )
    # The SQL is this module's, from model names; the state travels as a parameter.
    return RawSQL(sql, [Assignment.State.ACTIVE.value], output_field=JSONField())  # noqa: S611


def _listed_tag_names() -> RawSQL:
    """The claim's tag names, read inside the page's query (``Claim.tag_names`` puts them in order)."""
    sql = (
        f"ARRAY(SELECT t.name FROM {TaggedItem._meta.db_table} i JOIN {Tag._meta.db_table} t ON t.id = i.tag_id "  # noqa: S608
        f"WHERE i.object_id = {Claim._meta.db_table}.id AND i.content_type_id = "
        f"(SELECT id FROM {ContentType._meta.db_table} WHERE app_label = %s AND model = %s))"
    )
    return RawSQL(sql, [Claim._meta.app_label, Claim._meta.model_name], output_field=ArrayField(CharField()))  # noqa: S611


def claim_list() -> QuerySet[Claim]:
    """Claims with what a list row shows: the article, the active assignees and the tags, in one query.

    Why subqueries and not ``prefetch_related``: a page then costs one round trip and one statement, and no
    model instance or taggit manager per assignment and tag; the prefetches were most of what the list cost
    over the floor of the same rows read with plain SQL (``make bench``: api_p50_ratio_to_raw). Written as SQL:
    the ORM took longer to compile the two subqueries (JSON objects, joins) than the database to run them.
    The claims table is named as is (``claims_claim.id``): the annotations are for this list's own query.
    The queryset is built once per process and database (building it is a third of a millisecond of clones,
    on every request) and handed out as a fresh copy.
    """
    return _claim_list(connection.vendor).all()


@functools.cache
def _claim_list(vendor: str) -> QuerySet[Claim]:
    claims = (
        Claim.objects.select_related("article")
        .defer(*LIST_DEFERRED, *_article_deferred())
        .annotate(due_sort=Coalesce("due_at", Value(NO_DUE_DATE)))
    )
    if vendor != "postgresql":  # the embedded database (SQLite): the same rows, prefetched
        return claims.prefetch_related(_active_assignees(), "tags")  # type: ignore[misc]  # taggit prefetches
    return claims.annotate(listed_assignees=_listed_assignees(), **{TAG_NAMES_ATTR: _listed_tag_names()})


class ClaimRow:
    """A claim list row read as plain values: what ``ClaimListOut`` shows of a claim, without a model instance.

    Why: making two model instances per row (the claim and its article) was the largest part of what the list
    cost over the floor of the same rows read with plain SQL. The claim's derived values are Claim's own
    properties, borrowed, so a row and an instance cannot disagree; the article is a dict (``article.title``).
    """

    reviewed_text = Claim.reviewed_text
    is_overdue = Claim.is_overdue
    tag_names = Claim.tag_names


# The columns a row carries: the claim's (as ``claim_list`` loads them), the list's own annotations, the
# cursor's sort key for due dates, and the article's (``article__<name>``, gathered into ``article``).
ROW_COLUMNS = (
    "id",
    "text",
    "claim_reviewed",
    "speaker",
    "claim_date",
    "appearance_url",
    "origin",
    "claim_type",
    "score",
    "score_basis",
    "language",
    "state",
    "priority",
    "due_at",
    "due_sort",
    "dismiss_reason",
    "version",
    "cluster_id",
    "archived_match_id",
    "created_at",
    "updated_at",
    "listed_assignees",
    TAG_NAMES_ATTR,
)
_ARTICLE_COLUMNS = tuple(f"article__{name}" for name in LIST_ARTICLE_FIELDS)


def claim_list_values(claims: QuerySet[Claim]) -> QuerySet:
    """The filtered, ordered ``claim_list`` as dicts of the row's columns (``claim_rows`` turns a page of them
    into rows); on SQLite, where the assignees and tags are prefetched onto instances, the claims as they are."""
    if connection.vendor != "postgresql":
        return claims
    return claims.values(*ROW_COLUMNS, *_ARTICLE_COLUMNS)


def claim_rows(page: list) -> list:
    """A page of ``claim_list_values`` as rows the list's serializer reads like claims."""
    rows = []
    for values in page:
        if not isinstance(values, dict):  # an instance (SQLite)
            rows.append(values)
            continue
        row = ClaimRow()
        row.__dict__ = values
        values["article"] = {name: values.pop(f"article__{name}") for name in LIST_ARTICLE_FIELDS}
        rows.append(row)
    return rows


def _active_assignees() -> Prefetch:
    """The assignees as ``_listed_assignees`` gives them, as Assignment rows (with the reviewer's name)."""
    return Prefetch(
        "assignments",
        queryset=Assignment.objects.filter(state=Assignment.State.ACTIVE)
        .select_related("reviewer")
        .only("claim_id", "role", "reviewer_id", "reviewer__username")
        .order_by("due_at", "assigned_at", "id"),  # as ``_listed_assignees``: the assignments' own order
        to_attr="listed_assignees",
    )


def get_claim(claim_id: int, claims: QuerySet[Claim] | None = None) -> Claim:
    return claim_page.get_claim(claim_id, claims)


def claim_detail(user: Actor, claim_id: int) -> claim_page.ClaimPage:
    """One claim as its page shows it: the same selector the admin's claim page reads."""
    return claim_page.claim_page(user, claim_id)


def verdict_with_evidence(user: Actor, claim_id: int) -> Verdict:
    """The claim's verdict with its evidence and corrections, or NotVisible (no such claim, no verdict yet,
    or a draft the caller may not see).

    The claim is read with its verdict (rating and people) in one query, and without its article: the
    permission needs the claim's state and assignments only, and the article's texts are most of a claim
    page's row. The evidence and corrections are then prefetched onto that same verdict, not read again."""
    claim = get_claim(claim_id, Claim.objects.select_related("verdict__rating", "verdict__author", "verdict__editor"))
    verdict = selectors.verdict_for(user, claim)
    if verdict is None:
        raise NotVisible(gettext("This claim has no verdict yet: the assigned reviewer starts one with /start/."))
    return with_evidence(verdict)


# What ``VerdictDetailOut`` reads of a verdict beside its own row: its reverse relations, by related name.
VERDICT_LISTS = ("evidence", "corrections")


def with_evidence(verdict: Verdict) -> Verdict:
    """``verdict`` with its evidence and corrections read (two queries) and kept where ``prefetch_related``
    keeps them, as ``VerdictDetailOut`` reads it. Each is read through the verdict's own manager (the same rows,
    in the model's order, each link already pointing at this verdict): for one verdict, the lookup resolution
    of ``prefetch_related_objects`` was an eighth of the two reads' cost, on both draft steps."""
    cache = verdict.__dict__.setdefault("_prefetched_objects_cache", {})
    for name in VERDICT_LISTS:
        if name not in cache:
            rows = getattr(verdict, name).all()
            list(rows)  # evaluated now, kept with the queryset as a prefetch keeps it
            cache[name] = rows
    return verdict


def visible_evidence(user: Actor, claim_id: int) -> list[EvidenceLink]:
    """The claim's evidence links, oldest first; NotVisible when the caller may not see its draft."""
    claim = get_claim(claim_id)
    verdict = selectors.verdict_for(user, claim)
    if verdict is None:
        return []
    return list(verdict.evidence.order_by("created_at", "id"))


def visible_evidence_link(user: Actor, evidence_id: int) -> EvidenceLink:
    """One evidence link, if the caller may see the draft it belongs to (else NotVisible, a 404)."""
    link = EvidenceLink.objects.select_related("verdict__claim").filter(pk=evidence_id).first()
    if link is None:
        raise NotVisible(gettext("There is no evidence link %(id)s.") % {"id": evidence_id})
    permissions.check(user, Action.VIEW_VERDICT, link.verdict.claim)
    return link


def claim_history(user: Actor, claim_id: int) -> list[AuditEvent]:
    """The claim's history as ``user`` may read it, newest first, in sentences; details of a draft they may
    not see are removed."""
    return history.claim_history(user, get_claim(claim_id))


def published_verdict(verdict_id: int) -> Verdict:
    """A verdict as a publish/correct answer shows it: the public page's rows in a fixed number of queries."""
    return Verdict.objects.select_related("claim", "rating").prefetch_related("corrections").get(pk=verdict_id)


# --- matches -------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class SimilarItem:
    kind: str  # "claim" or "archived"
    score: float
    same_claim: bool
    claim: Claim | None = None
    fact_check: Verdict | None = None
    archived: ArchivedFactCheck | None = None


def similar(text: str, *, top: int, min_score: float = 0.0) -> list[SimilarItem]:
    """The ``top`` stored claims and archived fact-checks most like ``text``, best first, through the same
    in-process matcher that clusters claims at ingest (topped up from the database first). A claim whose
    fact-check is public carries it, so "already checked" is one look."""
    matches = linking.nearest(text, top=top, min_score=max(min_score, 1e-9))
    keys = [cast(tuple[str, int], m.key) for m in matches]  # linking keys its matcher by (kind, id)
    claim_ids = [pk for kind, pk in keys if kind == "claim"]
    archive_ids = [pk for kind, pk in keys if kind == "archive"]
    claims = Claim.objects.select_related("article").in_bulk(claim_ids)
    archived = ArchivedFactCheck.objects.in_bulk(archive_ids)
    public = {v.claim_id: v for v in public_selectors.public_verdicts().filter(claim_id__in=claim_ids)}
    items = []
    for match, (kind, pk) in zip(matches, keys, strict=True):
        same = match.score >= MATCH_THRESHOLD
        if kind == "claim" and pk in claims:
            items.append(SimilarItem("claim", match.score, same, claim=claims[pk], fact_check=public.get(pk)))
        elif kind == "archive" and pk in archived:
            items.append(SimilarItem("archived", match.score, same, archived=archived[pk]))
    return items


# --- public ----------------------------------------------------------------------------------------------


def public_factchecks() -> QuerySet[Verdict]:
    """Published and retracted fact-checks (retracted ones keep their URL, marked), newest first."""
    return public_selectors.public_verdicts().order_by("-published_at", "-id")


def public_factcheck(slug: str) -> Verdict:
    verdict = public_selectors.public_verdict(slug)
    if verdict is None:
        raise NotVisible(gettext("There is no published fact-check %(slug)r.") % {"slug": slug})
    return public_selectors.with_page_relations(verdict)
