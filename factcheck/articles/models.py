"""Articles as received: the raw text is kept byte-for-byte so claim spans always point into it."""

import hashlib
import re

import pgtrigger
from django.db import models
from django.utils.translation import gettext_lazy as _

_WHITESPACE = re.compile(r"\s+")


def content_hash(text: str) -> str:
    """Hash of the text with whitespace folded, so a re-sent article with other line endings is the same."""
    return hashlib.sha256(_WHITESPACE.sub(" ", text).strip().encode("utf-8")).hexdigest()


class Article(models.Model):
    class Status(models.TextChoices):
        # Submitted by URL: the row is stored first and a task fetches the page (then: queued).
        FETCHING = "fetching", _("Fetching")
        QUEUED = "queued", _("Queued")
        PROCESSING = "processing", _("Processing")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")
        # The fetched page had the text of another article (``duplicate_of``): that one holds the claims.
        DUPLICATE = "duplicate", _("Duplicate")

    class Source(models.TextChoices):
        SEED = "seed", _("Seed folder")
        FILE = "file", _("File")
        URL = "url", _("URL")
        FEED = "feed", _("Feed")
        API = "api", _("API")
        ADMIN = "admin", _("Admin")

    title = models.CharField(max_length=500, blank=True)
    publisher = models.CharField(max_length=200, blank=True)
    url = models.URLField(max_length=2000, blank=True)
    published_at = models.DateTimeField(null=True, blank=True)
    language = models.CharField(max_length=12, default="en")
    source = models.CharField(max_length=10, choices=Source.choices, default=Source.API)
    source_name = models.CharField(max_length=500, blank=True, help_text="File name or feed the article came from.")
    raw_text = models.TextField(help_text="The text exactly as received; claim offsets index into it.")
    cleaned_text = models.TextField(blank=True)
    # Empty (NULL) only while a URL is being fetched, or when its fetch failed or found a duplicate.
    content_hash = models.CharField(max_length=64, unique=True, null=True, editable=False)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.QUEUED, db_index=True)
    error = models.TextField(blank=True)
    duplicate_of = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="For a fetched page whose text was already known: the article that has it.",
    )
    attempts = models.PositiveIntegerField(default=0)
    status_changed_at = models.DateTimeField(auto_now_add=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["status", "status_changed_at"], name="article_status_age")]
        # A claim's search document includes its article's title (``factcheck.claims.search``): a retitled
        # article clears its claims' documents, which the claims table's trigger recomputes.
        triggers = [
            pgtrigger.Trigger(
                name="article_title_search",
                when=pgtrigger.After,
                operation=pgtrigger.UpdateOf("title"),
                condition=pgtrigger.Condition("OLD.title IS DISTINCT FROM NEW.title"),
                func="UPDATE claims_claim SET search_vector = NULL WHERE article_id = NEW.id; RETURN NULL;",
            )
        ]

    def __str__(self) -> str:
        return self.title or f"Article {self.pk}"
