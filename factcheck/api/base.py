"""What every desk endpoint shares: who may call it, what it parses, and strict input fields.

Input serializers only *parse*: types, sizes, choices, and turning a username or a rating slug into the id a
service takes. Every workflow rule (state, role, assignment, versions) is the service's to check.
"""

from __future__ import annotations

import contextlib
from collections.abc import Mapping

from django.contrib.auth import get_user_model
from django.db.models import Case, IntegerField, Value, When
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from rest_framework.renderers import JSONRenderer
from rest_framework.settings import api_settings
from rest_framework.views import APIView

from factcheck.ops.parsers import JSONParser  # DRF's, plus a nesting limit (400, not a 500)
from factcheck.verdicts.models import Rating
from workflows.exceptions import ValidationFailed

from .access import DESK_PERMISSIONS, HasDeskRole  # noqa: F401 - HasDeskRole: where callers look for it
from .renderers import FastJSONRenderer

MAX_ID = 999_999_999_999_999_999  # what the "id" path converter accepts: 18 digits, inside a 64-bit integer


class DeskView(APIView):
    """Base for desk endpoints: JSON in, JSON out, a desk role required."""

    permission_classes = DESK_PERMISSIONS
    parser_classes = [JSONParser]
    # The same JSON, written by orjson (the browsable API and any other configured renderer stay).
    renderer_classes = [FastJSONRenderer, *(r for r in api_settings.DEFAULT_RENDERER_CLASSES if r is not JSONRenderer)]


class IdConverter:
    """``<id:pk>``: a positive integer that fits a database id; anything longer is simply not a match (404)."""

    regex = "[0-9]{1,18}"

    def to_python(self, value: str) -> int:
        return int(value)

    def to_url(self, value) -> str:
        return str(int(value))


# --- strict input -------------------------------------------------------------------------------------


class StrictSerializer(serializers.Serializer):
    """Refuses fields it does not know (a typo must not be silently ignored) and anything but an object."""

    def to_internal_value(self, data):
        if isinstance(data, Mapping):
            unknown = sorted(set(data) - set(self.fields))
            if unknown:
                raise serializers.ValidationError({name: [gettext("Unknown field.")] for name in unknown})
        return super().to_internal_value(data)


class StrictCharField(serializers.CharField):
    """A JSON string and nothing else: numbers, booleans, lists are a type error, not silently stringified."""

    default_error_messages = {"invalid": _("Not a valid string.")}

    def to_internal_value(self, data):
        if not isinstance(data, str):
            self.fail("invalid")
        return super().to_internal_value(data)


class StrictIntegerField(serializers.IntegerField):
    """A JSON integer: "3", 3.5 and true are refused."""

    def to_internal_value(self, data):
        if isinstance(data, bool) or not isinstance(data, int):
            self.fail("invalid")
        return super().to_internal_value(data)


def version_field(what: str = "claim") -> StrictIntegerField:
    return StrictIntegerField(
        required=False,
        allow_null=True,
        default=None,
        min_value=1,
        max_value=2**31 - 1,
        help_text=f"The {what} version you loaded; a different current version is refused with 409.",
    )


@extend_schema_field({"oneOf": [{"type": "integer", "minimum": 1}, {"type": "string", "maxLength": 150}]})
class UserRefField(serializers.Field):
    """A user by id (integer) or by username (string); parsed to an id. Whether that user may be assigned
    work is the service's question."""

    default_error_messages = {
        "invalid": _("Give a user id (integer) or a username (string)."),
        "unknown": _("There is no user named {name!r}."),
    }

    def to_internal_value(self, data) -> int:
        if isinstance(data, bool):
            self.fail("invalid")
        if isinstance(data, int):
            if not 1 <= data <= MAX_ID:
                self.fail("invalid")
            return data
        if not isinstance(data, str) or not data.strip() or len(data) > 150 or "\x00" in data:
            self.fail("invalid")
        name = data.strip()
        user_id = get_user_model().objects.filter(username=name).values_list("pk", flat=True).first()
        if user_id is None:
            self.fail("unknown", name=name)
        return user_id

    def to_representation(self, value):
        return value


@extend_schema_field(
    {"oneOf": [{"type": "integer", "minimum": 1}, {"type": "string", "maxLength": 50}], "nullable": True}
)
class RatingRefField(serializers.Field):
    """A rating by id or by slug (the default scale's slug wins when several scales share it); parsed to an id."""

    default_error_messages = {
        "invalid": _("Give a rating id (integer) or a rating slug (string)."),
        "unknown": _("There is no rating {ref!r}: see GET /api/v1/ratings/."),
    }

    def to_internal_value(self, data) -> int:
        if isinstance(data, bool):
            self.fail("invalid")
        if isinstance(data, int):
            if not 1 <= data <= MAX_ID:
                self.fail("unknown", ref=data)
            return data
        if not isinstance(data, str) or not data.strip() or len(data) > 50 or "\x00" in data:
            self.fail("invalid")
        slug = data.strip()
        rating_id = (
            Rating.objects.filter(slug=slug)
            .annotate(
                default_first=Case(
                    When(scale__is_default=True, then=Value(0)), default=Value(1), output_field=IntegerField()
                )
            )
            .order_by("default_first", "scale_id")
            .values_list("pk", flat=True)
            .first()
        )
        if rating_id is None:
            self.fail("unknown", ref=slug)
        return rating_id

    def to_representation(self, value):
        return value


def parse(serializer_class, data) -> dict:
    """Validate ``data`` with ``serializer_class``; a refusal is a 400 with the field errors."""
    serializer = serializer_class(data=data)
    serializer.is_valid(raise_exception=True)
    return serializer.validated_data


# --- service errors, in the API's field names -----------------------------------------------------------


@contextlib.contextmanager
def api_field_names(**renames: str):
    """Services name fields after their keyword arguments (``due_at``, ``rating_id``); the API's fields are
    sometimes called otherwise (``due``, ``rating``). Rename them in a refusal so clients can match them."""
    try:
        yield
    except ValidationFailed as error:
        error.errors = {renames.get(name, name): messages for name, messages in (error.errors or {}).items()}
        raise
