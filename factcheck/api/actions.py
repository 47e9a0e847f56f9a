"""Workflow actions over HTTP: ``POST /api/v1/claims/{id}/<action>/``, one view per action.

Each view parses its body with its input serializer, calls the action's service from
``workflows.registry`` (which also names the body's fields where they differ from the service's
keywords), and answers with the claim as it now is (publish and correct answer with the fact-check). The
service decides everything else: the state, the caller's role and assignment, the version; its refusals
become 400/403/404/409 in ``errors``.
"""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.response import Response

from factcheck.claims.models import ClaimType, DismissReason
from factcheck.verdicts.models import Correction
from workflows import registry
from workflows.actions import Action

from . import selectors
from .base import (
    DeskView,
    RatingRefField,
    StrictCharField,
    StrictIntegerField,
    StrictSerializer,
    UserRefField,
    api_field_names,
    parse,
    version_field,
)
from .schema import errors
from .serializers import ClaimDetailOut, CorrectionOut, VerdictOut

NOTE_MAX = 5000
ACTION_ERRORS = errors(400, 401, 403, 404, 409, 413, 415, 429)


def note_field(help_text: str = "Shown in the audit trail.") -> StrictCharField:
    return StrictCharField(required=False, allow_blank=True, default="", max_length=NOTE_MAX, help_text=help_text)


def reviewers_field() -> serializers.ListField:
    return serializers.ListField(
        child=UserRefField(),
        min_length=1,
        max_length=10,
        help_text="User ids or usernames; the first one leads the review.",
    )


def due_field() -> serializers.DateTimeField:
    return serializers.DateTimeField(
        required=False,
        allow_null=True,
        default=None,
        input_formats=["iso-8601", "%Y-%m-%d"],
        help_text="ISO 8601 date-time (or a date). Empty: from the priority.",
    )


def priority_field(required: bool = False) -> StrictIntegerField:
    return StrictIntegerField(
        required=required,
        allow_null=not required,
        min_value=1,
        max_value=4,
        help_text="1 urgent, 2 high, 3 normal, 4 low.",
        **({} if required else {"default": None}),
    )


class ClaimAction(DeskView):
    """POST: parse ``Input``, call the registry's service for ``action``, answer with the claim."""

    action: str
    Input: type[StrictSerializer]

    def respond(self, request, claim_id: int, result) -> Response:
        claim = selectors.claim_detail(request.user, claim_id)
        return Response(ClaimDetailOut(claim, context={"request": request}).data)

    def post(self, request, pk: int):
        spec = registry.ACTIONS[self.action]
        data = parse(self.Input, request.data)
        with api_field_names(**{p.name: p.api_name for p in spec.params}):
            result = spec.run(claim_id=pk, actor=request.user, **spec.from_api(data))
        return self.respond(request, pk, result)


ACTION_DESCRIPTION = (
    "Send the claim's `version` you loaded to refuse a stale action. Refusals: 409 `invalid_state` (not from "
    "this state) or `conflict` (stale version, with `current_version`), 403 `forbidden` (your role, or a claim "
    "not assigned to you), 404 (no such claim), 400 `invalid` (bad input, with `fields`)."
)


def action_schema(summary: str, request, response=ClaimDetailOut):
    return extend_schema(
        summary=summary, description=ACTION_DESCRIPTION, request=request, responses={200: response, **ACTION_ERRORS}
    )


# --- triage ----------------------------------------------------------------------------------------------


class DismissInput(StrictSerializer):
    reason = serializers.ChoiceField(choices=DismissReason.choices)
    note = note_field('Required when the reason is "other".')
    version = version_field()


@action_schema("Dismiss a new claim, with a reason", DismissInput)
class ClaimDismiss(ClaimAction):
    action = Action.DISMISS
    Input = DismissInput


class NoteInput(StrictSerializer):
    note = note_field()
    version = version_field()


@action_schema("Reopen a dismissed claim", NoteInput)
class ClaimReopen(ClaimAction):
    action = Action.REOPEN
    Input = NoteInput


class PriorityInput(StrictSerializer):
    priority = priority_field(required=True)
    version = version_field()


@action_schema("Change the claim's priority", PriorityInput)
class ClaimPriority(ClaimAction):
    action = Action.SET_PRIORITY
    Input = PriorityInput


class DetailsInput(StrictSerializer):
    claim_type = serializers.ChoiceField(choices=ClaimType.choices, required=False, default=None, allow_null=True)
    speaker = StrictCharField(required=False, allow_blank=True, allow_null=True, default=None, max_length=200)
    version = version_field()


@action_schema("Correct what extraction guessed: the claim type and the speaker", DetailsInput)
class ClaimDetails(ClaimAction):
    action = Action.EDIT
    Input = DetailsInput


class MatchDismissInput(StrictSerializer):
    """Exactly one of ``archived`` and ``other_claim``: the match that is wrong."""

    archived = StrictIntegerField(
        required=False,
        allow_null=True,
        default=None,
        min_value=1,
        max_value=2**63 - 1,
        help_text="The archived fact-check the claim was matched with (matches.archived.id).",
    )
    other_claim = StrictIntegerField(
        required=False,
        allow_null=True,
        default=None,
        min_value=1,
        max_value=2**63 - 1,
        help_text="A claim of another article in the claim's cluster (cluster.siblings[].id).",
    )
    reason = note_field("Why the match is wrong, for the history.")
    version = version_field()


@action_schema("Mark a match as wrong: the claim is not the same as that fact-check or that claim", MatchDismissInput)
class ClaimDismissMatch(ClaimAction):
    action = Action.DISMISS_MATCH
    Input = MatchDismissInput


# --- assignment ------------------------------------------------------------------------------------------


class AssignInput(StrictSerializer):
    reviewers = reviewers_field()
    due = due_field()
    priority = priority_field()
    version = version_field()


@action_schema("Assign a new claim to reviewers", AssignInput)
class ClaimAssign(ClaimAction):
    action = Action.ASSIGN
    Input = AssignInput


class ReassignInput(StrictSerializer):
    reviewers = reviewers_field()
    due = due_field()
    note = note_field()
    version = version_field()


@action_schema("Give an assigned claim to other reviewers", ReassignInput)
class ClaimReassign(ClaimAction):
    action = Action.REASSIGN
    Input = ReassignInput


@action_schema("Withdraw every active assignment: the claim goes back to the queue", NoteInput)
class ClaimUnassign(ClaimAction):
    action = Action.UNASSIGN
    Input = NoteInput


# --- review and sign-off ---------------------------------------------------------------------------------


class VersionInput(StrictSerializer):
    version = version_field()


@action_schema("Start the review (the assigned reviewer): creates the verdict draft", VersionInput)
class ClaimStart(ClaimAction):
    action = Action.START
    Input = VersionInput


@action_schema("Submit the verdict for sign-off (rating, headline, summary and evidence needed)", VersionInput)
class ClaimSubmit(ClaimAction):
    action = Action.SUBMIT
    Input = VersionInput


@action_schema("Approve the submitted verdict (single-editor sign-off; not its author)", NoteInput)
class ClaimApprove(ClaimAction):
    action = Action.APPROVE
    Input = NoteInput


class VoteInput(StrictSerializer):
    rating = RatingRefField(help_text="Your rating: an id or a slug from GET /api/v1/ratings/.")
    version = version_field()


class VoteOut(serializers.Serializer):
    approved = serializers.BooleanField(help_text="True when this vote decided the panel.")
    votes = serializers.IntegerField()
    needed = serializers.IntegerField()
    tally = serializers.DictField(child=serializers.IntegerField(), help_text="Rating label → votes.")
    message = serializers.CharField()
    claim = ClaimDetailOut()


@action_schema("Vote on the submitted verdict's rating (panel sign-off)", VoteInput, VoteOut)
class ClaimVote(ClaimAction):
    action = Action.VOTE
    Input = VoteInput

    def respond(self, request, claim_id, result):
        claim = selectors.claim_detail(request.user, claim_id)
        return Response(
            VoteOut(
                {
                    "approved": result.approved,
                    "votes": result.votes,
                    "needed": result.needed,
                    "tally": result.tally,
                    "message": result.message,
                    "claim": claim,
                },
                context={"request": request},
            ).data
        )


class ReturnInput(StrictSerializer):
    note = note_field("Required: what the reviewer should change.")
    version = version_field()


@action_schema("Return the verdict to the reviewer with a note", ReturnInput)
class ClaimReturn(ClaimAction):
    action = Action.RETURN
    Input = ReturnInput


# --- going public ----------------------------------------------------------------------------------------


class FactCheckDeskOut(VerdictOut):
    """A published verdict as the desk sees it: where readers find it and its corrections log."""

    path = serializers.SerializerMethodField()
    claim_state = serializers.CharField(source="claim.state")
    claim_version = serializers.IntegerField(source="claim.version")
    corrections = CorrectionOut(many=True)

    def get_path(self, verdict) -> str | None:
        return verdict.get_absolute_url() if verdict.slug else None


class CorrectOut(FactCheckDeskOut):
    correction = CorrectionOut(help_text="The entry just appended to the public corrections log.")


@action_schema("Publish the approved verdict: answers with its slug and public URL", VersionInput, FactCheckDeskOut)
class ClaimPublish(ClaimAction):
    action = Action.PUBLISH
    Input = VersionInput

    def respond(self, request, claim_id, verdict):
        return Response(FactCheckDeskOut(selectors.published_verdict(verdict.pk), context={"request": request}).data)


class CorrectInput(StrictSerializer):
    """What a correction may change (any of rating, headline, summary, explanation, speaker, type; left out:
    kept as published), the note readers see, and the log's line (left empty: written from the changes)."""

    what_changed = StrictCharField(
        required=False,
        allow_blank=True,
        default="",
        max_length=300,
        help_text="In a few words, for the corrections log. Empty: written from the changes.",
    )
    note = StrictCharField(max_length=NOTE_MAX, help_text="The correction note readers will see.")
    rating = RatingRefField(
        required=False,
        allow_null=True,
        default=None,
        help_text="The new rating (id or slug); logged publicly old → new.",
    )
    new_rating = RatingRefField(required=False, allow_null=True, default=None, help_text="Older name for rating.")
    headline = StrictCharField(required=False, allow_null=True, allow_blank=True, default=None, max_length=300)
    summary = StrictCharField(required=False, allow_null=True, allow_blank=True, default=None, max_length=NOTE_MAX)
    explanation = StrictCharField(
        required=False,
        allow_null=True,
        allow_blank=True,
        default=None,
        max_length=100_000,
        help_text="HTML; sanitized like a draft's.",
    )
    kind = serializers.ChoiceField(
        choices=[(Correction.Kind.CORRECTION.value, "Correction"), (Correction.Kind.UPDATE.value, "Update")],
        default=Correction.Kind.CORRECTION.value,
    )
    speaker = StrictCharField(
        required=False,
        allow_null=True,
        allow_blank=True,
        default=None,
        max_length=200,
        help_text="The claim's speaker, if the correction fixes it.",
    )
    claim_type = serializers.ChoiceField(
        choices=ClaimType.choices,
        required=False,
        allow_null=True,
        default=None,
        help_text="The claim's type, if the correction fixes it.",
    )
    version = version_field()

    def validate(self, data):
        if data["rating"] is None:
            data["rating"] = data["new_rating"]
        elif data["new_rating"] not in (None, data["rating"]):
            raise serializers.ValidationError(
                {"rating": ["Send the new rating once, as rating (new_rating is its old name)."]}
            )
        return data


@action_schema("Publish a correction (or update) to a published fact-check", CorrectInput, CorrectOut)
class ClaimCorrect(ClaimAction):
    action = Action.CORRECT
    Input = CorrectInput

    def respond(self, request, claim_id, correction):
        verdict = selectors.published_verdict(correction.verdict_id)
        verdict.correction = correction
        return Response(CorrectOut(verdict, context={"request": request}).data)


class RetractInput(StrictSerializer):
    reason = StrictCharField(max_length=NOTE_MAX, help_text="The public reason, shown on the page.")
    version = version_field()


@action_schema("Retract a published fact-check: the page stays up with a retraction notice", RetractInput)
class ClaimRetract(ClaimAction):
    action = Action.RETRACT
    Input = RetractInput
