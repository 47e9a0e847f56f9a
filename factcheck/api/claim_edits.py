"""Adding and restating claims over HTTP: ``POST /api/v1/claims/`` and ``PATCH /api/v1/claims/{id}/``.

The list and detail views (``claims.py``) own those paths and hand the write methods here. As everywhere in
the API, the input serializers only parse (types, sizes); whether a passage or a typed claim is complete,
where a claim may be restated and by whom, and stale versions are ``workflows.services.claim_edits``'s.
"""

from __future__ import annotations

from django.db import transaction
from django.urls import reverse
from drf_spectacular.utils import OpenApiExample, extend_schema
from rest_framework import serializers, status
from rest_framework.response import Response

from factcheck.claims.models import ClaimType
from workflows import services
from workflows.services.claim_edits import MAX_URL_CHARS

from . import selectors, tags
from .base import MAX_ID, StrictCharField, StrictIntegerField, StrictSerializer, parse
from .schema import errors
from .serializers import ClaimDetailOut

# Generous parse limits: the service refuses shorter ones with a sentence saying what a claim should be.
TEXT_PARSE_MAX = 10_000
OFFSET_MAX = 2**31 - 1


class ClaimAddInput(StrictSerializer):
    article = StrictIntegerField(
        required=False,
        min_value=1,
        max_value=MAX_ID,
        help_text="A passage of this article: its id (with start and end).",
    )
    start = StrictIntegerField(
        required=False,
        min_value=0,
        max_value=OFFSET_MAX,
        help_text="Offset of the passage's first character in the article's raw text.",
    )
    end = StrictIntegerField(
        required=False,
        min_value=0,
        max_value=OFFSET_MAX,
        help_text="Offset just after its last character. Blank space around it is trimmed.",
    )
    text = StrictCharField(
        required=False,
        max_length=TEXT_PARSE_MAX,
        trim_whitespace=False,
        help_text="Or: the claim typed as it was made (with source_url or source_description).",
    )
    source_url = StrictCharField(
        required=False,
        allow_blank=True,
        max_length=MAX_URL_CHARS,
        help_text="Where a typed claim came from: an http(s) address.",
    )
    source_description = StrictCharField(
        required=False,
        allow_blank=True,
        max_length=TEXT_PARSE_MAX,
        help_text="Where a typed claim came from, in words (a broadcast, a post).",
    )
    speaker = StrictCharField(
        required=False,
        allow_blank=True,
        max_length=TEXT_PARSE_MAX,
        help_text="Who made the claim (empty: the publication); default: extraction's guess.",
    )


class ClaimRestateInput(StrictSerializer):
    claim_reviewed = StrictCharField(
        required=False,
        allow_blank=True,
        max_length=TEXT_PARSE_MAX,
        trim_whitespace=False,
        help_text="The claim as the desk checks and publishes it, self-contained (at most 1,000 characters); "
        "empty: the sentence as it appeared.",
    )
    speaker = StrictCharField(
        required=False,
        allow_blank=True,
        max_length=TEXT_PARSE_MAX,
        help_text="Who made the claim; empty: the publication.",
    )
    claim_date = serializers.DateField(
        required=False,
        allow_null=True,
        input_formats=["iso-8601"],
        help_text="When the claim was made (YYYY-MM-DD); null: unknown.",
    )
    appearance_url = StrictCharField(
        required=False,
        allow_blank=True,
        max_length=MAX_URL_CHARS,
        help_text="Where the claim appeared (http or https); empty: not recorded.",
    )
    claim_type = serializers.ChoiceField(choices=ClaimType.choices, required=False)
    version = StrictIntegerField(
        min_value=1,
        max_value=OFFSET_MAX,
        help_text="The claim's version you loaded; a different current one answers 409.",
    )

    def get_fields(self):
        return {**super().get_fields(), **tags.tagging_fields()}  # tags, fact_check_tags, topics


add_schema = extend_schema(
    summary="Add a claim the model missed: a passage of an article, or a claim typed with where it came from",
    description="Send `article`, `start` and `end` (offsets into the article's raw text, as `GET "
    "/api/v1/articles/{id}/` claims carry them), or `text` with `source_url` and/or "
    "`source_description`. The claim enters the queue as `new`, `origin` `manual`, matched "
    "against earlier claims and the archive like extracted ones. 400 says what to fix (a passage "
    "outside the text, one already a claim, a typed claim without a source); 403: reviewers ask an "
    "editor.",
    request=ClaimAddInput,
    responses={201: ClaimDetailOut, **errors(400, 401, 403, 413, 415, 429)},
    examples=[
        OpenApiExample("A passage", value={"article": 12, "start": 1480, "end": 1634}, request_only=True),
        OpenApiExample(
            "A typed claim",
            request_only=True,
            value={
                "text": "Vaccines cause 90% of autism cases.",
                "source_url": "https://social.example.org/post/7",
                "speaker": "A. Poster",
            },
        ),
    ],
)

restate_schema = extend_schema(
    summary="Restate the claim: as the desk checks it, who made it, when, where it appeared",
    description="Send any of `claim_reviewed`, `speaker`, `claim_date`, `appearance_url` (and `claim_type`) "
    "with the claim's `version`; fields left out stay as they are. Editors, and the assigned "
    "reviewer, until the verdict is submitted (then 409 `invalid_state` says to return it first). "
    "A stale `version` is 409 `conflict` with `current_version`: reload and apply your change again. "
    "`tags`, `fact_check_tags` and `topics` (whole lists) may be sent alone or with the rest, in any state: "
    "editors, and the assigned reviewer until the fact-check is public.",
    request=ClaimRestateInput,
    responses={200: ClaimDetailOut, **errors(400, 401, 403, 404, 409, 413, 415, 429)},
)


def add(request) -> Response:
    """``POST /claims/``: one ``claim_add`` call; 201 with the claim as the caller now sees it."""
    data = parse(ClaimAddInput, request.data)
    claim = services.claim_add(
        actor=request.user,
        article_id=data.get("article"),
        start=data.get("start"),
        end=data.get("end"),
        text=data.get("text"),
        source_url=data.get("source_url"),
        source_description=data.get("source_description"),
        speaker=data.get("speaker"),
    )
    detail = selectors.claim_detail(request.user, claim.pk)
    return Response(
        ClaimDetailOut(detail, context={"request": request}).data,
        status=status.HTTP_201_CREATED,
        headers={"Location": reverse("api:claim-detail", kwargs={"pk": claim.pk})},
    )


def restate(request, pk: int) -> Response:
    """``PATCH /claims/{id}/``: one ``claim_restate`` call with only the fields sent; 200 with the claim."""
    data = parse(ClaimRestateInput, request.data)
    version = data.pop("version")
    tagging = {name: data.pop(name) for name in tags.TAGGING_FIELDS if name in data}
    with transaction.atomic():  # all of it or nothing
        if data or not tagging:
            services.claim_restate(claim_id=pk, actor=request.user, version=version, **data)
            version = None  # checked under the claim's lock, held until this transaction ends
        tags.apply(claim_id=pk, actor=request.user, data=tagging, version=version)
    return Response(ClaimDetailOut(selectors.claim_detail(request.user, pk), context={"request": request}).data)
