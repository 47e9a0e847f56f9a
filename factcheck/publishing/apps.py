from django.apps import AppConfig


class PublishingConfig(AppConfig):
    """The public site: fact-check pages, index, feeds, sitemap and ClaimReview data. It owns no models."""

    name = "factcheck.publishing"
    label = "publishing"
    verbose_name = "Publishing"

    def ready(self) -> None:
        from factcheck.publishing import checks  # noqa: F401 - registers the site address checks
        from factcheck.publishing.cache import on_factcheck_changed
        from factcheck.verdicts.signals import factcheck_changed

        # The site reacts to publish / correct / retract on commit; the workflow never imports its cache.
        factcheck_changed.connect(on_factcheck_changed, dispatch_uid="publishing.purge_on_factcheck_changed")
