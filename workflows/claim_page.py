"""What a claim page shows, read once for the admin's claim page and the API's claim detail alike: the
claim and its article, its cluster's other claims and public fact-checks, the matches editors marked as
wrong, its assignments, the verdict and evidence when the reader may see the draft (else the sentence saying
why not), what the reader may do now, and the history in sentences. The two pages differ only in how they present it.
"""

from __future__ import annotations

from functools import cached_property

from django.db.models import Prefetch, QuerySet, prefetch_related_objects
from django.utils.translation import gettext

from factcheck.audit.models import AuditEvent
from factcheck.claims.models import Assignment, Claim, MatchDismissal
from factcheck.publishing import selectors as public_selectors
from factcheck.verdicts.models import EvidenceLink, Verdict

from . import history, selectors, transitions
from .exceptions import NotVisible
from .models import PanelVote

SIBLINGS_SHOWN = 20
#: What either page shows of a sibling claim (its link, text, state and article, as the API's brief of it):
#: a cluster's claims are read without their embeddings, scores and the articles' texts.
SIBLING_FIELDS = (
    "id",
    "text",
    "state",
    "article__id",
    "article__title",
    "article__publisher",
    "article__url",
    "article__published_at",
)

#: What a dismissed match's joined rows leave unread: the page names the target by its text, never by these.
DISMISSAL_DEFERRED = (
    "archived__embedding",
    "other_claim__embedding",
    "other_claim__search_vector",
    "other_claim__article__raw_text",
    "other_claim__article__cleaned_text",
)


def get_claim(claim_id: int, claims: QuerySet[Claim] | None = None) -> Claim:
    """The claim, read through ``claims`` (by default the claim page's query), or NotVisible."""
    claim = (selectors.claim_for_page() if claims is None else claims).filter(pk=claim_id).first()
    if claim is None:
        raise NotVisible(gettext("There is no claim %(id)s.") % {"id": claim_id})
    return claim


class ClaimPage:
    """A claim with everything its page shows. History, votes, dismissed matches and the cluster's public
    fact-checks are read when first asked for, so a page that shows one of them does not pay for the others."""

    def __init__(self, user, claim: Claim):
        self.user = user
        self.claim = claim
        # Read first, into the claim's own prefetch cache: the permission checks of every action and of the
        # draft (is the reader assigned?) answer from these rows instead of asking once each.
        prefetch_related_objects(
            [claim],
            Prefetch(
                "assignments",
                queryset=Assignment.objects.select_related("reviewer", "assigned_by").order_by("assigned_at", "id"),
            ),
        )
        self.assignments: list[Assignment] = list(claim.assignments.all())
        self.allowed_actions: list[str] = transitions.allowed_actions(user, claim)
        try:
            self.verdict: Verdict | None = selectors.verdict_for(user, claim)
            self.verdict_visible, self.hidden_reason = True, ""
        except NotVisible as error:
            self.verdict, self.verdict_visible, self.hidden_reason = None, False, error.message
        self.evidence: list[EvidenceLink] = (
            list(self.verdict.evidence.order_by("created_at", "id")) if self.verdict is not None else []
        )
        self.siblings: list[Claim] = []
        if claim.cluster_id:
            self.siblings = list(
                Claim.objects.filter(cluster_id=claim.cluster_id)
                .exclude(pk=claim.pk)
                .select_related("article")
                .only(*SIBLING_FIELDS)
                .order_by("created_at", "id")[:SIBLINGS_SHOWN]
            )

    @cached_property
    def already_checked(self) -> list[Verdict]:
        """The cluster's public fact-checks, newest first: the API lists them; the desk's page does not, so it
        never reads them."""
        if not self.claim.cluster_id:
            return []
        return list(
            public_selectors.public_verdicts()
            .filter(claim__cluster_id=self.claim.cluster_id)
            .exclude(claim=self.claim)
            .order_by("-published_at", "-id")
        )

    @cached_property
    def dismissed_matches(self) -> list[MatchDismissal]:
        """The matches editors marked as wrong, newest first (remembered, so linking does not make them again).
        Most claims have none: a plain EXISTS says so before the rows are read with their people and targets."""
        dismissals = MatchDismissal.objects.filter(claim=self.claim)
        if not dismissals.exists():
            return []
        return list(
            dismissals.select_related("dismissed_by", "archived", "other_claim__article")
            .defer(*DISMISSAL_DEFERRED)
            .order_by("-created_at", "-id")
        )

    @cached_property
    def history(self) -> list[AuditEvent]:
        return self._history()

    def _history(self, limit: int | None = None) -> list[AuditEvent]:
        """The history as this reader may read it. Whether they may see the draft was decided above (the
        verdict or its refusal), so the events are read with that answer instead of asking it again in SQL."""
        return history.claim_history(self.user, self.claim, limit=limit, draft_visible=self.verdict_visible)

    def recent_history(self, count: int) -> tuple[list[AuditEvent], bool]:
        """The newest ``count`` events (read as ``count + 1``, so the page knows whether there are more) and
        whether older ones exist. The whole history when it was read already."""
        if "history" in self.__dict__:
            return self.history[:count], len(self.history) > count
        events = self._history(limit=count + 1)
        return events[:count], len(events) > count

    @cached_property
    def votes(self) -> list[PanelVote]:
        """The panel's votes on the verdict, newest version first; an EXISTS first, as most verdicts have none."""
        if self.verdict is None:
            return []
        votes = PanelVote.objects.filter(verdict=self.verdict)
        if not votes.exists():
            return []
        return list(votes.select_related("editor", "rating").order_by("-verdict_version", "created_at"))

    @property
    def policy(self) -> str:
        return transitions.signoff_policy()


def claim_page(user, claim_id: int, *, claim: Claim | None = None) -> ClaimPage:
    """The page of claim ``claim_id`` as ``user`` sees it; NotVisible when there is no such claim.
    ``claim``: that claim, already read with ``selectors.claim_for_page`` (the admin's change view has it)."""
    return ClaimPage(user, claim if claim is not None and claim.pk == claim_id else get_claim(claim_id))
