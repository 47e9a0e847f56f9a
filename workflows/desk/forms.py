"""Forms for the desk's workflow buttons and bulk actions. They only parse input: every rule is checked
by the service the view then calls, so the admin cannot drift from the API.

Each button's form hands the service its keywords through ``service_kwargs``: fields are named after
the service's keywords (``workflows.registry``) except where a person reads a form better otherwise
(a lead and second reviewers rather than a list; a rating rather than a rating id).
"""

from django import forms
from django.utils.choices import BaseChoiceIterator
from django.utils.translation import gettext_lazy as _

from factcheck.claims.models import ClaimType, DismissReason, Priority
from factcheck.verdicts.models import EvidenceLink, Rating

from .. import selectors
from .editor import ExplanationEditor
from .rendering import DESK_RENDERER


def _rating_label(label: str, scale_is_default: bool, scale_name: str) -> str:
    return label if scale_is_default else f"{scale_name}: {label}"  # data: never translated


class ListedChoices(BaseChoiceIterator):
    """A model choice field's options as its ``listed_choices`` gives them (id, label), after the empty label:
    the same options a ``ModelChoiceIterator`` gives, read with one plain SELECT of the columns the labels
    need, not as model instances through a server-side cursor."""

    def __init__(self, field):
        self.field = field

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        yield from self.field.listed_choices()

    def __len__(self):
        return len(self.field.listed_choices()) + (1 if self.field.empty_label is not None else 0)


class RatingChoiceField(forms.ModelChoiceField):
    """A rating of any scale; the default scale's by their label, others' as "Scale: label". Posted values
    are checked against ``queryset`` as any model choice is; the options are drawn by ``ListedChoices``."""

    iterator = ListedChoices

    def __init__(self, **kwargs):
        super().__init__(queryset=Rating.objects.select_related("scale").order_by("scale", "position"), **kwargs)

    def label_from_instance(self, obj):
        return _rating_label(obj.label, obj.scale.is_default, obj.scale.name)

    def listed_choices(self) -> list[tuple[int, str]]:
        rows = self.queryset.values_list("pk", "label", "scale__is_default", "scale__name")
        return [(pk, _rating_label(label, is_default, name)) for pk, label, is_default, name in rows]


class ReviewerChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.get_full_name() or obj.username


class ReviewersChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return obj.get_full_name() or obj.username


class ActionForm(forms.Form):
    """A button's form: ``service_kwargs`` turns its cleaned data into the service's keywords."""

    # form field → service keyword where they differ; None: the field is not the service's
    service_names: dict[str, str | None] = {}
    # The claim page draws a dozen of these forms: their widgets are drawn in Python (``desk.rendering``).
    default_renderer = DESK_RENDERER

    def service_kwargs(self) -> dict:
        kwargs = {}
        for name, value in self.cleaned_data.items():
            keyword = self.service_names.get(name, name)
            if keyword is None:
                continue
            if keyword.endswith("_id") and hasattr(value, "pk"):
                value = value.pk
            kwargs[keyword] = value
        return kwargs


class VersionForm(ActionForm):
    """Every button carries the claim version the user saw, so acting on a stale page is refused."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class NoteForm(VersionForm):
    note = forms.CharField(label=_("Note"), widget=forms.Textarea(attrs={"rows": 2}), required=False)


class RequiredNoteForm(VersionForm):
    note = forms.CharField(
        label=_("Note"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Tell the reviewer what to change."),
        error_messages={"required": _("A return needs a note telling the reviewer what to change.")},
    )


class DismissForm(VersionForm):
    reason = forms.ChoiceField(label=_("Reason"), choices=DismissReason.choices)
    note = forms.CharField(label=_("Note"), widget=forms.Textarea(attrs={"rows": 2}), required=False)


class AssignForm(VersionForm):
    lead = ReviewerChoiceField(queryset=selectors.assignable_users(), label=_("Lead reviewer"))
    second = ReviewersChoiceField(
        queryset=selectors.assignable_users(),
        required=False,
        label=_("Second reviewers"),
        widget=forms.SelectMultiple(attrs={"size": 4}),
    )
    due_at = forms.DateTimeField(
        label=_("Due"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
        help_text=_("Empty: from the priority."),
    )
    priority = forms.TypedChoiceField(
        label=_("Priority"),
        choices=[("", _("Keep the claim's priority")), *Priority.choices],
        coerce=int,
        empty_value=None,
        required=False,
    )

    def reviewers(self) -> list:
        lead = self.cleaned_data["lead"]
        return [lead, *(u for u in self.cleaned_data.get("second") or [] if u.pk != lead.pk)]

    def service_kwargs(self) -> dict:
        kwargs = {k: v for k, v in super().service_kwargs().items() if k not in ("lead", "second")}
        return {**kwargs, "reviewers": self.reviewers()}


class ReassignForm(AssignForm):
    priority = None
    note = forms.CharField(
        label=_("Note"), widget=forms.Textarea(attrs={"rows": 2}), required=False, help_text=_("Why, for the history.")
    )


class PriorityForm(VersionForm):
    priority = forms.TypedChoiceField(label=_("Priority"), choices=Priority.choices, coerce=int)


class DetailsForm(VersionForm):
    claim_type = forms.ChoiceField(label=_("Claim type"), choices=ClaimType.choices)
    speaker = forms.CharField(label=_("Speaker"), max_length=200, required=False)


class MatchDismissForm(VersionForm):
    """Which match is wrong (hidden: chosen on the claim page) and, optionally, why."""

    service_names = {"archived": "archived_id", "other_claim": "other_claim_id"}

    archived = forms.IntegerField(widget=forms.HiddenInput, required=False)
    other_claim = forms.IntegerField(widget=forms.HiddenInput, required=False)
    reason = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        max_length=2000,
        label=_("Why is it wrong?"),
        help_text=_("Optional, for the history: “a different figure”, “another country”."),
    )


class VoteForm(VersionForm):
    service_names = {"rating": "rating_id"}

    rating = RatingChoiceField(label=_("Your rating"))


def _lf(text: str) -> str:
    """A textarea's text with the line ends the database holds: browsers send CRLF, so an explanation left
    as published would otherwise read as changed."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


class CorrectForm(VersionForm):
    """A correction as readers will see it: the text and rating as corrected (filled with what is published,
    so an editor changes only what is wrong), and the log's line (empty: written from the changes). A field
    left as published is no change (``factcheck_correct``)."""

    service_names = {"rating": "new_rating_id"}

    kind = forms.ChoiceField(
        label=_("Kind"),
        choices=[("correction", _("Correction")), ("update", _("Update"))],
        help_text=_("A correction fixes a mistake; an update adds what became known since."),
    )
    rating = RatingChoiceField(required=False, label=_("Rating"), help_text=_("Empty: the published rating stays."))
    headline = forms.CharField(label=_("Headline"), max_length=300, required=False)
    summary = forms.CharField(label=_("Summary"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    explanation = forms.CharField(
        label=_("Explanation"),
        required=False,
        widget=ExplanationEditor(attrs={"rows": 8}),
        help_text=_("Paragraphs, headings, lists, links, bold, italic and quotes. Anything else is removed."),
    )
    what_changed = forms.CharField(
        max_length=300,
        required=False,
        label=_("What changed (for the public log)"),
        help_text=_(
            "Empty: written from your changes, e.g. “Rating changed from Mostly true to Half true; headline updated.”"
        ),
    )
    note = forms.CharField(
        label=_("Note"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Why: shown to readers."),
        error_messages={"required": _("Write the correction note readers will see.")},
    )
    speaker = forms.CharField(required=False, max_length=200, label=_("Speaker (empty: unchanged)"))
    claim_type = forms.ChoiceField(
        choices=[("", _("(unchanged)")), *ClaimType.choices], required=False, label=_("Claim type")
    )

    def service_kwargs(self) -> dict:
        kwargs = super().service_kwargs()
        for name in ("headline", "summary", "explanation"):
            # A text the form did not send (an older page) is kept as published, never blanked.
            kwargs[name] = _lf(kwargs[name]) if name in self.data else None
        # Empty means "unchanged" here, which the service spells None.
        return {**kwargs, **{k: kwargs[k] or None for k in ("speaker", "claim_type")}}


class RetractForm(VersionForm):
    reason = forms.CharField(
        label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}), help_text=_("Shown to readers.")
    )


class DraftForm(ActionForm):
    """The draft's own fields; the desk saves them with the evidence rows in one submit
    (``workflows.desk.drafts``). No fixed widths: the fields follow the page, down to a phone."""

    service_names = {"rating": "rating_id"}

    version = forms.IntegerField(widget=forms.HiddenInput)
    rating = RatingChoiceField(label=_("Rating"), required=False, empty_label=_("(not decided yet)"))
    headline = forms.CharField(label=_("Headline"), max_length=300, required=False)
    summary = forms.CharField(
        label=_("Summary"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_('"In short": one or two sentences for the reader.'),
    )
    explanation = forms.CharField(
        label=_("Explanation"),
        required=False,
        widget=ExplanationEditor(),
        help_text=_(
            "Paragraphs, headings, lists, links, bold, italic and quotes. Anything else is removed on "
            "save, and you are told what."
        ),
    )


class EvidenceForm(ActionForm):
    service_names = {"expected_updated_at": None}  # only the edit page sends it, to evidence_update

    url = forms.URLField(label=_("URL"), max_length=2000, assume_scheme="https")
    title = forms.CharField(label=_("Title"), max_length=300)
    publisher = forms.CharField(label=_("Publisher"), max_length=200, required=False)
    quote = forms.CharField(label=_("Quote"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    stance = forms.ChoiceField(label=_("Stance"), choices=EvidenceLink.Stance.choices)
    accessed_on = forms.DateField(
        label=_("Accessed on"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    expected_updated_at = forms.CharField(widget=forms.HiddenInput, required=False)


# --- bulk actions on the queue ---------------------------------------------------------------------


class BulkAssignForm(AssignForm):
    version = None


class BulkDismissForm(DismissForm):
    version = None


class BulkPriorityForm(PriorityForm):
    version = None


# --- the claim as the desk states it, and claims the model missed ------------------------------------------


class RestateForm(forms.Form):
    """``claim_restate``'s fields, with the claim version the editor loaded (a stale one is refused). Values
    are passed as typed: the service says what is wrong with a date or an address, naming the field."""

    default_renderer = DESK_RENDERER

    claim_reviewed = forms.CharField(
        required=False,
        label=_("The claim as the desk checks it"),
        widget=forms.Textarea(attrs={"rows": 3, "cols": 80}),
        help_text=_("Self-contained, as readers will see it (who, what, when). Empty: the sentence as it appeared."),
    )
    speaker = forms.CharField(
        label=_("Speaker"), required=False, max_length=200, help_text=_("Who made the claim. Empty: the publication.")
    )
    claim_date = forms.CharField(
        required=False,
        label=_("Date of the claim"),
        max_length=20,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("When it was said."),
    )
    appearance_url = forms.CharField(
        required=False,
        max_length=2000,
        label=_("Where it appeared"),
        widget=forms.URLInput(attrs={"size": 60, "placeholder": "https://"}),
        help_text=_("The address of the post, video or page where the claim was made."),
    )
    claim_type = forms.ChoiceField(choices=ClaimType.choices, label=_("Claim type"))
    version = forms.IntegerField(widget=forms.HiddenInput)

    def service_kwargs(self) -> dict:
        data = self.cleaned_data
        return {
            "version": data["version"],
            "claim_reviewed": _lf(data["claim_reviewed"]),
            "speaker": data["speaker"],
            "claim_date": data["claim_date"].strip() or None,
            "appearance_url": data["appearance_url"],
            "claim_type": data["claim_type"],
        }


class AddSelectionForm(forms.Form):
    """A passage of the article, selected on its page: offsets into its raw text (filled by
    ``articles/add_claim.js`` from the selection; the service trims blank space and checks the bounds)."""

    mode = forms.CharField(widget=forms.HiddenInput, initial="selection")
    start = forms.IntegerField(
        widget=forms.HiddenInput,
        min_value=0,
        error_messages={"required": _("Select the words of the claim in the article first.")},
    )
    end = forms.IntegerField(
        widget=forms.HiddenInput,
        min_value=0,
        error_messages={"required": _("Select the words of the claim in the article first.")},
    )
    speaker = forms.CharField(
        label=_("Speaker"),
        required=False,
        max_length=200,
        help_text=_("Empty: guessed from the article, as for extracted claims."),
    )

    def service_kwargs(self, article_id: int) -> dict:
        data = self.cleaned_data
        return {
            "article_id": article_id,
            "start": data["start"],
            "end": data["end"],
            "speaker": data["speaker"] or None,
        }


class AddTypedForm(forms.Form):
    """A claim made elsewhere (a broadcast, a social post, a reader's tip), typed with where it came from."""

    mode = forms.CharField(widget=forms.HiddenInput, initial="typed")
    text = forms.CharField(
        label=_("The claim, as it was made"),
        widget=forms.Textarea(attrs={"rows": 3, "cols": 80}),
        error_messages={"required": _("Type the claim as it was made.")},
    )
    source_url = forms.CharField(
        required=False,
        max_length=2000,
        label=_("Source URL"),
        widget=forms.URLInput(attrs={"size": 60, "placeholder": "https://"}),
    )
    source_description = forms.CharField(
        required=False,
        max_length=500,
        label=_("Or describe the source"),
        help_text=_("For example “Radio Beograd morning show, 3 March, 8:10” or “a reader's tip”."),
    )
    speaker = forms.CharField(
        label=_("Speaker"), required=False, max_length=200, help_text=_("Who made the claim, if known.")
    )

    def service_kwargs(self) -> dict:
        data = self.cleaned_data
        return {
            "text": _lf(data["text"]),
            "source_url": data["source_url"],
            "source_description": data["source_description"],
            "speaker": data["speaker"] or None,
        }
