from django.apps import AppConfig


class PublishingConfig(AppConfig):
    """The public site: fact-check pages, index, feeds, sitemap and ClaimReview data. It owns no models."""

    name = "factcheck.publishing"
    label = "publishing"
    verbose_name = "Publishing"

    def ready(self) -> None:
        from factcheck.publishing import checks  # noqa: F401 - registers the site address checks
