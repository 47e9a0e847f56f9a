"""How well the match threshold separates the matches editors kept from those they marked as wrong.

A read (a selector) for ``manage.py match_report``: the "already checked" matches still standing (claims with
an archived fact-check and its score) against the dismissed ones (``MatchDismissal`` with the score the
match had), counted per score band, and the thresholds that would have split them. Cluster matches keep
no score, so their dismissals are only counted. Nothing here changes the threshold: an editor reads the
figures and decides.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from factcheck.claims.models import Claim, MatchDismissal


@dataclass(frozen=True)
class MatchScores:
    kept: list[float]  # archive matches standing now
    dismissed: list[float]  # archive matches marked as wrong, at the score they had
    unscored_dismissals: int  # dismissals without a score (cluster matches)


@dataclass(frozen=True)
class Band:
    low: float
    high: float
    kept: int
    dismissed: int

    @property
    def dismissed_share(self) -> float:
        total = self.kept + self.dismissed
        return self.dismissed / total if total else 0.0


@dataclass(frozen=True)
class Cut:
    """A threshold (matches scoring at least this are kept) and what it would have done."""

    threshold: float
    avoided: int  # dismissed matches below it
    dismissed_total: int
    kept: int  # kept matches at or above it
    kept_total: int

    @property
    def avoided_share(self) -> float:
        return self.avoided / self.dismissed_total if self.dismissed_total else 0.0

    @property
    def kept_share(self) -> float:
        return self.kept / self.kept_total if self.kept_total else 1.0


def match_scores() -> MatchScores:
    kept = list(
        Claim.objects.filter(archived_match__isnull=False, match_score__isnull=False).values_list(
            "match_score", flat=True
        )
    )
    dismissed = list(
        MatchDismissal.objects.filter(archived__isnull=False, score__isnull=False).values_list("score", flat=True)
    )
    unscored = MatchDismissal.objects.filter(score__isnull=True).count()
    return MatchScores(kept=kept, dismissed=dismissed, unscored_dismissals=unscored)


def bands(scores: MatchScores, *, width: float = 0.1) -> list[Band]:
    """Counts per band ``[low, low + width)`` (the last one holds 1.0), only bands with a match in them."""
    count = max(1, math.ceil(round(1 / width, 9)))
    kept, dismissed = [0] * count, [0] * count

    def index(score: float) -> int:
        return min(count - 1, max(0, int(score / width + 1e-9)))

    for score in scores.kept:
        kept[index(score)] += 1
    for score in scores.dismissed:
        dismissed[index(score)] += 1
    return [
        Band(round(i * width, 6), round(min(1.0, (i + 1) * width), 6), kept[i], dismissed[i])
        for i in range(count)
        if kept[i] or dismissed[i]
    ]


def _cuts(scores: MatchScores) -> list[Cut]:
    """Every threshold that splits the matches differently, lowest first: each score seen (a match at the
    threshold is kept) and one just above the highest (nothing kept)."""
    values = sorted({*scores.kept, *scores.dismissed})
    candidates = [*values, (values[-1] + 1e-6) if values else 1.0]
    return [
        Cut(
            t,
            sum(s < t for s in scores.dismissed),
            len(scores.dismissed),
            sum(s >= t for s in scores.kept),
            len(scores.kept),
        )
        for t in candidates
    ]


def cut_keeping(scores: MatchScores, *, keep: float) -> Cut | None:
    """The highest threshold that still keeps at least ``keep`` (0..1) of the kept matches: it avoids the
    most dismissals at that price. None without dismissals (nothing to tune)."""
    if not scores.dismissed:
        return None
    fitting = [c for c in _cuts(scores) if c.kept_share >= keep - 1e-12]
    return fitting[-1] if fitting else None


def cut_avoiding(scores: MatchScores, *, avoid: float) -> Cut | None:
    """The lowest threshold that would have avoided at least ``avoid`` (0..1) of the dismissals: it keeps
    the most matches at that price. None without dismissals."""
    if not scores.dismissed:
        return None
    return next((c for c in _cuts(scores) if c.avoided_share >= avoid - 1e-12), None)
