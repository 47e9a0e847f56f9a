"""Linking on the database side: embeddings stored once, dismissed pairs never made again, and the desk's
own published fact-checks are "already checked" like imported ones."""

from io import StringIO
from unittest import mock

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import transaction

from factcheck.articles.services import ingest_file
from factcheck.claims import linking
from factcheck.claims.models import ArchivedFactCheck, Claim, MatchDismissal
from tests.factories import ArticleFactory, ClaimClusterFactory, ClaimFactory, claim_in_state
from workflows import services

pytestmark = pytest.mark.django_db
COST = "In Belarus, CAR-T treatment costs the equivalent of $55,000 per patient."
REPEAT = "CAR-T therapy in Belarus costs about $55,000 per patient, the equivalent in local money."
BEDS = "The new hospital in Minsk has 600 beds and opened in 2025."


@pytest.fixture(autouse=True)
def _fresh_index():
    linking.reset_index()
    yield
    linking.reset_index()


def _link(claims, prematched=None):
    with transaction.atomic():
        return linking.link_claims(claims, prematched)


def _new_claim(text):
    return Claim(article=ArticleFactory(), text=text, start=0, end=len(text), context=text, score=0.9)


def test_a_new_claim_is_linked_to_the_archive_with_its_embedding_and_the_archive_row_gets_one():
    archived = ArchivedFactCheck.objects.create(claim_text=COST, url="https://fc.example/cost", rating="True")
    claim = _new_claim(REPEAT)
    matched = linking.prematch([claim.text])
    with transaction.atomic():
        assert linking.link_claims([claim], matched) == 1
        claim.save()
    stored = Claim.objects.get(pk=claim.pk)
    assert stored.archived_match == archived and stored.match_score >= 0.5
    assert len(bytes(Claim.objects.values_list("embedding", flat=True).get(pk=claim.pk))) == 384
    assert len(bytes(ArchivedFactCheck.objects.values_list("embedding", flat=True).get())) == 384


def test_a_dismissed_archive_match_is_never_made_again(users):
    archived = ArchivedFactCheck.objects.create(claim_text=COST, url="https://fc.example/cost")
    dismissed = ClaimFactory(text=REPEAT)
    MatchDismissal.objects.create(claim=dismissed, archived=archived, score=0.7, dismissed_by=users["editor"])
    assert _link([dismissed]) == 0
    assert Claim.objects.get(pk=dismissed.pk).archived_match_id is None
    other = ClaimFactory(text=REPEAT)
    assert _link([other]) >= 1, "the same text without a dismissal still links"
    assert Claim.objects.get(pk=other.pk).archived_match_id == archived.pk


def test_a_dismissed_claim_pair_is_never_grouped_again_not_even_through_its_cluster(users):
    cluster = ClaimClusterFactory()
    earlier, same_cluster = ClaimFactory(text=BEDS, cluster=cluster), ClaimFactory(text=BEDS, cluster=cluster)
    dismissed = ClaimFactory(text=BEDS)
    MatchDismissal.objects.create(claim=dismissed, other_claim=earlier, dismissed_by=users["editor"])
    assert _link([dismissed]) == 0
    assert Claim.objects.get(pk=dismissed.pk).cluster_id is None
    control = ClaimFactory(text=BEDS)
    _link([control])
    assert Claim.objects.get(pk=control.pk).cluster_id == cluster.pk
    assert same_cluster.cluster_id == cluster.pk


def test_the_desks_own_published_factcheck_is_already_checked_until_retracted(users, rating_scale):
    rating = rating_scale.ratings.order_by("value").first()
    claim = claim_in_state("approved", reviewer=users["reviewer"], editor=users["editor"], rating=rating, text=COST)
    verdict = services.factcheck_publish(claim_id=claim.pk, actor=users["editor"])
    own = ArchivedFactCheck.objects.get(url=verdict.get_absolute_url())
    assert (own.claim_text, own.publisher, own.rating) == (COST, settings.FACTDESK["ORG_NAME"], rating.label)
    repeat = ClaimFactory(text=REPEAT)
    _link([repeat])
    assert Claim.objects.get(pk=repeat.pk).archived_match_id == own.pk
    services.factcheck_retract(claim_id=claim.pk, actor=users["editor"], reason="The source was withdrawn.")
    assert not ArchivedFactCheck.objects.filter(url=verdict.get_absolute_url()).exists()
    assert Claim.objects.get(pk=repeat.pk).archived_match_id is None


def test_the_pipeline_hands_its_prematch_to_linking_and_stores_embeddings(committed):
    seen = {}
    real = linking.link_claims

    def spy(claims, prematched=None):
        seen["prematched"] = prematched
        return real(claims, prematched)

    with mock.patch("factcheck.articles.pipeline.link_claims", spy), committed():
        result = ingest_file(settings.BASE_DIR / "seeds" / "002_c9012d59b9cd3306.txt")
    assert isinstance(seen["prematched"], linking.Prematch) and seen["prematched"].codes
    codes = Claim.objects.filter(article=result.article).values_list("embedding", flat=True)
    assert codes and all(code is not None and len(bytes(code)) == 384 for code in codes)


def test_import_clears_the_embedding_only_when_the_text_changes(tmp_path):
    path = tmp_path / "a.csv"
    path.write_text(f'claim,rating,url\n"{COST}",True,https://fc.example/cost\n')
    call_command("import_factchecks", str(path), stdout=StringIO())
    ArchivedFactCheck.objects.update(embedding=b"\x01" * 384)
    call_command("import_factchecks", str(path), stdout=StringIO())
    assert ArchivedFactCheck.objects.get().embedding is not None
    path.write_text('claim,rating,url\n"Something else entirely.",True,https://fc.example/cost\n')
    call_command("import_factchecks", str(path), stdout=StringIO())
    assert ArchivedFactCheck.objects.get().embedding is None


def test_a_bulk_read_into_the_index_leaves_out_the_codes_it_would_throw_away_but_keeps_those_it_caches():
    """A full first page means a bulk read: the pages after it come without embedding codes (384 bytes a row the
    index would discard), except a last page small enough to be cached whole, which must keep its codes."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from factcheck.extraction.embedding import code_bytes, default_encoder

    texts = [f"The region opened {n} new clinics and {n * 3} pharmacies in {2000 + n}." for n in range(10)]
    vectors = default_encoder().encode(texts)
    article = ArticleFactory()
    claims = [
        Claim.objects.create(
            article=article, text=t, start=i * 100, end=i * 100 + len(t), context=t, score=0.9, embedding=code_bytes(v)
        )
        for i, (t, v) in enumerate(zip(texts, vectors, strict=True))
    ]
    index = linking._current()
    index.matcher.CACHE_ADDS_UP_TO = 2
    with mock.patch.object(linking, "_REFRESH_CHUNK", 4), CaptureQueriesContext(connection) as queries:
        index.refresh(archive=False)
    pages = [q["sql"] for q in queries.captured_queries if "claims_claim" in q["sql"]]
    # Page 1 (4 rows, with codes), page 2 (4 rows, bulk: without), page 3 (2 rows: cached whole, read with codes).
    assert ["embedding" in sql for sql in pages] == [True, False, False, True]
    assert index.last_claim_id == claims[-1].pk
    for claim in claims[-2:]:
        cached = index.matcher._cache[("claim", claim.pk)]
        assert cached.semantic is not None, "a cached row scored without its stored embedding"
