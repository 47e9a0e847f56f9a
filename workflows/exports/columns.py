"""What each export holds, as data: per dataset its columns (a header for people, how to read the value
from a row, and what kind of cell it is), the name its files carry and how its rows are fetched.

Cells are text, numbers or times; the writers decide how each kind is written (a time in the desk's time
zone, a number as a number so a spreadsheet can sort and sum it). Headers are translated, so a desk working
in Russian gets Russian headers.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Literal

from django.db.models import Model, QuerySet
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from factcheck.claims.models import Assignment, Claim
from factcheck.verdicts.models import Correction

from . import selectors

Cell = str | int | float | datetime.datetime | datetime.date | None
Kind = Literal["text", "number", "datetime", "date"]


@dataclass(frozen=True)
class Column:
    header: str | Promise
    value: Callable[[Any], Cell]
    kind: Kind = "text"
    width: int = 18  # characters, for the spreadsheet's column
    # For a field with choices: its labels in the current language, read once per export (Django's
    # ``get_FOO_display`` translates the whole choice list for every cell: most of an export's time).
    labels: Callable[[], dict[Any, str]] | None = None

    def bind(self) -> Callable[[Any], Cell]:
        """How to read this column's cell from a row, for one export (labels translated now)."""
        if self.labels is None:
            return self.value
        names, read = self.labels(), self.value

        def label(row: Any) -> Cell:
            value = read(row)
            return names.get(value, value)

        return label


def choice_labels(model: type[Model], field: str) -> Callable[[], dict[Any, str]]:
    """The labels of ``model.field``'s choices, as read when an export starts ("" stays "")."""

    def labels() -> dict[Any, str]:
        choices = getattr(model._meta.get_field(field), "flatchoices", [])
        return {"": "", **{key: str(name) for key, name in choices}}

    return labels


@dataclass(frozen=True)
class Dataset:
    """One kind of export: ``name`` is what its files and audit events are called."""

    name: str
    label: str | Promise
    columns: tuple[Column, ...]
    prepare: Callable[[QuerySet], QuerySet]
    sheet: str | Promise


def _reviewers(claim: Any) -> str:
    """Active reviewers, the lead first, as the queue's Reviewers column lists them (from
    ``selectors.active_reviewers``: "role:username" joined with ", "; usernames hold no comma or space)."""
    pairs = [item.partition(":") for item in (claim.export_reviewers or "").split(", ") if item]
    pairs.sort(key=lambda pair: pair[0] != Assignment.Role.LEAD)
    return ", ".join(name for _role, _, name in pairs)


def _rating(verdict: Any) -> str:
    """The rating as readers saw it once published (the snapshot), else the draft's current rating."""
    if verdict.published_rating and verdict.published_at:
        return str(verdict.published_rating.get("label", ""))
    return verdict.rating.label if verdict.rating_id and verdict.rating else ""


def _username(user: Any) -> str:
    return user.get_username() if user is not None else ""


CLAIM_COLUMNS = (
    Column(_("ID"), lambda c: c.pk, "number", 8),
    Column(_("Claim"), lambda c: c.reviewed_text, width=60),
    Column(_("As it appeared"), lambda c: c.text, width=60),
    Column(_("Speaker"), lambda c: c.speaker),
    Column(_("Claim type"), lambda c: c.claim_type, labels=choice_labels(Claim, "claim_type")),
    Column(_("State"), lambda c: c.state, width=12, labels=choice_labels(Claim, "state")),
    Column(_("Priority"), lambda c: c.priority, width=10, labels=choice_labels(Claim, "priority")),
    Column(_("Check-worthiness (%)"), lambda c: round(c.score * 100, 2), "number", 10),
    Column(_("Due"), lambda c: c.due_at, "datetime", 17),
    Column(_("Reviewers"), _reviewers),
    Column(_("Article"), lambda c: c.article.title, width=40),
    Column(_("Publisher"), lambda c: c.article.publisher),
    Column(_("Article URL"), lambda c: c.article.url, width=40),
    Column(_("Claim date"), lambda c: c.claim_date, "date", 11),
    Column(_("Appeared at"), lambda c: c.appearance_url, width=40),
    Column(_("Origin"), lambda c: c.origin, width=10, labels=choice_labels(Claim, "origin")),
    Column(_("Language"), lambda c: c.language, width=8),
    Column(_("Cluster"), lambda c: c.cluster_id, "number", 8),
    Column(_("Already checked"), lambda c: c.archived_match.url if c.archived_match_id else "", width=40),
    Column(_("Dismissed because"), lambda c: c.dismiss_reason, labels=choice_labels(Claim, "dismiss_reason")),
    Column(_("Added"), lambda c: c.created_at, "datetime", 17),
)

VERDICT_COLUMNS = (
    Column(_("Verdict ID"), lambda v: v.pk, "number", 8),
    Column(_("Claim ID"), lambda v: v.claim_id, "number", 8),
    Column(_("Claim"), lambda v: v.claim.reviewed_text, width=60),
    Column(_("Speaker"), lambda v: v.claim.speaker),
    Column(_("State"), lambda v: v.claim.state, width=12, labels=choice_labels(Claim, "state")),
    Column(_("Rating"), _rating, width=14),
    Column(_("Headline"), lambda v: v.headline, width=50),
    Column(_("Summary"), lambda v: v.summary, width=60),
    Column(_("Author"), lambda v: _username(v.author)),
    Column(_("Signed off by"), lambda v: _username(v.editor)),
    Column(_("Public page"), lambda v: v.get_absolute_url() if v.slug else "", width=40),
    Column(_("Published"), lambda v: v.published_at, "datetime", 17),
    Column(_("Last public change"), lambda v: v.modified_at, "datetime", 17),
    Column(_("Corrections"), lambda v: v.corrections_count, "number", 10),
    Column(_("Retracted"), lambda v: v.retracted_at, "datetime", 17),
    Column(_("Retraction reason"), lambda v: v.retraction_reason, width=40),
    Column(_("Last saved"), lambda v: v.updated_at, "datetime", 17),
)

CORRECTION_COLUMNS = (
    Column(_("ID"), lambda c: c.pk, "number", 8),
    Column(_("Date"), lambda c: c.created_at, "datetime", 17),
    Column(_("Kind"), lambda c: c.kind, width=12, labels=choice_labels(Correction, "kind")),
    Column(_("Fact-check"), lambda c: c.verdict.headline, width=50),
    Column(_("Public page"), lambda c: c.verdict.get_absolute_url() if c.verdict.slug else "", width=40),
    Column(_("Claim ID"), lambda c: c.verdict.claim_id, "number", 8),
    Column(_("What changed"), lambda c: c.what_changed, width=40),
    Column(_("Old rating"), lambda c: c.old_rating, width=14),
    Column(_("New rating"), lambda c: c.new_rating, width=14),
    Column(_("Note to readers"), lambda c: c.note, width=60),
    Column(_("Decided by"), lambda c: _username(c.decided_by)),
)

CLAIMS = Dataset("claims", _("claims"), CLAIM_COLUMNS, selectors.claims_for_export, _("Claims"))
VERDICTS = Dataset("verdicts", _("verdicts"), VERDICT_COLUMNS, selectors.verdicts_for_export, _("Verdicts"))
CORRECTIONS = Dataset(
    "corrections", _("corrections"), CORRECTION_COLUMNS, selectors.corrections_for_export, _("Corrections")
)
DATASETS = {d.name: d for d in (CLAIMS, VERDICTS, CORRECTIONS)}
