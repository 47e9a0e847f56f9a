"""The desk's "My settings" page: a person's interface language and time zone.

The form only offers what the service accepts; the service (``workflows.services.preferences``) checks
again and records the change. Saving also sets the language cookie, so the choice wins over whatever the
header's language switch chose earlier in this browser (the latest choice is the one that counts).
"""

from __future__ import annotations

from collections import defaultdict

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.admin import site as admin_site
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from ..exceptions import ValidationFailed
from ..preferences import preferences_of, remember
from ..services.preferences import known_time_zones, preferences_update


def _zone_choices() -> list:
    """Zones grouped by region (Europe, America, ...), each list sorted; the site's zone first."""
    groups: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for zone in sorted(known_time_zones()):
        region = zone.split("/", 1)[0] if "/" in zone else gettext("Other")
        groups[region].append((zone, zone.replace("_", " ")))
    default = (
        "",
        gettext("The newsroom's time zone (%(zone)s)") % {"zone": settings.TIME_ZONE},
    )
    return [default, *sorted(groups.items())]


class PreferencesForm(forms.Form):
    language = forms.ChoiceField(
        label=_("Interface language"),
        required=False,
        help_text=_("The desk's buttons, labels and messages. Claims, verdicts and ratings stay as written."),
    )
    time_zone = forms.ChoiceField(
        label=_("Time zone"),
        required=False,
        help_text=_("Due dates, history and every time on the desk are shown in this zone."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["language"].choices = [("", gettext("As my browser asks")), *settings.LANGUAGES]
        self.fields["time_zone"].choices = _zone_choices()


def my_settings_view(request):
    """GET shows the form with what is saved; POST saves through the service and comes back here."""
    saved = preferences_of(request.user)
    if request.method == "POST":
        form = PreferencesForm(request.POST)
        if form.is_valid():
            try:
                preference = preferences_update(
                    actor=request.user,
                    language=form.cleaned_data["language"],
                    time_zone=form.cleaned_data["time_zone"],
                )
            except ValidationFailed as error:
                for field, reasons in error.errors.items():
                    for reason in reasons:
                        form.add_error(field if field in form.fields else None, reason)
                if not error.errors:
                    form.add_error(None, error.message)
            else:
                remember(request.session, preference)
                response = HttpResponseRedirect(reverse("desk_my_settings"))
                if preference.language:
                    response.set_cookie(
                        settings.LANGUAGE_COOKIE_NAME,
                        preference.language,
                        max_age=settings.LANGUAGE_COOKIE_AGE,
                        path=settings.LANGUAGE_COOKIE_PATH,
                        domain=settings.LANGUAGE_COOKIE_DOMAIN,
                        secure=settings.LANGUAGE_COOKIE_SECURE,
                        httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
                        samesite=settings.LANGUAGE_COOKIE_SAMESITE,
                    )
                    # This response's message is read on the next page, in the language just chosen.
                    with translation.override(preference.language):
                        messages.success(request, gettext("Your settings are saved."))
                else:
                    response.delete_cookie(settings.LANGUAGE_COOKIE_NAME, path=settings.LANGUAGE_COOKIE_PATH)
                    messages.success(request, gettext("Your settings are saved."))
                return response
    else:
        initial = {"language": saved.language, "time_zone": saved.time_zone} if saved else {}
        form = PreferencesForm(initial=initial)
    context = {
        **admin_site.each_context(request),
        "title": gettext("My settings"),
        "form": form,
        "now": timezone.localtime(),
    }
    return TemplateResponse(request, "workflows/desk/my_settings.html", context)
