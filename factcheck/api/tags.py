"""Tags and topics over HTTP: the fields ``PATCH /api/v1/claims/{id}/`` takes for them, and the ``?tag=`` and
``?topic=`` filters of the claim list and the public fact-check list.

The fields only parse (strings, sizes, a topic's slug to its id); what may be tagged, by whom, and a stale
``version`` are ``workflows.services.tags``'s. Tags are sent whole (the list replaces the old one), so a
client never has to know what was there.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from factcheck.claims.models import Topic
from workflows.services import tags as tag_services

from .base import StrictCharField

#: The fields of the claim PATCH that are tags and topics, not the claim's statement.
TAGGING_FIELDS = ("tags", "fact_check_tags", "topics")


@extend_schema_field({"type": "string", "maxLength": 80, "description": "A topic's slug (or id)."})
class TopicRefField(serializers.Field):
    """A topic of the desk's list by slug (or id), parsed to its id; an unknown one is a 400 saying so."""

    default_error_messages = {
        "invalid": gettext_lazy("Give a topic's slug (string) or id (integer)."),
        "unknown": gettext_lazy("There is no topic {ref!r}: topics come from the desk's list (an admin keeps it)."),
    }

    def to_internal_value(self, data: Any) -> int:
        if isinstance(data, bool) or not isinstance(data, int | str):
            self.fail("invalid")
        ref = str(data).strip()
        if not ref or len(ref) > 80 or "\x00" in ref:
            self.fail("invalid")
        topic_id = Topic.objects.filter(slug=ref).values_list("pk", flat=True).first()
        if topic_id is None and ref.isdigit() and len(ref) < 18:
            topic_id = Topic.objects.filter(pk=int(ref)).values_list("pk", flat=True).first()
        if topic_id is None:
            self.fail("unknown", ref=ref)
        return int(topic_id)

    def to_representation(self, value: Any) -> Any:
        return value


def tag_list_field(help_text: str) -> serializers.ListField:
    return serializers.ListField(
        child=StrictCharField(max_length=200, allow_blank=True),
        required=False,
        max_length=100,
        help_text=help_text,
    )


def tagging_fields() -> dict[str, serializers.Field]:
    """The PATCH body's tag and topic fields (added to the restate input serializer)."""
    return {
        "tags": tag_list_field(
            f"The claim's desk tags: the whole list (it replaces the old one; [] clears them). At most "
            f"{tag_services.MAX_TAGS}, each at most {tag_services.MAX_TAG_CHARS} characters."
        ),
        "fact_check_tags": tag_list_field(
            "The fact-check's public tags (the public ?tag= filter): the whole list. The claim needs a verdict "
            "(review started); once published, editors only."
        ),
        "topics": serializers.ListField(
            child=TopicRefField(),
            required=False,
            max_length=50,
            help_text="The claim's accepted topics, as slugs: the whole list. Topics taken off are not "
            "suggested again; suggestions not listed stay suggestions.",
        ),
    }


def apply(*, claim_id: int, actor: Any, data: dict, version: int | None) -> None:
    """Call the services for the tag and topic fields present in ``data`` (inside the caller's transaction)."""
    if "tags" in data:
        tag_services.claim_set_tags(claim_id=claim_id, actor=actor, tags=data["tags"], version=version)
        version = None  # checked under the claim's lock, held until the caller's transaction ends
    if "fact_check_tags" in data:
        tag_services.factcheck_set_tags(claim_id=claim_id, actor=actor, tags=data["fact_check_tags"], version=version)
        version = None
    if "topics" in data:
        tag_services.claim_set_topics(claim_id=claim_id, actor=actor, topic_ids=data["topics"], version=version)
