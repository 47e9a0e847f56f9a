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


def get_claim(claim_id: int, claims: QuerySet[Claim] | None = None) -> Claim:
    """The claim, read through ``claims`` (by default the claim page's query), or NotVisible."""
    claim = (selectors.claim_for_page() if claims is None else claims).filter(pk=claim_id).first()
    if claim is None:
        raise NotVisible(gettext("There is no claim %(id)s.") % {"id": claim_id})
    return claim


class ClaimPage:
    """A claim with everything its page shows. History and votes are read when first asked for, so an
    API answer that shows neither does not pay for them."""

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
        self.already_checked: list[Verdict] = []
        if claim.cluster_id:
            self.siblings = list(
                Claim.objects.filter(cluster_id=claim.cluster_id)
                .exclude(pk=claim.pk)
                .select_related("article")
                .order_by("created_at", "id")[:SIBLINGS_SHOWN]
            )
            self.already_checked = list(
                public_selectors.public_verdicts()
                .filter(claim__cluster_id=claim.cluster_id)
                .exclude(claim=claim)
                .order_by("-published_at", "-id")
            )

    @cached_property
    def dismissed_matches(self) -> list[MatchDismissal]:
        """The matches editors marked as wrong, newest first (remembered, so linking does not make them again)."""
        return list(
            MatchDismissal.objects.filter(claim=self.claim)
            .select_related("dismissed_by", "archived", "other_claim__article")
            .order_by("-created_at", "-id")
        )

    @cached_property
    def history(self) -> list[AuditEvent]:
        return history.claim_history(self.user, self.claim)

    def recent_history(self, count: int) -> tuple[list[AuditEvent], bool]:
        """The newest ``count`` events (read as ``count + 1``, so the page knows whether there are more) and
        whether older ones exist. The whole history when it was read already."""
        if "history" in self.__dict__:
            return self.history[:count], len(self.history) > count
        events = history.claim_history(self.user, self.claim, limit=count + 1)
        return events[:count], len(events) > count

    @cached_property
    def votes(self) -> list[PanelVote]:
        if self.verdict is None:
            return []
        return list(
            PanelVote.objects.filter(verdict=self.verdict)
            .select_related("editor", "rating")
            .order_by("-verdict_version", "created_at")
        )

    @property
    def policy(self) -> str:
        return transitions.signoff_policy()


def claim_page(user, claim_id: int, *, claim: Claim | None = None) -> ClaimPage:
    """The page of claim ``claim_id`` as ``user`` sees it; NotVisible when there is no such claim.
    ``claim``: that claim, already read with ``selectors.claim_for_page`` (the admin's change view has it)."""
    return ClaimPage(user, claim if claim is not None and claim.pk == claim_id else get_claim(claim_id))
