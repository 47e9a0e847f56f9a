"""factory_boy factories for the domain models."""

import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from factcheck.articles.models import Article, content_hash
from factcheck.claims.models import Claim, ClaimCluster
from factcheck.verdicts.models import EvidenceLink, Verdict


def make_user(username: str, role: str, *, superuser: bool = False):
    user = get_user_model().objects.create_user(
        username=username, password="pw-" + username, email=f"{username}@example.org", is_staff=True
    )
    user.is_superuser = superuser
    user.save()
    user.groups.add(Group.objects.get(name=role))
    return user


def api_token(user) -> str:
    """A new API token for ``user`` (the key, for ``Authorization: Token <key>``), issued as a login does."""
    from factcheck.api.tokens import issue_token

    return issue_token(user)[1]


class ArticleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Article

    title = factory.Sequence(lambda n: f"Article {n}")
    publisher = "Example News"
    raw_text = factory.Sequence(lambda n: f"Article number {n}. The clinic treated {n + 10} patients in 2024.")
    content_hash = factory.LazyAttribute(lambda o: content_hash(o.raw_text))
    status = Article.Status.DONE


class ClaimClusterFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ClaimCluster

    label = factory.Sequence(lambda n: f"Cluster {n}")


class ClaimFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Claim

    article = factory.SubFactory(ArticleFactory)
    start = factory.Sequence(lambda n: n * 100)
    end = factory.LazyAttribute(lambda o: o.start + len(o.text))
    text = factory.Sequence(lambda n: f"The clinic treated {n + 10} patients in 2024.")
    context = factory.LazyAttribute(lambda o: o.text)
    score = 0.8
    claim_type = "quantity"


class VerdictFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Verdict

    claim = factory.SubFactory(ClaimFactory)
    headline = "A headline"


class EvidenceLinkFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = EvidenceLink

    verdict = factory.SubFactory(VerdictFactory)
    url = factory.Sequence(lambda n: f"https://example.org/source/{n}")
    title = factory.Sequence(lambda n: f"Source {n}")


# --- workflow (appended for the editorial workflow tests) -----------------------------------------


class AssignmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "claims.Assignment"

    claim = factory.SubFactory(ClaimFactory)
    role = "lead"
    state = "active"


def claim_in_state(state: str, *, reviewer, editor=None, rating=None, **claim_fields):
    """A claim placed directly in ``state`` with what that state implies (assignment, verdict, evidence,
    publication), without going through the services: for tests that start mid-workflow.

    ``reviewer`` gets the lead assignment and authors the verdict; from ``in_review`` on the draft is
    complete (``rating``, a Rating, headline, summary, one evidence link).
    """
    import datetime

    from django.utils import timezone

    from factcheck.claims.models import Assignment

    order = ["new", "assigned", "in_review", "submitted", "approved", "published", "retracted"]
    if state == "dismissed":
        return ClaimFactory(state="dismissed", dismiss_reason="not_check_worthy", **claim_fields)
    reached = order.index(state)
    claim = ClaimFactory(state=state, **claim_fields)
    if reached >= order.index("assigned"):
        claim.due_at = timezone.now() + datetime.timedelta(days=3)
        claim.save(update_fields=["due_at"])
        done = reached >= order.index("published")
        AssignmentFactory(
            claim=claim,
            reviewer=reviewer,
            due_at=claim.due_at,
            state=Assignment.State.COMPLETED if done else Assignment.State.ACTIVE,
            finished_at=timezone.now() if done else None,
        )
    if reached >= order.index("in_review"):  # a complete draft, ready to submit
        verdict = VerdictFactory(claim=claim, author=reviewer)
        verdict.rating = rating
        verdict.headline = f"Claim {claim.pk} checked"
        verdict.summary = "It is not quite right."
        verdict.explanation = "<p>Because.</p>"
        verdict.save()
        EvidenceLinkFactory(verdict=verdict)
    if reached >= order.index("approved"):
        verdict.editor = editor
        verdict.save()
    if reached >= order.index("published"):
        from workflows.services import rating_snapshot

        verdict.slug = f"claim-{claim.pk}-checked"
        verdict.published_rating = rating_snapshot(rating)
        verdict.published_at = verdict.modified_at = timezone.now()
        verdict.save()
    if state == "retracted":
        verdict.retracted_at = timezone.now()
        verdict.retraction_reason = "Wrong."
        verdict.save()
    claim.refresh_from_db()
    return claim


def save_drafts(claim, author, rating, count: int) -> None:
    """``count`` draft saves by ``author`` through the review service, each on the version it just read: the
    claim's history grows by one event a save."""
    from workflows import services

    for n in range(count):
        services.verdict_save_draft(
            claim_id=claim.pk,
            actor=author,
            rating_id=rating.pk,
            headline=f"Save {n}",
            summary="S",
            explanation="<p>E</p>",
            version=Verdict.objects.get(claim=claim).version,
        )
