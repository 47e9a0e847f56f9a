"""The names the desk shows for the newsroom's models and their fields, in the reader's language.

The models of the claims, verdicts, articles and audit apps were written without translatable verbose names,
and giving them some in ``Meta``/field definitions would need a schema-free migration in each of those apps.
Until those apps next migrate, the desk names them here: ``apply()`` (called by ``WorkflowsConfig.ready``)
sets each model's ``verbose_name``/``verbose_name_plural`` and each listed field's ``verbose_name`` to a lazy
translation of the same English words, and wraps help texts the same way. Migrations read what a model was
declared with (``Options.original_attrs``, ``Field._verbose_name``) and an equal lazy help text compares
equal, so ``makemigrations`` sees no change (``tests/unit/test_translations.py`` checks it). When those apps
migrate again, move these names into their models and delete this module.
"""

from __future__ import annotations

from django.apps import apps
from django.utils.translation import gettext_lazy as _

# app_label.Model → (verbose_name, verbose_name_plural, {field: verbose_name})
NAMES = {
    "claims.Claim": (
        _("claim"),
        _("claims"),
        {
            "article": _("article"),
            "text": _("text"),
            "start": _("start"),
            "end": _("end"),
            "context": _("context"),
            "score": _("score"),
            "claim_type": _("claim type"),
            "speaker": _("speaker"),
            "claim_reviewed": _("claim as checked"),
            "claim_date": _("claim date"),
            "appearance_url": _("where it appeared"),
            "origin": _("origin"),
            "language": _("language"),
            "source_url": _("source URL"),
            "source_description": _("source description"),
            "state": _("state"),
            "priority": _("priority"),
            "due_at": _("due at"),
            "dismiss_reason": _("dismiss reason"),
            "cluster": _("cluster"),
            "archived_match": _("archived match"),
            "match_score": _("match score"),
            "version": _("version"),
            "created_at": _("created at"),
            "updated_at": _("updated at"),
        },
    ),
    "claims.ClaimCluster": (_("claim cluster"), _("claim clusters"), {"label": _("label")}),
    "claims.ArchivedFactCheck": (
        _("archived fact-check"),
        _("archived fact-checks"),
        {"claim_text": _("claim text"), "rating": _("rating"), "publisher": _("publisher")},
    ),
    "claims.Assignment": (
        _("assignment"),
        _("assignments"),
        {
            "claim": _("claim"),
            "reviewer": _("reviewer"),
            "assigned_by": _("assigned by"),
            "assigned_at": _("assigned at"),
            "due_at": _("due at"),
            "role": _("role"),
            "state": _("state"),
            "finished_at": _("finished at"),
        },
    ),
    "claims.MatchDismissal": (_("match dismissal"), _("match dismissals"), {}),
    "verdicts.RatingScale": (_("rating scale"), _("rating scales"), {"name": _("name")}),
    "verdicts.Rating": (_("rating"), _("ratings"), {"label": _("label"), "value": _("value")}),
    "verdicts.Verdict": (
        _("verdict"),
        _("verdicts"),
        {
            "claim": _("claim"),
            "rating": _("rating"),
            "headline": _("headline"),
            "summary": _("summary"),
            "explanation": _("explanation"),
            "author": _("author"),
            "editor": _("editor"),
            "version": _("version"),
            "published_at": _("published at"),
            "retracted_at": _("retracted at"),
            "retraction_reason": _("retraction reason"),
        },
    ),
    "verdicts.DraftRevision": (_("draft revision"), _("draft revisions"), {}),
    "verdicts.EvidenceLink": (
        _("evidence link"),
        _("evidence links"),
        {
            "url": _("URL"),
            "title": _("title"),
            "publisher": _("publisher"),
            "quote": _("quote"),
            "stance": _("stance"),
            "accessed_on": _("accessed on"),
            "link_status": _("link status"),
        },
    ),
    "verdicts.Correction": (
        _("correction"),
        _("corrections"),
        {"kind": _("kind"), "what_changed": _("what changed"), "note": _("note"), "created_at": _("created at")},
    ),
    "articles.Article": (
        _("article"),
        _("articles"),
        {
            "title": _("title"),
            "publisher": _("publisher"),
            "url": _("URL"),
            "published_at": _("published at"),
            "language": _("language"),
            "source": _("source"),
            "source_name": _("source name"),
            "raw_text": _("raw text"),
            "cleaned_text": _("cleaned text"),
            "content_hash": _("content hash"),
            "status": _("status"),
            "error": _("error"),
            "attempts": _("attempts"),
            "duplicate_of": _("duplicate of"),
            "status_changed_at": _("status changed at"),
            "created_at": _("created at"),
            "updated_at": _("updated at"),
        },
    ),
    "audit.AuditEvent": (_("audit event"), _("audit events"), {"actor": _("actor"), "action": _("action")}),
    "workflows.ReviewerProfile": (
        _("reviewer profile"),
        _("reviewer profiles"),
        {"available": _("available"), "unavailable_until": _("unavailable until"), "note": _("note")},
    ),
    "workflows.PanelVote": (_("panel vote"), _("panel votes"), {}),
    "workflows.VerdictRevision": (_("published version"), _("published versions"), {}),
    "workflows.SavedQueueView": (_("saved queue view"), _("saved queue views"), {}),
}

# Help texts shown under the claim page's fields: the same English words, read through the catalogue.
HELP = {
    "claims.Claim": {
        "start": _("Offset of the claim in the article's raw text."),
        "speaker": _("Who makes the claim; empty: the publication."),
        "archived_match": _("An already published fact-check this claim repeats."),
        "version": _("Bumped on every change; a stale edit is refused."),
    },
}

# The apps' names in the desk's menu and breadcrumbs.
APP_NAMES = {"audit": _("Audit log"), "workflows": _("Editorial workflow")}


def apply() -> None:
    for dotted, (singular, plural, fields) in NAMES.items():
        model = apps.get_model(dotted)
        model._meta.verbose_name = singular
        model._meta.verbose_name_plural = plural
        for name, label in fields.items():
            model._meta.get_field(name).verbose_name = label
    for dotted, texts in HELP.items():
        model = apps.get_model(dotted)
        for name, text in texts.items():
            field = model._meta.get_field(name)
            if str(field.help_text) == str(text):  # only ever the same words, so migrations see no change
                field.help_text = text
    for app_label, app_name in APP_NAMES.items():
        apps.get_app_config(app_label).verbose_name = app_name
