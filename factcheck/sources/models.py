"""What the desk watches, and what it already took from each source.

A ``Source`` is data: its address and kind, how often to poll it, whether it is on, and how the last polls
went (kept on the row so the desk's list and the API read one table). A ``SourceEntry`` per item taken
(an RSS entry's guid, a page's text, a fact-check's URL) is what makes polling idempotent: the same entry
seen twice becomes nothing new.
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

#: Poll no more often than every 5 minutes (a publisher's server is not ours to hammer), at least weekly.
MIN_POLL_MINUTES = 5
MAX_POLL_MINUTES = 7 * 24 * 60


class Source(models.Model):
    class Kind(models.TextChoices):
        RSS = "rss", _("RSS or Atom feed")
        PAGE = "page", _("Web page to watch")
        CLAIMREVIEW = "claimreview", _("ClaimReview feed (fact-checks)")

    name = models.CharField(_("name"), max_length=200, unique=True)
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    url = models.URLField(_("address"), max_length=2000, unique=True)
    language = models.CharField(
        _("language"), max_length=12, default="en", help_text=_("The language its articles are written in.")
    )
    poll_minutes = models.PositiveIntegerField(
        _("poll every (minutes)"),
        default=60,
        validators=[MinValueValidator(MIN_POLL_MINUTES), MaxValueValidator(MAX_POLL_MINUTES)],
    )
    enabled = models.BooleanField(_("enabled"), default=True)

    # How polling goes (written by the poll service only).
    next_poll_at = models.DateTimeField(_("next poll"), null=True, blank=True, db_index=True)
    polling_since = models.DateTimeField(null=True, blank=True, editable=False)
    last_polled_at = models.DateTimeField(_("last polled"), null=True, blank=True)
    last_success_at = models.DateTimeField(_("last success"), null=True, blank=True)
    last_failure_at = models.DateTimeField(_("last failure"), null=True, blank=True)
    last_error = models.TextField(_("last failure reason"), blank=True)
    consecutive_failures = models.PositiveIntegerField(_("failures in a row"), default=0)
    entries_seen = models.PositiveIntegerField(_("entries seen"), default=0)
    articles_ingested = models.PositiveIntegerField(_("articles ingested"), default=0)
    factchecks_imported = models.PositiveIntegerField(_("fact-checks imported"), default=0)
    # The validators of the last 200 answer, sent back so an unchanged source answers 304.
    etag = models.CharField(max_length=500, blank=True, editable=False)
    last_modified = models.CharField(max_length=100, blank=True, editable=False)

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("monitored source")
        verbose_name_plural = _("monitored sources")
        indexes = [models.Index(fields=["enabled", "next_poll_at"], name="source_due")]

    def __str__(self) -> str:
        return self.name


class SourceEntry(models.Model):
    """One item taken from a source, keyed as the source names it, and what it became."""

    class Outcome(models.TextChoices):
        ARTICLE = "article", _("New article")
        KNOWN = "known", _("Article already on the desk")
        FETCHING = "fetching", _("Article page being fetched")
        FACTCHECK = "factcheck", _("Fact-check imported")
        REFUSED = "refused", _("Refused")

    source = models.ForeignKey(Source, on_delete=models.CASCADE, related_name="entries")
    # A feed entry's guid (else its link), a page's text hash, a fact-check's URL; hashed past 500 characters.
    key = models.CharField(max_length=500)
    # What the entry said last time (claim and rating of a fact-check), so a changed one is imported again.
    fingerprint = models.CharField(max_length=64, blank=True)
    title = models.CharField(max_length=500, blank=True)
    url = models.URLField(max_length=2000, blank=True)
    outcome = models.CharField(max_length=12, choices=Outcome.choices)
    note = models.TextField(blank=True)
    article = models.ForeignKey("articles.Article", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    factcheck = models.ForeignKey(
        "claims.ArchivedFactCheck", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("source entry")
        verbose_name_plural = _("source entries")
        constraints = [models.UniqueConstraint(fields=["source", "key"], name="source_entry_unique_key")]

    def __str__(self) -> str:
        return self.title or self.key[:80]
