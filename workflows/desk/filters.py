"""List filters for the claim queue. Each keeps its query cheap at scale: no filter lists every article or
cluster, and the reviewer filter uses a subquery instead of a join that would duplicate rows."""

import datetime

from django.contrib import admin
from django.db.models import Exists, OuterRef
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from factcheck.articles.models import Article
from factcheck.claims.models import Assignment, Claim, ClaimCluster, ClaimState

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


class ReviewerFilter(_ChoicesFromTables):
    title = _("reviewer (active)")
    parameter_name = "reviewer"

    def choices_from_tables(self, request, model_admin):
        users = selectors.assignable_users()
        return [("me", gettext("Me")), *((str(u.pk), u.get_full_name() or u.username) for u in users)]

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
    shown: tuple[str, ...] = ()  # the fields the choice's label reads (its ``__str__``), all of them if empty

    def choices_from_tables(self, request, model_admin):
        has_claims = Exists(Claim.objects.filter(**{self.field: OuterRef("pk")}))
        # Newest by id (rows are numbered as they are made): the primary key walks backwards and stops at
        # ``limit``; ordering by created_at read every row first (50 ms at 100,000 claims, growing with them).
        rows = self.model.objects.only(*self.shown) if self.shown else self.model.objects.all()
        choices = list(rows.filter(has_claims).order_by("-pk")[: self.limit])
        value = self.value()
        if value and _as_id(value) is not None and all(str(o.pk) != value for o in choices):
            choices += list(rows.filter(pk=_as_id(value)))
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


class TagFilter(_ChoicesFromTables):
    """Claims with one of the desk's tags (any case); the list offers the tags in use on claims."""

    title = _("tag")
    parameter_name = "tag"

    def choices_from_tables(self, request, model_admin):
        return [(name, name) for name in tagging.claim_tag_choices()]

    def queryset(self, request, queryset):
        value = (self.value() or "").strip()
        return tagging.with_tag(queryset, value[:100]) if value else queryset


class TopicFilter(_ChoicesFromTables):
    """Claims filed under a topic, or with it suggested and not yet decided ("suggested: Health")."""

    title = _("topic")
    parameter_name = "topic"
    SUGGESTED = "suggested:"

    def choices_from_tables(self, request, model_admin):
        topics = tagging.topic_choices()
        return [
            *((t.slug, t.name) for t in topics),
            *((self.SUGGESTED + t.slug, gettext("suggested: %(topic)s") % {"topic": t.name}) for t in topics),
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
