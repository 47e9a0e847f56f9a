from django.apps import AppConfig


class APIConfig(AppConfig):
    """The REST API as an app, for one reason: its token rules must hold wherever a user is saved (admin,
    ``manage.py changepassword``, code), not only while the API's URLs are loaded. No models."""

    name = "factcheck.api"
    label = "api"
    verbose_name = "API"

    def ready(self) -> None:
        from django.contrib import admin
        from rest_framework.authtoken.models import TokenProxy

        from .tokens import connect_signals

        connect_signals()
        # DRF's plain tokens (``rest_framework.authtoken``) no longer authenticate anyone: knox's expiring,
        # hashed tokens replaced them. The app stays installed only because an early migration depends on
        # it; its admin page would offer tokens that do nothing, so it is hidden.
        if admin.site.is_registered(TokenProxy):
            admin.site.unregister(TokenProxy)
