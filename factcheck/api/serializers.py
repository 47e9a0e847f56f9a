"""Output shapes shared by several endpoints. They read attributes already loaded by the selectors and
never query on their own (no per-row queries: list endpoints stay at a constant query count)."""

from __future__ import annotations

from collections.abc import Callable
from typing import ClassVar

from django.conf import settings
from django.db.models import Manager
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from drf_spectacular.utils import extend_schema_field
from rest_framework import ISO_8601, serializers
from rest_framework.settings import api_settings

from factcheck.publishing import display
from workflows import registry, tagging

# --- a faster to_representation for long lists -----------------------------------------------------------
# DRF's Serializer.to_representation asks every field of every row for its attribute through a generic,
# exception-driven path; for a page of 50 claims that was most of the serialising time. ``compiled`` turns
# the declared fields (still the schema and the contract) into one plain getter per field, once per
# serializer instance, and falls back to the field's own methods for anything it does not know.

_PLAIN = {serializers.CharField: str, serializers.IntegerField: int, serializers.FloatField: float}
_VIA_FIELD = (serializers.BooleanField, serializers.DateTimeField, serializers.DateField)


def _walk(attrs: list[str]) -> Callable:
    """The value at ``a.b.c`` of an instance; None when a step on the way is None (a null relation). A dict (a
    row read as JSON) is read by key, as DRF's own ``get_attribute`` does."""
    if len(attrs) == 1:
        name = attrs[0]
        return lambda obj: obj[name] if type(obj) is dict else getattr(obj, name)

    def get(obj):
        for name in attrs:
            if obj is None:
                return None
            obj = obj[name] if type(obj) is dict else getattr(obj, name)
        return obj

    return get


def _field_getter(field) -> Callable:
    """One field's value, as DRF would represent it, for one instance."""
    plain_fields = type(field) in _PLAIN or isinstance(field, _VIA_FIELD)
    nested = isinstance(field, serializers.Serializer) and _is_plain(field)
    listed = (
        isinstance(field, serializers.ListSerializer)
        and isinstance(field.child, serializers.Serializer)
        and _is_plain(field.child)
    )
    if not (plain_fields or nested or listed) or field.source_attrs == []:

        def fallback(obj):  # DRF's own path for this field (method fields, JSON, custom representations)
            value = field.get_attribute(obj)
            return None if value is None else field.to_representation(value)

        return fallback
    get = _walk(field.source_attrs)
    if nested:
        convert = compiled(field)
    elif listed:
        child = compiled(field.child)

        def convert(items):
            return [child(item) for item in (items.all() if isinstance(items, Manager) else items)]
    else:
        convert = _PLAIN.get(type(field)) or _iso_datetime(field) or field.to_representation

    def value_of(obj):
        value = get(obj)
        return None if value is None else convert(value)

    return value_of


def _iso_datetime(field) -> Callable | None:
    """DRF's ISO 8601 datetime in the field's time zone, the zone looked up once rather than per value."""
    if type(field) is not serializers.DateTimeField or not settings.USE_TZ:
        return None
    if getattr(field, "format", api_settings.DATETIME_FORMAT) != ISO_8601:
        return None
    zone = field.timezone if hasattr(field, "timezone") else field.default_timezone()

    def iso(value) -> str | None:
        if not value:
            return None
        if isinstance(value, str) or timezone.is_naive(value):
            return field.to_representation(value)
        text = value.astimezone(zone).isoformat()
        return text[:-6] + "Z" if text.endswith("+00:00") else text

    return iso


def _is_plain(serializer) -> bool:
    """A serializer whose representation is its fields' (no to_representation of its own)."""
    return type(serializer).to_representation in (
        serializers.Serializer.to_representation,
        CompiledSerializer.to_representation,
    )


def compiled(serializer) -> Callable[[object], dict]:
    """``instance -> dict``, equal to ``serializer.to_representation(instance)`` for plain serializers."""
    getters = [(field.field_name, _field_getter(field)) for field in serializer._readable_fields]

    def represent(instance) -> dict:
        return {name: get(instance) for name, get in getters}

    return represent


class CompiledSerializer(serializers.Serializer):
    """A serializer that represents rows through ``compiled``: for list endpoints with many rows.

    The getters are built once per class and time zone (the zone dates are written in), not per request:
    building them copies every declared field, a fixed cost the size of serialising a whole page. So a
    compiled serializer's fields must not read the serializer's context (the request); none of DRF's plain
    fields do.
    """

    _compiled: ClassVar[dict[tuple[type, str], Callable[[object], dict]]] = {}

    def to_representation(self, instance):
        represent = self.__dict__.get("_represent")
        if represent is None:
            key = (type(self), timezone.get_current_timezone_name())
            represent = self._compiled.get(key)
            if represent is None:
                represent = self._compiled[key] = compiled(self)
            self.__dict__["_represent"] = represent
        return represent(instance)


class UserRefOut(serializers.Serializer):
    id = serializers.IntegerField()
    username = serializers.CharField()


class ArticleRefOut(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    publisher = serializers.CharField()
    url = serializers.CharField()
    published_at = serializers.DateTimeField(allow_null=True)


class AssigneeOut(serializers.Serializer):
    id = serializers.IntegerField(source="reviewer.id")
    username = serializers.CharField(source="reviewer.username")
    role = serializers.CharField()


REVIEWED_HELP = "The claim as the desk checks and publishes it; the sentence (text) until an editor restates it."
TEXT_HELP = "The sentence as it appeared in the article (for a typed claim: as typed)."
ORIGIN_HELP = '"extracted" by the pipeline, or "manual": added by an editor.'
TAGS_HELP = "The desk's tags on the claim, alphabetically (PATCH the claim with tags to change them)."
LANGUAGE_HELP = 'The claim\'s language, ISO 639-1 ("ru", "el"); empty: the article\'s.'
SCORE_BASIS_HELP = (
    'How the score was reached: empty, the check-worthiness model; "figures", a figures-based score (figures, '
    "money, dates, records, approvals, outcomes) for a language the model does not read."
)


class ClaimListOut(CompiledSerializer):
    """A row of the claim list. Sources are attributes and properties (``compiled`` never calls a method)."""

    id = serializers.IntegerField()
    text = serializers.CharField(help_text=TEXT_HELP)
    claim_reviewed = serializers.CharField(source="reviewed_text", help_text=REVIEWED_HELP)
    speaker = serializers.CharField()
    claim_date = serializers.DateField(allow_null=True)
    appearance_url = serializers.CharField()
    origin = serializers.CharField(help_text=ORIGIN_HELP)
    claim_type = serializers.CharField()
    score = serializers.FloatField()
    score_basis = serializers.CharField(help_text=SCORE_BASIS_HELP)
    language = serializers.CharField(help_text=LANGUAGE_HELP)
    state = serializers.CharField()
    priority = serializers.IntegerField()
    due_at = serializers.DateTimeField(allow_null=True)
    overdue = serializers.BooleanField(source="is_overdue")
    dismiss_reason = serializers.CharField()
    version = serializers.IntegerField()
    article = ArticleRefOut()
    cluster_id = serializers.IntegerField(allow_null=True)
    archived_match_id = serializers.IntegerField(allow_null=True)
    # Read along by the list's query (``selectors.claim_list``): dicts shaped like an Assignment.
    assignees = AssigneeOut(many=True, source="listed_assignees")
    tags = serializers.ListField(child=serializers.CharField(), source="tag_names", help_text=TAGS_HELP)
    created_at = serializers.DateTimeField()
    updated_at = serializers.DateTimeField()

    def to_representation(self, instance):
        """A row read as plain values (``selectors.ClaimRow``, the list on PostgreSQL) written out field by
        field (``listed_claim``); a claim instance (the list on SQLite) through the declared fields."""
        iso = _iso_in_current_zone()
        if iso is None or type(instance.__dict__.get("article")) is not dict:
            return super().to_representation(instance)
        return listed_claim(instance, iso)


_iso_by_zone: dict[str, Callable | None] = {}


def _iso_in_current_zone() -> Callable | None:
    """``DateTimeField().to_representation`` in the current time zone (None: not ISO 8601 or no time zones)."""
    name = timezone.get_current_timezone_name()
    if name not in _iso_by_zone:
        _iso_by_zone[name] = _iso_datetime(serializers.DateTimeField())
    return _iso_by_zone[name]


def listed_claim(row, iso: Callable) -> dict:
    """``ClaimListOut`` of one plain row, written out: the same keys in the same order and the same values as
    the declared fields give (a test compares the two on every kind of row), without a getter and a converter
    per field and row, which were a third of the list's serialising. Nullable columns are the ones tested for
    None; ``article`` and ``listed_assignees`` are the dicts the list's query reads (``selectors``)."""
    v = row.__dict__
    article, assignees, claim_date, due_at = v["article"], v["listed_assignees"], v["claim_date"], v["due_at"]
    published_at, cluster_id, archived_id = article["published_at"], v["cluster_id"], v["archived_match_id"]
    return {
        "id": int(v["id"]),
        "text": str(v["text"]),
        "claim_reviewed": str(row.reviewed_text),
        "speaker": str(v["speaker"]),
        "claim_date": None if claim_date is None else claim_date.isoformat(),
        "appearance_url": str(v["appearance_url"]),
        "origin": str(v["origin"]),
        "claim_type": str(v["claim_type"]),
        "score": float(v["score"]),
        "score_basis": str(v["score_basis"]),
        "language": str(v["language"]),
        "state": str(v["state"]),
        "priority": int(v["priority"]),
        "due_at": None if due_at is None else iso(due_at),
        "overdue": bool(row.is_overdue),
        "dismiss_reason": str(v["dismiss_reason"]),
        "version": int(v["version"]),
        "article": {
            "id": int(article["id"]),
            "title": str(article["title"]),
            "publisher": str(article["publisher"]),
            "url": str(article["url"]),
            "published_at": None if published_at is None else iso(published_at),
        },
        "cluster_id": None if cluster_id is None else int(cluster_id),
        "archived_match_id": None if archived_id is None else int(archived_id),
        "assignees": [
            {"id": int(a["reviewer"]["id"]), "username": str(a["reviewer"]["username"]), "role": str(a["role"])}
            for a in assignees
        ],
        "tags": [None if name is None else str(name) for name in row.tag_names],
        "created_at": iso(v["created_at"]),
        "updated_at": iso(v["updated_at"]),
    }


class AssignmentOut(serializers.Serializer):
    id = serializers.IntegerField()
    reviewer = UserRefOut()
    assigned_by = UserRefOut(allow_null=True)
    role = serializers.CharField()
    state = serializers.CharField()
    assigned_at = serializers.DateTimeField()
    due_at = serializers.DateTimeField(allow_null=True)
    finished_at = serializers.DateTimeField(allow_null=True)


class RatingOut(serializers.Serializer):
    id = serializers.IntegerField()
    slug = serializers.CharField()
    label = serializers.CharField()
    value = serializers.IntegerField(allow_null=True)
    colour = serializers.CharField()


class PublishedRatingOut(serializers.Serializer):
    """The rating as published (a snapshot: later edits to the scale never change it)."""

    label = serializers.CharField()
    slug = serializers.CharField()
    value = serializers.IntegerField(allow_null=True)
    best = serializers.IntegerField(allow_null=True)
    worst = serializers.IntegerField(allow_null=True)
    colour = serializers.CharField()
    on_scale = serializers.BooleanField()

    def to_representation(self, snapshot):
        view = display.rating_view(snapshot)
        return {
            "label": view.label,
            "slug": view.slug,
            "value": view.value,
            "best": view.best,
            "worst": view.worst,
            "colour": view.colour,
            "on_scale": view.on_scale,
        }


class EvidenceOut(serializers.Serializer):
    id = serializers.IntegerField()
    url = serializers.CharField()
    title = serializers.CharField()
    publisher = serializers.CharField()
    quote = serializers.CharField()
    stance = serializers.CharField()
    accessed_on = serializers.DateField(allow_null=True)
    link_status = serializers.CharField()
    added_by_id = serializers.IntegerField(allow_null=True)
    created_at = serializers.DateTimeField()
    updated_at = serializers.DateTimeField(help_text="Send it back as expected_updated_at to refuse a stale edit.")


class CorrectionOut(serializers.Serializer):
    id = serializers.IntegerField()
    kind = serializers.CharField()
    what_changed = serializers.CharField()
    old_rating = serializers.CharField()
    new_rating = serializers.CharField()
    note = serializers.CharField()
    created_at = serializers.DateTimeField()


def _public_url(verdict, request=None) -> str | None:
    """The public page's absolute URL; the request (when the view passed it) gives the reader's host."""
    return display.absolute(verdict.get_absolute_url(), request) if verdict.slug and verdict.published_at else None


class VerdictOut(serializers.Serializer):
    """The verdict as the desk sees it (the draft, or what was published)."""

    id = serializers.IntegerField()
    claim_id = serializers.IntegerField()
    rating = RatingOut(allow_null=True)
    headline = serializers.CharField()
    summary = serializers.CharField()
    explanation = serializers.CharField(help_text="Sanitized HTML.")
    author = UserRefOut(allow_null=True)
    editor = UserRefOut(allow_null=True)
    version = serializers.IntegerField(help_text="Send it back with PUT .../verdict/; a stale one answers 409.")
    slug = serializers.CharField(allow_null=True)
    public_url = serializers.SerializerMethodField()
    published_rating = PublishedRatingOut(allow_null=True)
    published_at = serializers.DateTimeField(allow_null=True)
    modified_at = serializers.DateTimeField(allow_null=True)
    retracted_at = serializers.DateTimeField(allow_null=True)
    retraction_reason = serializers.CharField()
    updated_at = serializers.DateTimeField()

    def get_public_url(self, verdict) -> str | None:
        return _public_url(verdict, self.context.get("request"))


class VerdictDetailOut(VerdictOut):
    evidence = EvidenceOut(many=True)
    corrections = CorrectionOut(many=True)


class ClaimBriefOut(serializers.Serializer):
    id = serializers.IntegerField()
    text = serializers.CharField()
    state = serializers.CharField()
    article = ArticleRefOut()


class ArchivedOut(serializers.Serializer):
    id = serializers.IntegerField()
    claim_text = serializers.CharField()
    rating = serializers.CharField()
    url = serializers.CharField()
    publisher = serializers.CharField()
    published_at = serializers.DateField(allow_null=True)


class FactCheckRefOut(serializers.Serializer):
    """A public fact-check, briefly: enough to link to it."""

    claim_id = serializers.IntegerField()
    slug = serializers.CharField()
    url = serializers.SerializerMethodField()
    headline = serializers.CharField()
    rating = PublishedRatingOut(source="published_rating")
    published_at = serializers.DateTimeField()
    retracted = serializers.SerializerMethodField()

    def get_url(self, verdict) -> str:
        return display.absolute(verdict.get_absolute_url(), self.context.get("request"))

    def get_retracted(self, verdict) -> bool:
        return verdict.retracted_at is not None


class ScoreSignalOut(serializers.Serializer):
    name = serializers.CharField(help_text='What fired, in words: "a figure", "a medical outcome".')
    contribution = serializers.FloatField(help_text="What it added to the score's log-odds (negative: took away).")


class MatchesOut(serializers.Serializer):
    archived = ArchivedOut(allow_null=True, help_text="An already published fact-check (elsewhere) it repeats.")
    archived_score = serializers.FloatField(allow_null=True)
    already_checked = FactCheckRefOut(many=True, help_text="Public fact-checks of the same claim (its cluster).")


class ClusterOut(serializers.Serializer):
    id = serializers.IntegerField()
    label = serializers.CharField()
    siblings = ClaimBriefOut(many=True, help_text="The same claim in other articles (at most 20).")


class TopicOut(serializers.Serializer):
    slug = serializers.CharField()
    name = serializers.CharField()
    matched = serializers.ListField(child=serializers.CharField(), help_text="The keywords extraction found.")


def _topic(row) -> dict:
    return {"slug": row.topic.slug, "name": row.topic.name, "matched": list(row.matched or [])}


class ActionLinkOut(serializers.Serializer):
    action = serializers.CharField()
    method = serializers.CharField()
    path = serializers.CharField()


class ClaimDetailOut(serializers.Serializer):
    """A claim with its context, cluster, matches, assignments, evidence, verdict and what the caller may do."""

    id = serializers.IntegerField(source="claim.id")
    text = serializers.CharField(source="claim.text")
    context = serializers.CharField(source="claim.context")
    start = serializers.IntegerField(source="claim.start")
    end = serializers.IntegerField(source="claim.end")
    speaker = serializers.CharField(source="claim.speaker")
    claim_reviewed = serializers.CharField(source="claim.reviewed_text", help_text=REVIEWED_HELP)
    claim_date = serializers.DateField(source="claim.claim_date", allow_null=True, help_text="When it was made.")
    appearance_url = serializers.CharField(source="claim.appearance_url", help_text="Where it appeared.")
    origin = serializers.CharField(source="claim.origin", help_text=ORIGIN_HELP)
    source_url = serializers.CharField(source="claim.source_url", help_text="Where a typed claim came from.")
    source_description = serializers.CharField(source="claim.source_description")
    claim_type = serializers.CharField(source="claim.claim_type")
    score = serializers.FloatField(source="claim.score")
    score_basis = serializers.CharField(source="claim.score_basis", help_text=SCORE_BASIS_HELP)
    language = serializers.CharField(source="claim.language", help_text=LANGUAGE_HELP)
    score_signals = ScoreSignalOut(
        many=True,
        source="claim.score_signals",
        help_text="Why it scored as it did, strongest first; empty for a claim added by hand (origin manual).",
    )
    state = serializers.CharField(source="claim.state")
    priority = serializers.IntegerField(source="claim.priority")
    due_at = serializers.DateTimeField(source="claim.due_at", allow_null=True)
    overdue = serializers.BooleanField(source="claim.is_overdue")
    dismiss_reason = serializers.CharField(source="claim.dismiss_reason")
    version = serializers.IntegerField(source="claim.version", help_text="Send it back with actions; stale → 409.")
    created_at = serializers.DateTimeField(source="claim.created_at")
    updated_at = serializers.DateTimeField(source="claim.updated_at")
    article = ArticleRefOut(source="claim.article")
    cluster = serializers.SerializerMethodField()
    matches = serializers.SerializerMethodField()
    assignments = AssignmentOut(many=True)
    verdict_visible = serializers.BooleanField(
        help_text="False when the draft is not yours to see (then verdict is null and evidence empty)."
    )
    verdict = VerdictOut(allow_null=True)
    evidence = EvidenceOut(many=True)
    allowed_actions = serializers.ListField(child=serializers.CharField(), help_text="What you may do now.")
    action_links = serializers.SerializerMethodField()
    tags = serializers.SerializerMethodField(help_text=TAGS_HELP)
    fact_check_tags = serializers.SerializerMethodField(
        help_text="The fact-check's public tags (empty without a verdict you may see)."
    )
    topics = serializers.SerializerMethodField(help_text="Accepted topics: the claim is filed under them.")
    suggested_topics = serializers.SerializerMethodField(
        help_text="Topics extraction suggested that no one has accepted or rejected yet, with the keywords found."
    )

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_tags(self, detail) -> list[str]:
        return tagging.claim_tag_names(detail.claim)

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_fact_check_tags(self, detail) -> list[str]:
        return tagging.verdict_tag_names(detail.verdict)

    @extend_schema_field(TopicOut(many=True))
    def get_topics(self, detail) -> list[dict]:
        return [_topic(row) for row in self._topics(detail).accepted]

    @extend_schema_field(TopicOut(many=True))
    def get_suggested_topics(self, detail) -> list[dict]:
        return [_topic(row) for row in self._topics(detail).suggested]

    def _topics(self, detail) -> tagging.ClaimTopics:
        cache = self.__dict__.setdefault("_claim_topics", {})
        if detail.claim.pk not in cache:
            cache[detail.claim.pk] = tagging.claim_topics(detail.claim)
        return cache[detail.claim.pk]

    @extend_schema_field(ActionLinkOut(many=True))
    def get_action_links(self, detail):
        """Where to send each allowed action, as ``workflows.registry`` says (most are POST .../<action>/)."""
        links = []
        for action in detail.allowed_actions:
            spec = registry.ACTIONS.get(action)
            if spec is None or spec.api is None:  # an action the API does not offer: listed, without a link
                continue
            try:
                path = reverse(f"api:claim-{spec.api_path}", kwargs={"pk": detail.claim.pk})
            except NoReverseMatch:
                continue
            links.append({"action": action, "method": spec.api_method, "path": path})
        return links

    @extend_schema_field(ClusterOut(allow_null=True))
    def get_cluster(self, detail):
        cluster = detail.claim.cluster
        if cluster is None:
            return None
        return ClusterOut({"id": cluster.pk, "label": cluster.label, "siblings": detail.siblings}).data

    @extend_schema_field(MatchesOut)
    def get_matches(self, detail):
        claim = detail.claim
        return MatchesOut(
            {
                "archived": claim.archived_match,
                "archived_score": claim.match_score if claim.archived_match_id else None,
                "already_checked": detail.already_checked,
            }
        ).data


class AuditEventOut(serializers.Serializer):
    id = serializers.IntegerField()
    created_at = serializers.DateTimeField()
    sentence = serializers.CharField(
        help_text='What happened, for a reader: "Erin assigned the claim to Rafael, due 3 March". Without draft '
        "details when details_hidden is true."
    )
    action = serializers.CharField(help_text='Namespaced, e.g. "claim.assign".')
    actor = UserRefOut(allow_null=True, help_text="Null: the system.")
    from_state = serializers.CharField()
    to_state = serializers.CharField()
    note = serializers.CharField()
    target_type = serializers.SerializerMethodField()
    target_id = serializers.CharField(source="object_id")
    data = serializers.JSONField()
    details_hidden = serializers.BooleanField(
        source="draft_hidden",
        help_text="True when the event is about a draft you may not see: its data and note are left out.",
    )

    def get_target_type(self, event) -> str:
        return f"{event.content_type.app_label}.{event.content_type.model}"
