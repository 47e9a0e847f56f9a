"""Forms for the admin's workflow buttons and bulk actions. They only parse input: every rule is checked
by the service the view then calls, so the admin cannot drift from the API."""
from django import forms

from factcheck.claims.models import ClaimType, DismissReason, Priority
from factcheck.verdicts.models import EvidenceLink, Rating

from . import selectors


class RatingChoiceField(forms.ModelChoiceField):
    def __init__(self, **kwargs):
        super().__init__(queryset=Rating.objects.select_related("scale").order_by("scale", "position"), **kwargs)

    def label_from_instance(self, obj):
        return obj.label if obj.scale.is_default else f"{obj.scale.name}: {obj.label}"


class ReviewerChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.get_full_name() or obj.username


class ReviewersChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return obj.get_full_name() or obj.username


class VersionForm(forms.Form):
    """Every button carries the claim version the user saw, so acting on a stale page is refused."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class NoteForm(VersionForm):
    note = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), required=False)


class RequiredNoteForm(VersionForm):
    note = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}), help_text="Tell the reviewer what to change.",
        error_messages={"required": "A return needs a note telling the reviewer what to change."},
    )


class DismissForm(VersionForm):
    reason = forms.ChoiceField(choices=DismissReason.choices)
    note = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), required=False)


class AssignForm(VersionForm):
    lead = ReviewerChoiceField(queryset=selectors.assignable_users(), label="Lead reviewer")
    second = ReviewersChoiceField(
        queryset=selectors.assignable_users(), required=False, label="Second reviewers",
        widget=forms.SelectMultiple(attrs={"size": 4}),
    )
    due_at = forms.DateTimeField(
        required=False, widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
        help_text="Empty: from the priority.",
    )
    priority = forms.TypedChoiceField(
        choices=[("", "Keep the claim's priority"), *Priority.choices], coerce=int, empty_value=None, required=False
    )

    def reviewers(self) -> list:
        lead = self.cleaned_data["lead"]
        return [lead, *(u for u in self.cleaned_data.get("second") or [] if u.pk != lead.pk)]


class ReassignForm(AssignForm):
    priority = None


class PriorityForm(VersionForm):
    priority = forms.TypedChoiceField(choices=Priority.choices, coerce=int)


class DetailsForm(VersionForm):
    claim_type = forms.ChoiceField(choices=ClaimType.choices)
    speaker = forms.CharField(max_length=200, required=False)


class VoteForm(VersionForm):
    rating = RatingChoiceField(label="Your rating")


class CorrectForm(VersionForm):
    kind = forms.ChoiceField(choices=[("correction", "Correction"), ("update", "Update")])
    what_changed = forms.CharField(max_length=300)
    note = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), help_text="Shown to readers.")
    new_rating = RatingChoiceField(required=False, label="New rating (empty: unchanged)")
    speaker = forms.CharField(required=False, max_length=200, label="Speaker (empty: unchanged)")
    claim_type = forms.ChoiceField(choices=[("", "(unchanged)"), *ClaimType.choices], required=False,
                                   label="Claim type")


class RetractForm(VersionForm):
    reason = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), help_text="Shown to readers.")


class DraftForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    rating = RatingChoiceField(required=False)
    headline = forms.CharField(max_length=300, required=False, widget=forms.TextInput(attrs={"size": 80}))
    summary = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 2, "cols": 80}))
    explanation = forms.CharField(
        required=False, widget=forms.Textarea(attrs={"rows": 10, "cols": 80}),
        help_text="HTML: paragraphs, lists, links, emphasis, quotes. Anything else is removed.",
    )


class EvidenceForm(forms.Form):
    url = forms.URLField(max_length=2000, assume_scheme="https")
    title = forms.CharField(max_length=300)
    publisher = forms.CharField(max_length=200, required=False)
    quote = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 2}))
    stance = forms.ChoiceField(choices=EvidenceLink.Stance.choices)
    accessed_on = forms.DateField(required=False, widget=forms.DateInput(attrs={"type": "date"}))
    expected_updated_at = forms.CharField(widget=forms.HiddenInput, required=False)


# --- bulk actions on the queue ---------------------------------------------------------------------


class BulkAssignForm(AssignForm):
    version = None


class BulkDismissForm(DismissForm):
    version = None


class BulkPriorityForm(PriorityForm):
    version = None
