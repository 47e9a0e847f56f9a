"""List filters for the claim queue. Each keeps its query cheap at scale: no filter lists every article or
cluster, and the reviewer filter uses a subquery instead of a join that would duplicate rows."""

import datetime
from collections.abc import Callable

from django.contrib import admin
from django.db import connections, router
from django.db.models import Exists, OuterRef, QuerySet
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from taggit.models import Tag, TaggedItem

from factcheck.articles.models import Article
from factcheck.claims.models import Assignment, Claim, ClaimCluster, ClaimState, Topic

from .. import selectors, tagging
from . import queue

OPEN = selectors.OPEN_STATES


def _as_id(value) -> int | None:
    """A database id from a URL parameter, or None: ASCII digits only, at most 18 (no "²", no 10**20, which
    the database would refuse with a 500)."""
    value = str(value)
    if value.isascii() and value.isdigit() and len(value) <= 18:
        return int(value)
    return None


class CompiledRows:
    """A sidebar query whose SQL holds nothing of the request, compiled once per process (and database); its
    rows are read afresh on every page. Compiling the ORM query (resolving its lookups, joins and subquery)
    cost more than running it. Only for ``values_list`` queries of plain columns (text, integers, booleans):
    the rows are the database driver's, with no field converters applied."""

    def __init__(self, model, build: Callable[[], QuerySet]):
        self.model = model
        self.build = build
        self._sql: dict[tuple[str, str], tuple[str, tuple]] = {}

    def sql(self, alias: str) -> tuple[str, tuple]:
        key = (alias, connections[alias].vendor)
        compiled = self._sql.get(key)
        if compiled is None:
            sql, params = self.build().query.get_compiler(using=alias).as_sql()
            compiled = self._sql[key] = (sql, tuple(params))
        return compiled

    def rows(self) -> list[tuple]:
        alias = router.db_for_read(self.model)
        sql, params = self.sql(alias)
        with connections[alias].cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchall()


class _ChoicesFromTables(admin.SimpleListFilter):
    """A filter whose choices are read from the database (``choices_from_tables``). When only the queue's
    rows are wanted (``queue.ROWS_ONLY``: the claim page's previous/next), no sidebar is drawn, so the
    choices are not read; the one placeholder keeps the filter applied (Django skips a filter with none)."""

    def lookups(self, request, model_admin):
        if getattr(request, queue.ROWS_ONLY, False):
            return [(self.value() or "", "")]
        return self.choices_from_tables(request, model_admin)

    def choices_from_tables(self, request, model_admin):
        raise NotImplementedError


class QueueStateFilter(admin.SimpleListFilter):
    """The queue opens on open work (new, assigned, in review): what an editor triages and chases. Other
    states are one link away: waiting for sign-off, one state, or all of them.

    ``?state=`` takes ``all``, ``signoff`` or a state; the dashboard's older ``?state__exact=<state>``
    links mean the same one state. An unknown value shows no claims rather than failing.
    """

    title = _("state")
    parameter_name = "state"
    LEGACY = "state__exact"
    GROUPS = {
        "signoff": (ClaimState.SUBMITTED, ClaimState.APPROVED),
        "all": None,
    }

    def __init__(self, request, params, model, model_admin):
        if self.LEGACY in params and self.parameter_name not in params:
            params[self.parameter_name] = params.pop(self.LEGACY)
        params.pop(self.LEGACY, None)
        super().__init__(request, params, model, model_admin)

    def lookups(self, request, model_admin):
        return [("signoff", gettext("Waiting for sign-off")), *ClaimState.choices, ("all", gettext("All states"))]

    def expected_parameters(self):
        return [self.parameter_name, self.LEGACY]

    def choices(self, changelist):
        yield {
            "selected": not self.value(),
            "query_string": changelist.get_query_string(remove=self.expected_parameters()),
            "display": gettext("Open work (new, assigned, in review)"),
        }
        for value, label in self.lookup_choices:
            yield {
                "selected": self.value() == str(value),
                "query_string": changelist.get_query_string({self.parameter_name: value}, [self.LEGACY]),
                "display": label,
            }

    def queryset(self, request, queryset):
        value = self.value()
        if not value:
            return queue.in_states(queryset, selectors.QUEUE_OPEN_STATES)
        if value in self.GROUPS:
            states = self.GROUPS[value]
            return queryset if states is None else queue.in_states(queryset, states)
        if value in ClaimState.values:
            return queue.in_states(queryset, [value])
        return queryset.none()


def _full_name(first_name: str, last_name: str) -> str:
    """``User.get_full_name()`` from the two columns."""
    return f"{first_name} {last_name}".strip()


class ReviewerFilter(_ChoicesFromTables):
    title = _("reviewer (active)")
    parameter_name = "reviewer"
    users = CompiledRows(
        Assignment.reviewer.field.related_model,
        lambda: selectors.assignable_users().values_list("pk", "first_name", "last_name", "username"),
    )

    def choices_from_tables(self, request, model_admin):
        users = self.users.rows()
        return [("me", gettext("Me")), *((str(pk), _full_name(first, last) or name) for pk, first, last, name in users)]

    def queryset(self, request, queryset):
        value = self.value()
        if not value:
            return queryset
        reviewer_id = request.user.pk if value == "me" else _as_id(value)
        if reviewer_id is None:
            return queryset.none()
        active = Assignment.objects.filter(reviewer_id=reviewer_id, state=Assignment.State.ACTIVE)
        return queryset.filter(pk__in=active.values("claim_id"))


class DueFilter(admin.SimpleListFilter):
    title = _("due")
    parameter_name = "due"

    def lookups(self, request, model_admin):
        return [
            ("overdue", gettext("Overdue")),
            ("24h", gettext("Due within 24 hours")),
            ("week", gettext("Due within 7 days")),
            ("none", gettext("Open, no due date")),
        ]

    def queryset(self, request, queryset):
        now = timezone.now()
        value = self.value()
        if value == "overdue":
            return queryset.filter(state__in=OPEN, due_at__lt=now)
        if value == "24h":
            return queryset.filter(state__in=OPEN, due_at__gte=now, due_at__lt=now + datetime.timedelta(hours=24))
        if value == "week":
            return queryset.filter(state__in=OPEN, due_at__gte=now, due_at__lt=now + datetime.timedelta(days=7))
        if value == "none":
            return queryset.filter(state__in=OPEN, due_at__isnull=True)
        return queryset


class ScoreBandFilter(admin.SimpleListFilter):
    title = _("check-worthiness")
    parameter_name = "score"
    BANDS = {"high": (0.75, 1.01), "medium": (0.5, 0.75), "low": (0.0, 0.5)}

    def lookups(self, request, model_admin):
        return [
            ("high", gettext("High (75% and up)")),
            ("medium", gettext("Medium (50% to 75%)")),
            ("low", gettext("Low (under 50%)")),
        ]

    def queryset(self, request, queryset):
        band = self.BANDS.get(self.value() or "")
        if band is None:
            return queryset
        return queryset.filter(score__gte=band[0], score__lt=band[1])


class _RecentFilter(_ChoicesFromTables):
    """Offer the most recent few choices plus the one selected; any id still works from the URL."""

    model = None
    field = ""
    limit = 15
    shown: tuple[str, ...] = ()  # the fields the choice's label reads (its ``__str__``): plain columns
    recent: CompiledRows

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        cls.recent = CompiledRows(cls.model, cls._recent_rows)

    @classmethod
    def _recent_rows(cls) -> QuerySet:
        # Newest by id (rows are numbered as they are made): the primary key walks backwards and stops at
        # ``limit``; ordering by created_at read every row first (50 ms at 100,000 claims, growing with them).
        has_claims = Exists(Claim.objects.filter(**{cls.field: OuterRef("pk")}))
        return cls.model.objects.filter(has_claims).order_by("-pk").values_list("pk", *cls.shown)[: cls.limit]

    def choices_from_tables(self, request, model_admin):
        names = [self.model._meta.pk.attname, *self.shown]
        db = router.db_for_read(self.model)
        choices = [self.model.from_db(db, names, row) for row in self.recent.rows()]
        value = self.value()
        if value and _as_id(value) is not None and all(str(o.pk) != value for o in choices):
            choices += list(self.model.objects.only(*self.shown).filter(pk=_as_id(value)))
        return [(str(o.pk), str(o)[:60]) for o in choices]

    def queryset(self, request, queryset):
        value = self.value()
        if not value:
            return queryset
        if _as_id(value) is None:
            return queryset.none()
        return queryset.filter(**{self.field: _as_id(value)})


class ArticleFilter(_RecentFilter):
    title = _("article (recent)")
    parameter_name = "article"
    model = Article
    field = "article_id"
    shown = ("title",)  # not the article's text


class ClusterFilter(_RecentFilter):
    title = _("cluster (recent)")
    parameter_name = "cluster"
    model = ClaimCluster
    field = "cluster_id"
    shown = ("label",)


class TagFilter(_ChoicesFromTables):
    """Claims with one of the desk's tags (any case); the list offers the tags in use on claims."""

    title = _("tag")
    parameter_name = "tag"
    # ``tagging.claim_tag_choices``'s query, compiled once (its test compares the two).
    tags_on_claims = CompiledRows(
        Tag,
        lambda: Tag.objects.filter(
            Exists(
                TaggedItem.objects.filter(
                    content_type__app_label="claims", content_type__model="claim", tag_id=OuterRef("pk")
                )
            )
        ).values_list("name")[: tagging.TAG_SUGGESTIONS],
    )

    def choices_from_tables(self, request, model_admin):
        names = sorted((name for (name,) in self.tags_on_claims.rows()), key=str.casefold)
        return [(name, name) for name in names]

    def queryset(self, request, queryset):
        value = (self.value() or "").strip()
        return tagging.with_tag(queryset, value[:100]) if value else queryset


class TopicFilter(_ChoicesFromTables):
    """Claims filed under a topic, or with it suggested and not yet decided ("suggested: Health")."""

    title = _("topic")
    parameter_name = "topic"
    SUGGESTED = "suggested:"

    # ``tagging.topic_choices``, compiled once: each topic's slug and name, by name.
    topics = CompiledRows(Topic, lambda: Topic.objects.order_by("name").values_list("slug", "name"))

    def choices_from_tables(self, request, model_admin):
        topics = self.topics.rows()
        return [
            *((slug, name) for slug, name in topics),
            *((self.SUGGESTED + slug, gettext("suggested: %(topic)s") % {"topic": name}) for slug, name in topics),
        ]

    def queryset(self, request, queryset):
        value = (self.value() or "").strip()[:100]
        if not value:
            return queryset
        if value.startswith(self.SUGGESTED):
            return tagging.with_topic(queryset, value.removeprefix(self.SUGGESTED), suggested_only=True)
        return tagging.with_topic(queryset, value)


def titled_choices(title):
    """A field's own choices filter under a translated title: the models' field names are English (their
    verbose names would need a migration), and a filter's title is what the sidebar shows."""

    class TitledChoicesFilter(admin.ChoicesFieldListFilter):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self.title = title

    return TitledChoicesFilter
