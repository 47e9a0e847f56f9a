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
