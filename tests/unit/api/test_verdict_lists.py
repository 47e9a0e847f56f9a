"""A verdict's evidence and corrections, read for the draft endpoints by ``selectors.with_evidence`` through the
verdict's own managers: the same answer as Django's ``prefetch_related_objects`` gives, without its machinery."""

from __future__ import annotations

import json

import pytest
from django.db import connection
from django.db.models import prefetch_related_objects
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIRequestFactory

from factcheck.api import selectors
from factcheck.api.serializers import VerdictDetailOut
from factcheck.verdicts.models import Correction, EvidenceLink, Verdict
from tests.factories import EvidenceLinkFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def verdict(make_claim):
    """A published verdict with two evidence links (added out of id order) and a correction."""
    claim = make_claim("published")
    verdict = Verdict.objects.get(claim=claim)
    EvidenceLinkFactory(verdict=verdict, title="Second <b>source</b>")
    Correction.objects.create(verdict=verdict, what_changed="A figure", note="We fixed a figure.")
    return verdict


def _answer(verdict) -> str:
    request = APIRequestFactory().get("/")
    return json.dumps(VerdictDetailOut(verdict, context={"request": request}).data)


def test_the_answer_is_the_prefetched_ones(verdict):
    ours = selectors.with_evidence(Verdict.objects.get(pk=verdict.pk))
    theirs = Verdict.objects.get(pk=verdict.pk)
    prefetch_related_objects([theirs], "evidence", "corrections")
    assert _answer(ours) == _answer(theirs)
    assert len(ours.evidence.all()) == EvidenceLink.objects.filter(verdict=verdict).count() >= 2
    assert len(ours.corrections.all()) == 1


def test_the_lists_are_read_once_and_point_at_the_verdict(verdict):
    fresh = Verdict.objects.get(pk=verdict.pk)
    with CaptureQueriesContext(connection) as ctx:
        selectors.with_evidence(fresh)
    assert len(ctx.captured_queries) == len(selectors.VERDICT_LISTS)
    with CaptureQueriesContext(connection) as ctx:
        links, corrections = list(fresh.evidence.all()), list(fresh.corrections.all())
        assert all(link.verdict is fresh for link in links) and all(c.verdict is fresh for c in corrections)
        selectors.with_evidence(fresh)  # already read: nothing read again
    assert ctx.captured_queries == []


def test_the_prefetch_machinery_is_not_used(verdict, monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("a prefetch lookup")

    monkeypatch.setattr("django.db.models.query.prefetch_one_level", refuse)  # every prefetch goes through it
    assert len(selectors.with_evidence(Verdict.objects.get(pk=verdict.pk)).evidence.all()) >= 2
