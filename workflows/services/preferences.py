"""A desk user's own settings: interface language and time zone.

One path for the change (the desk's My settings page today, the API later), validated here so no caller
can store a language the site does not ship or a time zone the server does not know. No audit event: a
person's display settings change no editorial record (the audit log tells the work, not the screen).
"""

from __future__ import annotations

import zoneinfo
from functools import cache
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext

from ..exceptions import ValidationFailed
from ..models import DeskPreference

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser, AnonymousUser


@cache
def known_time_zones() -> frozenset[str]:
    """The IANA zone names this server can convert to (tzdata's list, read once)."""
    return frozenset(zoneinfo.available_timezones())


def language_codes() -> list[str]:
    return [code for code, _name in settings.LANGUAGES]


def preferences_update(*, actor: AbstractBaseUser | AnonymousUser, language: str, time_zone: str) -> DeskPreference:
    """Store ``actor``'s interface language and time zone (blank: not chosen, the site's default).

    Refuses an unknown language or zone with a reason per field, writing nothing.
    """
    user_id = getattr(actor, "pk", None)
    if not getattr(actor, "is_authenticated", False) or user_id is None:
        raise ValidationFailed(gettext("Sign in to keep your own settings."))
    language = (language or "").strip()
    time_zone = (time_zone or "").strip()
    errors: dict[str, list[str]] = {}
    if language and language not in language_codes():
        errors["language"] = [gettext("Choose one of the languages in the list.")]
    if time_zone and time_zone not in known_time_zones():
        errors["time_zone"] = [
            gettext("“%(zone)s” is not a time zone this server knows: choose one from the list, e.g. Europe/Madrid.")
            % {"zone": time_zone[:64]}
        ]
    if errors:
        raise ValidationFailed(gettext("Your settings were not saved: correct what is marked."), errors)
    with transaction.atomic():
        preference, _created = DeskPreference.objects.select_for_update().get_or_create(user_id=int(user_id))
        preference.language = language
        preference.time_zone = time_zone
        preference.save()
    return preference
