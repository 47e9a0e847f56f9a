"""Claims found in articles, the clusters that tie repeats together, and reviewer assignments."""

from django.conf import settings
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from taggit.managers import TaggableManager
from taggit.models import TaggedItem

from factcheck.claims import search
from factcheck.extraction.topics import parse_keywords
from factcheck.extraction.types import CLAIM_TYPE_LABELS
from factcheck.shorten import shortened


class ClaimState(models.TextChoices):
    """The claim's place in the editorial workflow; allowed moves live in ``workflows.transitions``."""

    NEW = "new", _("New")
    DISMISSED = "dismissed", _("Dismissed")
    ASSIGNED = "assigned", _("Assigned")
    IN_REVIEW = "in_review", _("In review")
    SUBMITTED = "submitted", _("Submitted for sign-off")
    APPROVED = "approved", _("Approved")
    PUBLISHED = "published", _("Published")
    RETRACTED = "retracted", _("Retracted")


#: The taxonomy's labels as the interface says them (the extraction library imports no Django, so the
#: translatable names live here; a type missing from this table shows the library's English label).
CLAIM_TYPE_NAMES = {
    "quantity": _("Quantity"),
    "prediction": _("Prediction"),
    "correlation_causation": _("Correlation or causation"),
    "laws_rules": _("Laws or rules"),
    "personal_experience": _("Personal experience"),
    "other": _("Other"),
}

#: Full Fact's claim taxonomy, made from the extraction library's one list (``ClaimType.QUANTITY`` etc.).
ClaimType = models.TextChoices(
    "ClaimType",
    [(value.upper(), (value, CLAIM_TYPE_NAMES.get(value, label))) for value, label in CLAIM_TYPE_LABELS.items()],
)


class Priority(models.IntegerChoices):
    URGENT = 1, _("Urgent")
    HIGH = 2, _("High")
    NORMAL = 3, _("Normal")
    LOW = 4, _("Low")


class DismissReason(models.TextChoices):
    NOT_CHECK_WORTHY = "not_check_worthy", _("Not check-worthy")
    DUPLICATE = "duplicate", _("Duplicate")
    OUT_OF_SCOPE = "out_of_scope", _("Out of scope")
    OPINION = "opinion", _("Opinion, not a factual claim")
    OTHER = "other", _("Other")


class ClaimOrigin(models.TextChoices):
    """How a claim reached the desk: found by extraction, or added by an editor the model missed."""

    EXTRACTED = "extracted", _("Extracted")
    MANUAL = "manual", _("Added by an editor")
    TIP = "tip", _("Reader tip")


class ClaimCluster(models.Model):
    """The same claim seen in several articles; the first claim seen names the cluster."""

    label = models.CharField(max_length=500)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.label[:80]


class ArchivedFactCheck(models.Model):
    """A fact-check published elsewhere (or before Factdesk), imported so new claims can match it."""

    claim_text = models.TextField()
    rating = models.CharField(max_length=100, blank=True)
    url = models.URLField(max_length=2000)
    publisher = models.CharField(max_length=200, blank=True)
    published_at = models.DateField(null=True, blank=True)
    imported_at = models.DateTimeField(auto_now_add=True)
    # The claim's sentence embedding as 384 signed bytes (``factcheck.extraction.embedding``), for matching.
    embedding = models.BinaryField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["-imported_at"]
        constraints = [models.UniqueConstraint(fields=["url"], name="archived_factcheck_unique_url")]

    def __str__(self) -> str:
        return self.claim_text[:80]


def stored_signals(signals) -> list[dict]:
    """A sentence's ``signals`` (``factcheck.extraction.types.Signal``) as ``Claim.score_signals`` keeps them."""
    return [{"name": str(s.name), "contribution": round(float(s.contribution), 4)} for s in signals]


class ClaimManager(models.Manager):
    """Claims without their search document: no page shows it, and it is the widest column of the row. The
    search reads it inside the database (``search.search_claims``)."""

    def get_queryset(self):
        return super().get_queryset().defer("search_vector", "embedding")


class Claim(models.Model):
    article = models.ForeignKey("articles.Article", on_delete=models.CASCADE, related_name="claims")
    text = models.TextField()
    start = models.PositiveIntegerField(help_text="Offset of the claim in the article's raw text.")
    end = models.PositiveIntegerField()
    context = models.TextField(blank=True, help_text="The surrounding sentences, as the reader saw them.")
    score = models.FloatField(help_text="Check-worthiness, 0 to 1.")
    claim_type = models.CharField(max_length=24, choices=ClaimType.choices, default=ClaimType.OTHER)
    speaker = models.CharField(max_length=200, blank=True, help_text="Who makes the claim; empty: the publication.")
    # What the desk checks and publishes. Empty means "the sentence as it appeared" (``text``), so claims
    # stored before this field, and every claim extraction stores, need no copy of their text; read
    # ``reviewed_text`` rather than this field.
    claim_reviewed = models.TextField(
        "claim as checked",
        blank=True,
        help_text="The claim as the desk checks and publishes it, self-contained; empty: the sentence.",
    )
    claim_date = models.DateField(null=True, blank=True, help_text="When the claim was made; empty: unknown.")
    appearance_url = models.URLField(
        "where it appeared",
        max_length=2000,
        blank=True,
        help_text="Where the claim appeared (a post, a broadcast page), http(s) only.",
    )
    origin = models.CharField(max_length=12, choices=ClaimOrigin, default=ClaimOrigin.EXTRACTED)
    # The sentence's language (ISO 639-1, e.g. "ru"); empty: the article's. Kept per claim because an article
    # can quote a source in another language.
    language = models.CharField(max_length=12, blank=True, help_text="The claim's language; empty: the article's.")
    # How the score was reached: empty, the check-worthiness model; "figures", the language-independent
    # signals alone (figures, money, records, approvals), where the model is weak for the claim's language.
    score_basis = models.CharField(
        max_length=12, blank=True, help_text="Empty: the model's score; 'figures': a figures-based score."
    )
    # For a claim an editor typed rather than selected in an article: where it came from.
    source_url = models.URLField("source URL", max_length=2000, blank=True, help_text="Where a typed claim came from.")
    source_description = models.CharField(
        max_length=500, blank=True, help_text="Where a typed claim came from, in words (a broadcast, a social post)."
    )
    state = models.CharField(max_length=12, choices=ClaimState, default=ClaimState.NEW)
    priority = models.PositiveSmallIntegerField(choices=Priority, default=Priority.NORMAL)
    due_at = models.DateTimeField(null=True, blank=True)
    dismiss_reason = models.CharField(max_length=20, choices=DismissReason, blank=True)
    cluster = models.ForeignKey(ClaimCluster, null=True, blank=True, on_delete=models.SET_NULL, related_name="claims")
    archived_match = models.ForeignKey(
        ArchivedFactCheck,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="matched_claims",
        help_text="An already published fact-check this claim repeats.",
    )
    match_score = models.FloatField(null=True, blank=True)
    # The sentence embedding as 384 signed bytes (``factcheck.extraction.embedding``), written with the claim,
    # so matching never encodes a stored claim again; NULL: matched on its words alone until filled.
    embedding = models.BinaryField(null=True, blank=True, editable=False)
    # Why the model scored the sentence as it did: ``[{"name": "a figure", "contribution": 1.2}, ...]``, as
    # extraction gave them (``stored_signals``), strongest first. Empty for claims stored before signals
    # were kept; a claim added by hand says so instead (``origin``).
    score_signals = models.JSONField(default=list, blank=True, help_text="The signals behind the score.")
    version = models.PositiveIntegerField(default=1, help_text="Bumped on every change; a stale edit is refused.")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    # Written by the database (``search.claim_document_trigger``), never by the application; NULL on SQLite.
    search_vector = SearchVectorField(null=True, editable=False)
    # The desk's own free tags (queue filters, the API); changed only by ``workflows.services.tags``.
    tags = TaggableManager(blank=True, help_text=_("The desk's free tags for this claim."))

    objects = ClaimManager()

    class Meta:
        ordering = ["priority", "-score", "id"]
        constraints = [
            models.UniqueConstraint(fields=["article", "start", "end"], name="claim_unique_span"),
            models.CheckConstraint(condition=Q(start__lt=models.F("end")), name="claim_span_nonempty"),
            models.CheckConstraint(condition=Q(score__gte=0) & Q(score__lte=1), name="claim_score_0_1"),
        ]
        indexes = [
            models.Index(fields=["state", "priority", "-score"], name="claim_queue"),
            models.Index(fields=["due_at"], name="claim_due"),
            # A short pending list: new claims wait there for the index, and a long one (4 MB by default) makes
            # every search read it, so the planner would rather scan the table.
            GinIndex(fields=["search_vector"], name="claim_search_vector", gin_pending_list_limit=256),
            # The API's order: a search with many matches walks it and tests each stored document.
            models.Index(fields=["priority", "-score", "id"], name="claim_triage_order"),
        ]
        triggers = [search.claim_document_trigger(), search.claim_to_verdict_trigger()]

    def __str__(self) -> str:
        """The claim as the desk checks it (headings, breadcrumbs, choices): the restatement once there is one."""
        return shortened(self.reviewed_text, 80)

    @property
    def reviewed_text(self) -> str:
        """The claim as the desk checks and publishes it: the restatement, else the sentence as it appeared."""
        return self.claim_reviewed or self.text

    @property
    def tag_names(self) -> list[str]:
        """The claim's tags, alphabetically, from what a list read along: the names (``TAG_NAMES_ATTR``, the
        API's claim list), the links (``tag_items_prefetch``, the queue), else ``prefetch_related("tags")`` or
        one query."""
        names = getattr(self, TAG_NAMES_ATTR, None)
        if names is None:
            items = getattr(self, TAG_ITEMS_ATTR, None)
            tags = [item.tag for item in items] if items is not None else self.tags.all()
            names = [t.name for t in tags]
        return sorted(names, key=str.casefold)

    @property
    def is_overdue(self) -> bool:
        open_states = {ClaimState.ASSIGNED, ClaimState.IN_REVIEW}
        return bool(self.due_at and self.state in open_states and self.due_at < timezone.now())


#: Where ``tag_items_prefetch`` leaves a claim's tag links (each with its tag).
TAG_ITEMS_ATTR = "prefetched_tag_items"
#: The annotation a list may read a claim's tag names into (a list of names, in any order).
TAG_NAMES_ATTR = "listed_tag_names"


def tag_items_prefetch() -> models.Prefetch:
    """A list's tags in one query. Why not ``prefetch_related("tags")``: reading that prefetch builds a taggit
    manager and its queryset for every row (a third of the API's claim list time at 50 rows, when it still
    prefetched), where this one hands each row a plain list of its links."""
    return models.Prefetch(
        "tagged_items",
        queryset=TaggedItem.objects.select_related("tag").only("object_id", "content_type", "tag", "tag__name"),
        to_attr=TAG_ITEMS_ATTR,
    )


class Assignment(models.Model):
    class Role(models.TextChoices):
        LEAD = "lead", _("Lead reviewer")
        SECOND = "second", _("Second reviewer")

    class State(models.TextChoices):
        ACTIVE = "active", _("Active")
        COMPLETED = "completed", _("Completed")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="assignments")
    reviewer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="assignments")
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    assigned_at = models.DateTimeField(default=timezone.now)
    due_at = models.DateTimeField(null=True, blank=True)
    role = models.CharField(max_length=8, choices=Role.choices, default=Role.LEAD)
    state = models.CharField(max_length=10, choices=State.choices, default=State.ACTIVE)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["due_at", "assigned_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["claim", "reviewer"], condition=Q(state="active"), name="assignment_one_active_per_reviewer"
            ),
            models.UniqueConstraint(
                fields=["claim"], condition=Q(state="active", role="lead"), name="assignment_one_active_lead"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.reviewer} → claim {self.claim_id} ({self.get_state_display()})"


class MatchDismissal(models.Model):
    """An editor's word that a match was wrong: the claim does not repeat that fact-check or that claim.

    Exactly one target: an archived fact-check ("already checked") or another article's claim (a cluster).
    Linking never makes a dismissed pair again, and ``match_report`` reads the scores of dismissed matches
    against those kept to tune the threshold.
    """

    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="match_dismissals")
    archived = models.ForeignKey(
        ArchivedFactCheck, null=True, blank=True, on_delete=models.CASCADE, related_name="dismissals"
    )
    other_claim = models.ForeignKey(Claim, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    score = models.FloatField(null=True, blank=True, help_text="The match score when it was dismissed.")
    dismissed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    reason = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["claim", "archived"],
                condition=Q(archived__isnull=False),
                name="match_dismissal_unique_archived",
            ),
            models.UniqueConstraint(
                fields=["claim", "other_claim"],
                condition=Q(other_claim__isnull=False),
                name="match_dismissal_unique_claim",
            ),
            models.CheckConstraint(
                condition=(Q(archived__isnull=False) & Q(other_claim__isnull=True))
                | (Q(archived__isnull=True) & Q(other_claim__isnull=False)),
                name="match_dismissal_one_target",
            ),
        ]

    def __str__(self) -> str:
        target = f"archived {self.archived_id}" if self.archived_id else f"claim {self.other_claim_id}"
        return f"claim {self.claim_id} ≠ {target}"


class Topic(models.Model):
    """A subject from the desk's controlled list (Health, Elections, ...), kept by an admin.

    Its keywords are what extraction looks for to suggest it (``factcheck.extraction.topics``); editors
    accept or change suggestions at the desk. The public site has a page and a feed per topic.
    """

    name = models.CharField(_("name"), max_length=80, unique=True)
    slug = models.SlugField(_("slug"), max_length=80, unique=True, help_text=_("Its address: /topics/<slug>/."))
    description = models.TextField(_("description"), blank=True, help_text=_("Shown on the topic's public page."))
    keywords = models.TextField(
        _("keywords"),
        blank=True,
        help_text=_(
            "Words and phrases that suggest this topic, one a line or separated by commas. Capitals (NHS) match "
            "only in capitals; a trailing * matches any ending (immigra*)."
        ),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("topic")
        verbose_name_plural = _("topics")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        """The public topic page (``factcheck.publishing.topics``)."""
        return f"/topics/{self.slug}/"

    @property
    def keyword_list(self) -> tuple[str, ...]:
        return parse_keywords(self.keywords)


class ClaimTopic(models.Model):
    """A topic on a claim: suggested by extraction, then accepted (or rejected) by the desk, or added by hand.

    One row per claim and topic, so a rejected suggestion is remembered and never suggested again.
    """

    class Status(models.TextChoices):
        SUGGESTED = "suggested", _("Suggested")
        ACCEPTED = "accepted", _("Accepted")
        REJECTED = "rejected", _("Rejected")

    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="topic_links")
    topic = models.ForeignKey(Topic, on_delete=models.CASCADE, related_name="claim_links")
    status = models.CharField(max_length=10, choices=Status, default=Status.SUGGESTED)
    score = models.FloatField(null=True, blank=True, help_text=_("How strongly extraction suggested it."))
    matched = models.JSONField(default=list, blank=True, help_text=_("The keywords extraction found."))
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["topic__name"]
        constraints = [models.UniqueConstraint(fields=["claim", "topic"], name="claim_topic_unique")]
        indexes = [models.Index(fields=["topic", "status"], name="claim_topic_by_topic")]

    def __str__(self) -> str:
        return f"claim {self.claim_id}: {self.topic_id} ({self.status})"
