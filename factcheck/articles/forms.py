"""The desk's intake form (Articles → Add): paste the text, upload a file, or give a URL to fetch.

The form only parses what was typed; ``services.article_submit`` does the work, the same service the API
calls. A refusal from the service comes back as an error on the field it is about (``add_refusal``), so the
page re-renders with everything typed still there. A browser cannot refill a file input, so whenever the
form is refused with a file chosen, the file's error says to choose it again.
"""

from __future__ import annotations

from datetime import datetime, time

from django import forms
from django.utils.text import format_lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from factcheck.inputs import FILE_KINDS, IngestError

TEXT, FILE, URL = "text", "file", "url"
CHOOSE_AGAIN = _("Choose the file again after correcting this: browsers cannot keep a chosen file.")
# What to do when a URL is refused, where the refusal itself only says why.
URL_HINTS = {
    "blocked_address": _("Paste the article's text, or upload it as a file, instead."),
    "dns": _("Check the address for a typing mistake."),
    "bad_url": _("Check the address, or paste the article's text instead."),
}


class ArticleIntakeForm(forms.Form):
    text = forms.CharField(
        label=_("Paste the article's text"),
        required=False,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 12, "class": "vLargeTextField fd-intake-text"}),
        help_text=_("The text exactly as published; claims point into it."),
    )
    file = forms.FileField(
        label=_("or upload a file"),
        required=False,
        allow_empty_file=True,
        widget=forms.ClearableFileInput(attrs={"accept": ".txt,.md,.markdown,.html,.htm,.docx,.pdf"}),
        help_text=format_lazy(_("A {kinds} file. PDFs need a text layer (a scan has none)."), kinds=FILE_KINDS),
    )
    url = forms.URLField(
        label=_("or give its URL"),
        required=False,
        max_length=2000,
        assume_scheme="https",
        widget=forms.URLInput(attrs={"class": "vURLField", "placeholder": "https://"}),
        help_text=_("The page is fetched by the desk and its article text kept; the page address is stored."),
    )
    title = forms.CharField(
        label=_("Title"),
        required=False,
        max_length=500,
        widget=forms.TextInput(attrs={"class": "vTextField"}),
        help_text=_("Leave empty to take the title from the file or page."),
    )
    publisher = forms.CharField(
        label=_("Publisher"), required=False, max_length=200, widget=forms.TextInput(attrs={"class": "vTextField"})
    )
    published_at = forms.DateField(
        label=_("Publication date"), required=False, widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    original_url = forms.URLField(
        label=_("Original URL"),
        required=False,
        max_length=2000,
        assume_scheme="https",
        widget=forms.URLInput(attrs={"class": "vURLField", "placeholder": "https://"}),
        help_text=_("Where pasted or uploaded text was published, if online."),
    )

    def clean_text(self) -> str:
        text = self.cleaned_data.get("text") or ""
        return text if text.strip() else ""  # only spaces is no text: the "give one way in" error follows

    def clean(self):
        cleaned = super().clean()
        given = self.kinds_given()
        if not given and not self.errors:
            raise forms.ValidationError(
                gettext("Give the article one way: paste the article's text, choose a file, or give its URL."),
                code="nothing",
            )
        if len(given) > 1:
            names = {TEXT: gettext("pasted text"), FILE: gettext("a file"), URL: gettext("a URL")}
            raise forms.ValidationError(
                gettext(
                    "Give only one of pasted text, a file or a URL (this had %(given)s); "
                    "clear the others and save again."
                )
                % {"given": " + ".join(names[k] for k in given)},
                code="several",
            )
        if URL in given and cleaned.get("original_url") and cleaned["original_url"] != cleaned.get("url"):
            self.add_error(
                "original_url",
                gettext(
                    "Leave the original URL empty when the desk fetches a URL: the "
                    "fetched page's address is kept as the article's URL."
                ),
            )
        return cleaned

    def kinds_given(self) -> list[str]:
        """Which ways in were used, in the order the page shows them (uncleaned values count too)."""
        given = []
        if (self.data.get(TEXT) or "").strip():
            given.append(TEXT)
        if self.files.get(FILE):
            given.append(FILE)
        if (self.data.get(URL) or "").strip():
            given.append(URL)
        return given

    @property
    def kind(self) -> str:
        return self.kinds_given()[0]

    def submission(self) -> dict:
        """The keyword arguments for ``services.article_submit`` (call only on a valid form)."""
        data = self.cleaned_data
        published = data.get("published_at")
        return {
            "text": data["text"] if self.kind == TEXT else None,
            "upload": data["file"] if self.kind == FILE else None,
            "url": data["url"] if self.kind == URL else None,
            "title": data.get("title", ""),
            "publisher": data.get("publisher", ""),
            "original_url": data.get("original_url", ""),
            "published_at": datetime.combine(published, time(0, 0)) if published else None,
        }

    def add_refusal(self, error: IngestError) -> None:
        """Put a service's refusal on the field it is about (the one way in that was used)."""
        field = self.kind if self.kinds_given() else None
        hint = URL_HINTS.get(error.code, "") if field == URL else ""
        self.add_error(field, f"{error.message} {hint}".strip())
        self._remind_to_choose_again()

    def full_clean(self):
        super().full_clean()
        self._remind_to_choose_again()

    def _remind_to_choose_again(self) -> None:
        """A refused form with a chosen file: the file is gone from the re-rendered page, so say so there."""
        if not self.files.get(FILE) or not self._errors:
            return
        existing = [str(message) for message in self._errors.get(FILE, [])]
        if str(CHOOSE_AGAIN) not in existing:
            self._errors.setdefault(FILE, self.error_class(renderer=self.renderer)).append(str(CHOOSE_AGAIN))
