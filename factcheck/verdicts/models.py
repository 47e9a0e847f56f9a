"""Rating scales, verdicts, the evidence behind them and the public corrections log."""

from django.conf import settings
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVectorField
from django.core.validators import RegexValidator, URLValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from taggit.managers import TaggableManager

from factcheck.claims import search
from factcheck.sanitize import clean_html

hex_colour = RegexValidator(r"^#[0-9a-fA-F]{6}$", "Use a six-digit hex colour such as #1a7f37.")
http_url = URLValidator(schemes=["http", "https"], message="Evidence links must be http:// or https:// URLs.")


class RatingScale(models.Model):
    """An ordered set of ratings. Exactly one scale is the default for new verdicts."""

    name = models.CharField(max_length=100, unique=True)
    slug = models.SlugField(unique=True)
    description = models.TextField(blank=True)
    is_default = models.BooleanField(default=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["is_default"], condition=Q(is_default=True), name="one_default_scale")
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def best_value(self) -> int | None:
        return max((r.value for r in self.ratings.all() if r.value is not None), default=None)

    @property
    def worst_value(self) -> int | None:
        return min((r.value for r in self.ratings.all() if r.value is not None), default=None)


class Rating(models.Model):
    """One step of a scale. ``value`` is null for outcomes outside the scale (Unverifiable, Missing context)."""

    scale = models.ForeignKey(RatingScale, on_delete=models.CASCADE, related_name="ratings")
    value = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="Higher is more accurate; 1 is the worst. Empty: outside the scale."
    )
    label = models.CharField(max_length=60)
    slug = models.SlugField()
    description = models.CharField(max_length=300)
    colour = models.CharField(max_length=7, validators=[hex_colour])
    position = models.PositiveSmallIntegerField(help_text="Display order, best first.")

    class Meta:
        ordering = ["scale", "position"]
        constraints = [
            models.UniqueConstraint(fields=["scale", "slug"], name="rating_unique_slug"),
            models.UniqueConstraint(fields=["scale", "position"], name="rating_unique_position"),
            models.UniqueConstraint(
                fields=["scale", "value"], condition=Q(value__isnull=False), name="rating_unique_value"
            ),
            models.CheckConstraint(condition=Q(value__isnull=True) | Q(value__gte=1), name="rating_value_min_1"),
        ]

    def __str__(self) -> str:
        return self.label

    @property
    def on_scale(self) -> bool:
        return self.value is not None


class VerdictManager(models.Manager):
    """Verdicts without their search document, which no page shows (``search.verdict_document_trigger``)."""

    def get_queryset(self):
        return super().get_queryset().defer("search_vector")


class Verdict(models.Model):
    """The reviewers' finding on one claim. Its workflow state is the claim's; it is not stored twice."""

    claim = models.OneToOneField("claims.Claim", on_delete=models.CASCADE, related_name="verdict")
    rating = models.ForeignKey(Rating, null=True, blank=True, on_delete=models.PROTECT, related_name="verdicts")
    headline = models.CharField(max_length=300, blank=True)
    summary = models.TextField(blank=True, help_text='"In short": one or two sentences for the reader.')
    explanation = models.TextField(blank=True, help_text="Sanitized HTML.")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="verdicts_written"
    )
    editor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="verdicts_edited"
    )
    contributors = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        through="VerdictContribution",
        related_name="verdicts_contributed",
        blank=True,
        help_text="Everyone who wrote any of the draft or its evidence; none of them may sign it off.",
    )
    version = models.PositiveIntegerField(default=1, help_text="Bumped on every save; a stale save is refused.")
    slug = models.SlugField(max_length=120, unique=True, null=True, blank=True)
    published_rating = models.JSONField(
        null=True, blank=True, help_text="The rating as published (label, value, scale bounds, colour)."
    )
    published_at = models.DateTimeField(null=True, blank=True)
    modified_at = models.DateTimeField(null=True, blank=True, help_text="Last public change (correction).")
    retracted_at = models.DateTimeField(null=True, blank=True)
    retraction_reason = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    # The public search's document, written by the database (``search.verdict_document_trigger``); NULL on SQLite.
    search_vector = SearchVectorField(null=True, editable=False)
    # The fact-check's public tags (the index's tag filter, ``?tag=`` of the public API); changed only by
    # ``workflows.services.tags``.
    tags = TaggableManager(blank=True, help_text="The fact-check's public tags.")

    objects = VerdictManager()

    class Meta:
        ordering = ["-published_at", "-updated_at"]
        indexes = [
            models.Index(fields=["-published_at"], name="verdict_published"),
            # Only fact-checks with a public address are searched.
            GinIndex(
                fields=["search_vector"],
                name="verdict_search_vector",
                condition=Q(slug__isnull=False),
                gin_pending_list_limit=256,
            ),
        ]
        triggers = [search.verdict_document_trigger()]

    def __str__(self) -> str:
        return self.headline or f"Verdict on claim {self.claim_id}"

    def get_absolute_url(self) -> str:
        """The public page; ``factcheck.publishing.urls`` serves this path (a test keeps them in step)."""
        return f"/fact-checks/{self.slug}/"

    def clean(self) -> None:
        self.explanation = clean_html(self.explanation)

    @property
    def tag_names(self) -> list[str]:
        """The fact-check's tags, alphabetically, from what was prefetched (``prefetch_related("tags")``)."""
        return sorted((t.name for t in self.tags.all()), key=str.casefold)

    @property
    def state(self) -> str:
        return self.claim.state


class VerdictContribution(models.Model):
    """One person's part in writing a verdict: its draft or its evidence, from the first write to the last.

    ``Verdict.author`` is the first writer (the byline); this keeps *everyone* who wrote, because sign-off
    must be by someone who wrote none of it, however the claim was assigned when they wrote.
    """

    verdict = models.ForeignKey(Verdict, on_delete=models.CASCADE, related_name="contributions")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    first_at = models.DateTimeField()
    last_at = models.DateTimeField()

    class Meta:
        ordering = ["verdict", "first_at", "id"]
        constraints = [models.UniqueConstraint(fields=["verdict", "user"], name="verdict_contribution_once")]

    def __str__(self) -> str:
        return f"{self.user} on verdict {self.verdict_id}"


class DraftRevision(models.Model):
    """One save of a verdict draft: who saved it, when, and the fields as saved (sanitized).

    Written by ``verdict_save_draft`` only, never edited: the draft's history, and the "theirs" an editor
    sees beside their own text when a save is refused as stale. ``number`` is the verdict version the save
    made, so it increases with every save (a return bumps the version too, so numbers may skip).
    ``rating_label`` keeps the label as it was, should the rating be renamed or deleted later.
    """

    verdict = models.ForeignKey(Verdict, on_delete=models.CASCADE, related_name="draft_revisions")
    number = models.PositiveIntegerField(help_text="The verdict version this save made.")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    rating = models.ForeignKey(Rating, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    rating_label = models.CharField(max_length=60, blank=True)
    headline = models.CharField(max_length=300, blank=True)
    summary = models.TextField(blank=True)
    explanation = models.TextField(blank=True, help_text="Sanitized HTML, as saved.")
    changed = models.JSONField(default=list, blank=True, help_text="The fields this save changed.")

    class Meta:
        ordering = ["verdict", "-number"]
        constraints = [models.UniqueConstraint(fields=["verdict", "number"], name="draft_revision_once")]

    def __str__(self) -> str:
        return f"Draft version {self.number} of verdict {self.verdict_id}"


class EvidenceLink(models.Model):
    class Stance(models.TextChoices):
        SUPPORTS = "supports", _("Supports the claim")
        REFUTES = "refutes", _("Refutes the claim")
        CONTEXT = "context", _("Context")

    class LinkStatus(models.TextChoices):
        UNCHECKED = "unchecked", _("Not checked yet")
        OK = "ok", _("Reachable")
        BROKEN = "broken", _("Broken")
        BLOCKED = "blocked", _("Blocked (private address)")

    verdict = models.ForeignKey(Verdict, on_delete=models.CASCADE, related_name="evidence")
    url = models.URLField(max_length=2000, validators=[http_url])
    title = models.CharField(max_length=300)
    publisher = models.CharField(max_length=200, blank=True)
    quote = models.TextField(blank=True, help_text="The passage that matters, quoted exactly.")
    stance = models.CharField(max_length=10, choices=Stance.choices, default=Stance.CONTEXT)
    accessed_on = models.DateField(null=True, blank=True)
    link_status = models.CharField(max_length=10, choices=LinkStatus.choices, default=LinkStatus.UNCHECKED)
    checked_at = models.DateTimeField(null=True, blank=True)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return self.title


class Correction(models.Model):
    """A public entry in a published verdict's corrections log; appended, never edited away."""

    class Kind(models.TextChoices):
        CORRECTION = "correction", _("Correction")
        UPDATE = "update", _("Update")
        RETRACTION = "retraction", _("Retraction")

    verdict = models.ForeignKey(Verdict, on_delete=models.CASCADE, related_name="corrections")
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.CORRECTION)
    created_at = models.DateTimeField(auto_now_add=True)
    what_changed = models.CharField(max_length=300)
    old_rating = models.CharField(max_length=60, blank=True)
    new_rating = models.CharField(max_length=60, blank=True)
    note = models.TextField(help_text="Shown to readers.")
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} of {self.created_at:%Y-%m-%d}: {self.what_changed}"
