"""The desk's forms for endpoints and chat channels: they only parse; the services decide and refuse.

A refusal of the service lands on the field it names (``add_refusal``), and the form comes back with
everything typed still in it (but the apprise URL, a secret, which is never sent back to the browser).
"""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from . import events
from .services import NotifyError


class _RefusalMixin(forms.Form):
    def add_refusal(self, error: NotifyError) -> None:
        placed = False
        for field, messages in error.errors.items():
            target = field if field in self.fields else None
            for message in messages:
                self.add_error(target, message)
                placed = True
        if not placed:
            self.add_error(None, error.message)


def _events_field() -> forms.MultipleChoiceField:
    return forms.MultipleChoiceField(
        label=_("Events"),
        choices=events.CHOICES,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one event.")},
    )


class EndpointForm(_RefusalMixin):
    url = forms.CharField(
        label=_("URL"),
        max_length=500,
        widget=forms.URLInput(attrs={"size": 60, "placeholder": "https://partner.example/factdesk-webhook"}),
        help_text=_("The partner's https address. Private and local addresses are refused, as for any fetch."),
    )
    description = forms.CharField(
        label=_("Description"),
        max_length=200,
        required=False,
        widget=forms.TextInput(attrs={"size": 60}),
        help_text=_("Who receives it and why, e.g. “Partner network: fact-check feed”."),
    )
    events = _events_field()


class ChannelForm(_RefusalMixin):
    name = forms.CharField(
        label=_("Name"), max_length=100, widget=forms.TextInput(attrs={"size": 40, "placeholder": "#factchecks"})
    )
    apprise_url = forms.CharField(
        label=_("Apprise URL"),
        max_length=1000,
        required=False,
        strip=True,
        widget=forms.PasswordInput(render_value=False, attrs={"size": 60, "autocomplete": "off"}),
        help_text=_(
            "Slack: slack://TokenA/TokenB/TokenC/#channel · Teams: msteams://… · Mattermost: mmost://host/token. "
            "It holds the service's token: after saving it is shown only masked."
        ),
    )
    events = _events_field()
    enabled = forms.BooleanField(label=_("Enabled"), required=False, initial=True)

    def __init__(self, *args, editing: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if editing:
            self.fields["apprise_url"].help_text = _("Leave empty to keep the saved URL.")
