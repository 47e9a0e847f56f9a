"""Each desk user's own language and time zone, applied to every request they make.

``DeskPreferencesMiddleware`` runs after authentication (and after Django's ``LocaleMiddleware``, which
chose a language from the switch's cookie or the browser). For a signed-in user it activates their time
zone, so every date the desk shows is in their zone, and their language when the browser carries no
language cookie: a cookie is the latest choice (the header's switch), and saving My settings sets it too.

The preferences travel in the session (copied there at sign-in and on every save), so a page costs no
query for them. The sign-in receiver is connected when this module is imported, which the middleware
setting guarantees in every web process.
"""

from __future__ import annotations

import contextlib
import zoneinfo

from django.conf import settings
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django.utils import timezone, translation

from .models import DeskPreference

SESSION_KEY = "factdesk_preferences"


def preferences_of(user) -> DeskPreference | None:
    """The user's saved preferences, or None (nothing chosen yet, or not signed in)."""
    if not getattr(user, "is_authenticated", False):
        return None
    return DeskPreference.objects.filter(user_id=user.pk).first()


def remember(session, preference: DeskPreference | None) -> None:
    """Keep ``preference`` in the session, where the middleware reads it."""
    if preference is None:
        session.pop(SESSION_KEY, None)
    else:
        session[SESSION_KEY] = {"language": preference.language, "time_zone": preference.time_zone}


@receiver(user_logged_in, dispatch_uid="workflows.preferences.load_at_sign_in")
def _load_at_sign_in(sender, request, user, **kwargs) -> None:
    if request is not None and hasattr(request, "session"):
        remember(request.session, preferences_of(user))


class DeskPreferencesMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        saved = request.session.get(SESSION_KEY) if user is not None and user.is_authenticated else None
        if saved:
            if saved.get("time_zone"):
                # A zone tzdata no longer ships: the site's zone rather than an error page.
                with contextlib.suppress(zoneinfo.ZoneInfoNotFoundError, ValueError):
                    timezone.activate(zoneinfo.ZoneInfo(saved["time_zone"]))
            language = saved.get("language")
            if language and settings.LANGUAGE_COOKIE_NAME not in request.COOKIES:
                translation.activate(language)
                request.LANGUAGE_CODE = translation.get_language()
        try:
            return self.get_response(request)
        finally:
            timezone.deactivate()
