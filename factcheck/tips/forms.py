"""The public forms. They only collect what was typed: every rule (sizes, links, email, consent) is the
intake service's (``services.clean_tip`` / ``clean_report``), the one the API uses too, and its refusals are
put back beside their fields. ``website`` is a honeypot: hidden from people, filled in by form-filling bots.
"""

from django import forms
from django.utils.translation import gettext_lazy as _

from . import services

HONEYPOT = "website"


class _ReaderForm(forms.Form):
    website = forms.CharField(
        required=False,
        label=_("Leave this field empty"),
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    def is_bot(self) -> bool:
        return bool(self.data.get(HONEYPOT))

    def refuse(self, errors: dict[str, list[str]]) -> None:
        """Put the service's refusals beside their fields."""
        for field, messages in errors.items():
            for message in messages:
                self.add_error(field if field in self.fields else None, message)


class TipForm(_ReaderForm):
    claim = forms.CharField(
        label=_("The claim you would like us to check"),
        help_text=_("Copy it as it was said or written, in a sentence or two."),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4, "maxlength": services.MAX_CLAIM_CHARS}),
    )
    seen_at = forms.CharField(
        label=_("Where did you see or hear it?"),
        help_text=_("A web address, or a few words: a TV programme and its date, a leaflet, a post."),
        required=False,
        widget=forms.TextInput(attrs={"maxlength": services.MAX_URL_CHARS}),
    )
    email = forms.CharField(
        label=_("Your email address (optional)"),
        help_text=_("Only if you would like to hear what we did with your tip. We use it for nothing else."),
        required=False,
        widget=forms.EmailInput(attrs={"autocomplete": "email", "maxlength": services.MAX_EMAIL_CHARS}),
    )
    consent = forms.BooleanField(
        label=_("You may write to me at this address about this tip."),
        required=False,
    )


class ReportForm(_ReaderForm):
    message = forms.CharField(
        label=_("What is wrong?"),
        help_text=_("Tell us which statement is wrong and why. Please be specific."),
        required=False,
        widget=forms.Textarea(attrs={"rows": 6, "maxlength": services.MAX_MESSAGE_CHARS}),
    )
    evidence_url = forms.CharField(
        label=_("A link to your evidence (optional)"),
        help_text=_("A web address starting with http:// or https://."),
        required=False,
        widget=forms.URLInput(attrs={"maxlength": services.MAX_URL_CHARS, "inputmode": "url"}),
    )
    email = forms.CharField(
        label=_("Your email address (optional)"),
        help_text=_("We will write to you once, when we have looked into your report."),
        required=False,
        widget=forms.EmailInput(attrs={"autocomplete": "email", "maxlength": services.MAX_EMAIL_CHARS}),
    )
