"""The claim list's cheaper paths give DRF's own output: a row written out by ``serializers.listed_claim``
against the declared fields through DRF's generic ``Serializer.to_representation``, and the list's filters
copied per request (``ClaimFilter.__init__``) against django-filter's deep copies."""

from __future__ import annotations

import copy
import datetime
import json

import pytest
from django.db import connection
from django.utils import timezone
from rest_framework import serializers
from rest_framework.test import APIRequestFactory

from factcheck.api import filters as api_filters
from factcheck.api import selectors
from factcheck.api.serializers import ClaimListOut, listed_claim
from factcheck.claims.models import Claim

pytestmark = pytest.mark.django_db

NOW = datetime.datetime(2026, 12, 3, 2, 0, 30, 123456, tzinfo=datetime.UTC)


def _row(**changes) -> selectors.ClaimRow:
    values = {
        "id": 7,
        "text": "Unemployment fell by 3% <b>last</b> year.",
        "claim_reviewed": "",
        "speaker": "The minister",
        "claim_date": datetime.date(2026, 11, 30),
        "appearance_url": "https://example.org/a",
        "origin": "extracted",
        "claim_type": "quantity",
        "score": 0.875,
        "score_basis": "",
        "language": "en",
        "state": "assigned",
        "priority": 2,
        "due_at": NOW - datetime.timedelta(days=1),
        "due_sort": NOW,
        "dismiss_reason": "",
        "version": 3,
        "cluster_id": 4,
        "archived_match_id": None,
        "created_at": NOW,
        "updated_at": NOW.astimezone(datetime.timezone(datetime.timedelta(hours=5, minutes=30))),
        "listed_assignees": [
            {"reviewer": {"id": 3, "username": "ana"}, "role": "lead"},
            {"reviewer": {"id": 9, "username": "bö"}, "role": "second"},
        ],
        "listed_tag_names": ["zeta", "Alpha", "été"],
        "article": {"id": 11, "title": "T\u2028itle", "publisher": "P", "url": "https://e.org", "published_at": NOW},
    }
    values.update(changes)
    row = selectors.ClaimRow()
    row.__dict__ = values
    return row


ROWS = [
    _row(),
    _row(claim_reviewed="Restated", claim_date=None, due_at=None, cluster_id=None, archived_match_id=5),
    _row(listed_assignees=[], listed_tag_names=[], state="in_review", due_at=NOW + datetime.timedelta(days=2)),
    _row(article={"id": 1, "title": "", "publisher": "", "url": "", "published_at": None}, score=1.0, priority=0),
]


def _generic(row) -> dict:
    """DRF's own representation of the declared fields (no compiled getters, no written-out row)."""
    return serializers.Serializer.to_representation(ClaimListOut(), row)


@pytest.mark.parametrize("zone", ["UTC", "Europe/Madrid"])
@pytest.mark.parametrize("row", ROWS)
def test_a_written_out_row_is_drfs_own(row, zone):
    with timezone.override(zone):
        ours = ClaimListOut().to_representation(row)
        assert json.dumps(ours) == json.dumps(_generic(row))  # the same keys, in the same order, the same values


def test_the_list_serialiser_writes_rows_out(monkeypatch):
    calls = []
    monkeypatch.setattr(
        "factcheck.api.serializers.listed_claim", lambda row, iso: calls.append(row) or listed_claim(row, iso)
    )
    data = ClaimListOut(ROWS, many=True).data
    assert len(calls) == len(ROWS) and len(data) == len(ROWS)


def test_a_claim_instance_still_goes_through_the_fields(make_claim):
    claim = selectors.claim_list().get(pk=make_claim("assigned").pk)
    assert ClaimListOut().to_representation(claim) == _generic(claim)


def test_the_lists_own_rows_are_drfs_own(make_claim, users):
    """The page as the list reads it (plain rows on PostgreSQL, instances on SQLite)."""
    claim = make_claim("assigned", due_at=timezone.now() - datetime.timedelta(hours=1))
    claim.tags.add("b-tag", "A-tag")
    make_claim("new")
    page = selectors.claim_rows(list(selectors.claim_list_values(selectors.claim_list()).order_by("id")))
    assert len(page) == 2
    for row in page:
        assert ClaimListOut().to_representation(row) == _generic(row)
    if connection.vendor == "postgresql":
        assert all(isinstance(row, selectors.ClaimRow) for row in page)


# --- the list's filters ------------------------------------------------------------------------------------


def _filterset(user, query: str) -> api_filters.ClaimFilter:
    request = APIRequestFactory().get(f"/api/v1/claims/?{query}")
    request.user = user
    request.query_params = request.GET
    return api_filters.ClaimFilter(request.GET, queryset=Claim.objects.all(), request=request)


def test_each_request_has_its_own_filters_bound_to_it(users):
    first, second = _filterset(users["reviewer"], "assignee=me"), _filterset(users["editor"], "assignee=me")
    for name, declared in api_filters.ClaimFilter.base_filters.items():
        mine, theirs = first.filters[name], second.filters[name]
        assert mine is not declared and mine is not theirs
        assert mine.parent is first and theirs.parent is second and mine.model is Claim
        assert not hasattr(declared, "parent")  # the declared filters are never bound to a request
        assert mine.extra == declared.extra and mine.extra is not declared.extra
        if declared.method is not None:
            assert mine.filter.f is mine and theirs.filter.f is theirs
    # "me" is each request's own user, so each filter set calls its own method
    assert str(first.qs.query) != str(second.qs.query)
    assert f"= {users['reviewer'].pk}" in str(first.qs.query)


def test_the_filters_are_not_deep_copied(users, monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("deep copy")

    with monkeypatch.context() as patch:
        patch.setattr(api_filters.django_filters.filterset.copy, "deepcopy", refuse)
        filterset = _filterset(users["editor"], "state=new&min_score=0.5")
    assert filterset.is_valid()


def test_the_filter_set_is_what_django_filter_builds(users):
    """Everything django-filter's own constructor sets, set the same (but the filters, which are copies)."""
    ours = _filterset(users["editor"], "state=new&assignee=me&q=tax&min_score=0.25")
    theirs = copy.copy(ours)
    api_filters.django_filters.FilterSet.__init__(theirs, ours.data, queryset=ours.queryset, request=ours.request)
    assert set(vars(ours)) == set(vars(theirs))
    for name in vars(ours):
        if name != "filters":
            assert getattr(ours, name) is getattr(theirs, name) or getattr(ours, name) == getattr(theirs, name)
    assert list(ours.filters) == list(theirs.filters)
    assert str(ours.qs.query) == str(theirs.qs.query)
