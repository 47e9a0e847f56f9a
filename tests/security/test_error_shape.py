"""Every API refusal has the one error shape ``{code, detail, fields?}``; errors inside lists and nested
objects are reported under dotted field paths (``claims.1``), as plain messages, never as Python reprs."""

import pytest
from rest_framework import exceptions
from rest_framework.test import APIClient

from factcheck.api.errors import exception_handler

pytestmark = pytest.mark.django_db

PYTHON_REPRS = ("ErrorDetail(", "string=", "code='", "[ErrorDetail", "{0:", "{1:")


@pytest.fixture
def editor(users):
    client = APIClient()
    client.force_authenticate(users["editor"])
    return client


def assert_no_repr(response):
    text = response.content.decode()
    assert not any(marker in text for marker in PYTHON_REPRS), text


def test_an_item_of_a_list_is_named_by_its_index(editor, make_claim):
    claim = make_claim("new")
    response = editor.post(
        "/api/v1/claims/bulk/assign/", {"claims": [claim.pk, "x"], "reviewers": ["reviewer2"]}, format="json"
    )
    assert response.status_code == 400
    assert_no_repr(response)
    body = response.json()
    assert body == {
        "code": "invalid",
        "detail": "The request has invalid fields.",
        "fields": {"claims.1": ["A valid integer is required."]},
    }


def test_several_bad_items_in_several_lists(editor, make_claim):
    claim = make_claim("new")
    response = editor.post(
        "/api/v1/claims/bulk/assign/", {"claims": [claim.pk, "x", 0], "reviewers": ["reviewer2", True]}, format="json"
    )
    assert response.status_code == 400
    assert_no_repr(response)
    fields = response.json()["fields"]
    assert set(fields) == {"claims.1", "claims.2", "reviewers.1"}, fields
    assert all(isinstance(m, str) for messages in fields.values() for m in messages)


def test_a_list_error_on_the_list_itself_keeps_the_field_name(editor):
    response = editor.post("/api/v1/claims/bulk/dismiss/", {"claims": [], "reason": "duplicate"}, format="json")
    assert response.status_code == 400
    assert_no_repr(response)
    assert list(response.json()["fields"]) == ["claims"]


@pytest.mark.parametrize(
    ("detail", "fields"),
    [
        ({"a": {"b": ["deep"]}}, {"a.b": ["deep"]}),
        ({"items": {0: {"url": ["bad"]}, 3: ["worse"]}}, {"items.0.url": ["bad"], "items.3": ["worse"]}),
        ({"items": [{}, {"url": ["bad"]}]}, {"items.1.url": ["bad"]}),
        (["whole body wrong"], {"non_field_errors": ["whole body wrong"]}),
        ({"x": "one message"}, {"x": ["one message"]}),
    ],
)
def test_nested_validation_errors_become_dotted_paths(detail, fields):
    response = exception_handler(exceptions.ValidationError(detail), {})
    assert response.status_code == 400
    assert response.data["fields"] == fields
    assert all(type(m) is str for messages in response.data["fields"].values() for m in messages)


def test_other_errors_with_a_list_or_object_detail_are_plain_sentences():
    for detail in (["First problem.", "Second problem."], {"why": ["Because."]}):
        response = exception_handler(exceptions.PermissionDenied(detail), {})
        assert response.status_code == 403
        assert isinstance(response.data["detail"], str)
        assert "ErrorDetail" not in response.data["detail"] and "[" not in response.data["detail"]
