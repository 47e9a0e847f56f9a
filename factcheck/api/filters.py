"""Claim list filters and ordering. Filter values are parsed by form fields, so a bad value is a 400."""

from __future__ import annotations

import copy

import django_filters
from django import forms
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import Exists, OuterRef, Q
from django.http import QueryDict
from django.utils import timezone
from django.utils.translation import gettext
from drf_spectacular.utils import extend_schema_field
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.pagination import CursorPagination

from factcheck.claims.models import Assignment, Claim, ClaimState, ClaimType
from factcheck.claims.search import SEARCH_MAX_LENGTH, search_claims
from workflows import tagging
from workflows.selectors import OPEN_STATES

from .base import MAX_ID


@extend_schema_field({"type": "integer", "minimum": 1, "maximum": MAX_ID})
class IdFilter(django_filters.Filter):
    field_class = forms.IntegerField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", MAX_ID)
        super().__init__(*args, **kwargs)


@extend_schema_field({"type": "number", "minimum": 0, "maximum": 1})
class ScoreFilter(django_filters.Filter):
    field_class = forms.FloatField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("min_value", 0.0)
        kwargs.setdefault("max_value", 1.0)
        super().__init__(*args, **kwargs)


class StrictBooleanField(forms.Field):
    """true/false (or 1/0); anything else is a 400, not silently "no filter" as NullBooleanField does."""

    VALUES = {"true": True, "1": True, "false": False, "0": False}

    def to_python(self, value):
        if value in (None, ""):
            return None
        try:
            return self.VALUES[str(value).strip().lower()]
        except KeyError:
            raise forms.ValidationError(gettext("Use true or false."), code="invalid") from None


@extend_schema_field({"type": "boolean"})
class StrictBooleanFilter(django_filters.Filter):
    field_class = StrictBooleanField


class ClaimFilter(django_filters.FilterSet):
    # distinct=False: one claim has one state and one type, so no join can repeat a row, and DISTINCT over
    # every selected column (article text included) made the page query sort far more than it returns.
    state = django_filters.MultipleChoiceFilter(
        choices=ClaimState.choices, distinct=False, help_text="Repeat for several states."
    )
    claim_type = django_filters.MultipleChoiceFilter(choices=ClaimType.choices, distinct=False)
    assignee = extend_schema_field({"type": "string", "maxLength": 150})(
        django_filters.CharFilter(
            method="filter_assignee",
            max_length=150,
            help_text='Claims actively assigned to this user: a username, a user id, or "me".',
        )
    )
    article = IdFilter(field_name="article_id")
    cluster = IdFilter(field_name="cluster_id")
    min_score = ScoreFilter(field_name="score", lookup_expr="gte", help_text="Check-worthiness at least this.")
    overdue = StrictBooleanFilter(method="filter_overdue", help_text="Past due and still open.")
    q = extend_schema_field({"type": "string", "maxLength": SEARCH_MAX_LENGTH})(
        django_filters.CharFilter(
            method="filter_q",
            max_length=SEARCH_MAX_LENGTH,
            help_text="Text search in the claim (as restated and as it appeared), its speaker, its article's "
            "title and its context: every word must match; on PostgreSQL, full-text search with "
            'web-search syntax ("a phrase", or, -word).',
        )
    )

    tag = extend_schema_field({"type": "string", "maxLength": 100})(
        django_filters.CharFilter(method="filter_tag", max_length=100, help_text="Claims with this tag (any case).")
    )
    topic = extend_schema_field({"type": "string", "maxLength": 80})(
        django_filters.CharFilter(
            method="filter_topic", max_length=80, help_text="Claims filed under this topic (its slug): accepted ones."
        )
    )

    class Meta:
        model = Claim
        fields = ["state", "claim_type", "assignee", "article", "cluster", "min_score", "overdue", "q", "tag", "topic"]

    _form_class = None

    def __init__(self, data=None, queryset=None, *, request=None, prefix=None):
        """django-filter's own, but each filter copied rather than deep-copied (a tenth of the list's cost).

        A filter's own state is what it was declared with (field name, lookup, the form field's arguments),
        which no request changes; what a request sets on it is its ``parent`` (this filter set, whose
        ``request`` the ``method`` filters read) and ``model``. So a shallow copy per request is enough: the
        copy gets its own parent and model, its own dict of form arguments, and a ``method`` filter its own
        ``FilterMethod``, which would otherwise still call the filter set it was copied from."""
        if queryset is None:
            queryset = self._meta.model._default_manager.all()
        self.is_bound = data is not None
        self.data = data or QueryDict()
        self.queryset = queryset
        self.request = request
        self.form_prefix = prefix
        self.filters = {}
        for name, declared in self.base_filters.items():
            own = copy.copy(declared)
            own.extra = dict(declared.extra)
            if own.method is not None:
                own.method = own.method  # a FilterMethod bound to this copy, not to the declared filter
            own.model, own.parent = queryset.model, self
            self.filters[name] = own

    def get_form_class(self):
        """The form that parses the filters, made once per process: django-filter builds a new form class
        (a metaclass run and every field constructed) on each request, which was a tenth of the list's cost
        over its floor. None of these fields reads the request, and each form still copies its own fields."""
        cls = type(self)
        if cls.__dict__.get("_form_class") is None:
            cls._form_class = super().get_form_class()
        return cls._form_class

    def filter_tag(self, queryset, name, value):
        return tagging.with_tag(queryset, value) if value.strip() else queryset

    def filter_topic(self, queryset, name, value):
        return tagging.with_topic(queryset, value.strip()) if value.strip() else queryset

    def filter_assignee(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        if value == "me":
            user_filter = Q(reviewer_id=getattr(self.request.user, "pk", None))
        elif value.isascii() and value.isdigit() and len(value) <= 18:
            user_filter = Q(reviewer_id=int(value))
        else:
            user_id = get_user_model().objects.filter(username=value).values_list("pk", flat=True).first()
            user_filter = Q(reviewer_id=user_id) if user_id else Q(pk__in=[])
        active = Assignment.objects.filter(user_filter, claim=OuterRef("pk"), state=Assignment.State.ACTIVE)
        return queryset.filter(Exists(active))

    def filter_overdue(self, queryset, name, value):
        if value is None:
            return queryset
        late = Q(state__in=OPEN_STATES, due_at__lt=timezone.now())
        return queryset.filter(late) if value else queryset.exclude(late)

    def filter_q(self, queryset, name, value):
        # The default order (``ClaimCursor.ordering``) is an index's (``claim_triage_order``): common words
        # find their page by walking it.
        default_order = not getattr(self.request, "query_params", {}).get("ordering", "").strip()
        return search_claims(queryset, value, in_index_order=default_order)


# --- cursor pagination with a chosen ordering ------------------------------------------------------------

ORDERING_FIELDS = {
    "score": "score",
    "priority": "priority",
    "due_at": "due_sort",
    "created_at": "created_at",
    "id": "id",
}
ORDERING_PATTERN = r"^-?(score|priority|due_at|created_at|id)(,-?(score|priority|due_at|created_at|id))*$"


class SafeCursorPagination(CursorPagination):
    """DRF trusts the position inside a cursor; a forged one ("p=abc" on a number or a date) would reach the
    database as a bad value and answer 500. Here it is what any other bad cursor is: 404 "Invalid cursor"."""

    def paginate_queryset(self, queryset, request, view=None):
        try:
            return super().paginate_queryset(queryset, request, view)
        except (ValueError, TypeError, OverflowError, DjangoValidationError):
            raise NotFound(self.invalid_cursor_message) from None


class ClaimCursor(SafeCursorPagination):
    """Cursor pages of 50 (``page_size`` up to 200). ``ordering`` is a comma-separated list of score, priority,
    due_at (undated last), created_at, id, each optionally prefixed with "-"; the default is the triage queue
    (priority, then check-worthiness). The id breaks ties, so pages never repeat or skip a claim."""

    page_size = 50
    max_page_size = 200
    page_size_query_param = "page_size"
    ordering = ("priority", "-score", "id")

    def get_ordering(self, request, queryset, view):
        raw = request.query_params.get("ordering", "").strip()
        if not raw:
            return self.ordering
        keys: list[str] = []
        seen: set[str] = set()
        for part in raw.split(","):
            part = part.strip()
            name = part.lstrip("-")
            if name not in ORDERING_FIELDS or part.count("-") > 1:
                choices = ", ".join(ORDERING_FIELDS)
                refusal = gettext("Unknown ordering %(given)r: use %(choices)s, with - to reverse.")
                raise ValidationError({"ordering": [refusal % {"given": part, "choices": choices}]})
            if name in seen:
                continue
            seen.add(name)
            keys.append(("-" if part.startswith("-") else "") + ORDERING_FIELDS[name])
        if "id" not in seen:
            keys.append("-id" if keys[0].startswith("-") else "id")
        return tuple(keys)


class PublicCursor(SafeCursorPagination):
    page_size = 20
    max_page_size = 100
    page_size_query_param = "page_size"
    ordering = ("-published_at", "-id")
