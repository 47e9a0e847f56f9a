"""Workflow actions over HTTP: ``POST /api/v1/claims/{id}/<action>/``, one view per action.

Each view parses its body, calls the one service for the action, and answers with the claim as it now is
(publish and correct answer with the fact-check). The service decides everything else: the state, the
caller's role and assignment, the version; its refusals become 400/403/404/409 in ``errors``.
"""
from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.response import Response

from factcheck.claims.models import ClaimType, DismissReason
from factcheck.verdicts.models import Correction
from workflows import services

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
        child=UserRefField(), min_length=1, max_length=10,
        help_text="User ids or usernames; the first one leads the review.",
    )


def due_field() -> serializers.DateTimeField:
    return serializers.DateTimeField(
        required=False, allow_null=True, default=None, input_formats=["iso-8601", "%Y-%m-%d"],
        help_text="ISO 8601 date-time (or a date). Empty: from the priority.",
    )


def priority_field(required: bool = False) -> StrictIntegerField:
    return StrictIntegerField(
        required=required, allow_null=not required, min_value=1, max_value=4,
        help_text="1 urgent, 2 high, 3 normal, 4 low.", **({} if required else {"default": None}),
    )


class ClaimAction(DeskView):
    """POST: parse ``Input``, run ``perform`` (one service call), answer with the claim."""

    Input: type[StrictSerializer]
    renames: dict[str, str] = {}

    def perform(self, claim_id: int, actor, data: dict):
        raise NotImplementedError

    def respond(self, request, claim_id: int, result) -> Response:
        claim = selectors.claim_detail(request.user, claim_id)
        return Response(ClaimDetailOut(claim, context={"request": request}).data)

    def post(self, request, pk: int):
        data = parse(self.Input, request.data)
        with api_field_names(**self.renames):
            result = self.perform(pk, request.user, data)
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
    Input = DismissInput

    def perform(self, claim_id, actor, data):
        return services.claim_dismiss(claim_id=claim_id, actor=actor, **data)


class NoteInput(StrictSerializer):
    note = note_field()
    version = version_field()


@action_schema("Reopen a dismissed claim", NoteInput)
class ClaimReopen(ClaimAction):
    Input = NoteInput

    def perform(self, claim_id, actor, data):
        return services.claim_reopen(claim_id=claim_id, actor=actor, **data)


class PriorityInput(StrictSerializer):
    priority = priority_field(required=True)
    version = version_field()


@action_schema("Change the claim's priority", PriorityInput)
class ClaimPriority(ClaimAction):
    Input = PriorityInput

    def perform(self, claim_id, actor, data):
        return services.claim_set_priority(claim_id=claim_id, actor=actor, **data)


class DetailsInput(StrictSerializer):
    claim_type = serializers.ChoiceField(choices=ClaimType.choices, required=False, default=None, allow_null=True)
    speaker = StrictCharField(required=False, allow_blank=True, allow_null=True, default=None, max_length=200)
    version = version_field()


@action_schema("Correct what extraction guessed: the claim type and the speaker", DetailsInput)
class ClaimDetails(ClaimAction):
    Input = DetailsInput

    def perform(self, claim_id, actor, data):
        return services.claim_update_details(claim_id=claim_id, actor=actor, **data)


# --- assignment ------------------------------------------------------------------------------------------


class AssignInput(StrictSerializer):
    reviewers = reviewers_field()
    due = due_field()
    priority = priority_field()
    version = version_field()


@action_schema("Assign a new claim to reviewers", AssignInput)
class ClaimAssign(ClaimAction):
    Input = AssignInput
    renames = {"due_at": "due"}

    def perform(self, claim_id, actor, data):
        return services.claim_assign(claim_id=claim_id, actor=actor, reviewers=data["reviewers"], due_at=data["due"],
                                     priority=data["priority"], version=data["version"])


class ReassignInput(StrictSerializer):
    reviewers = reviewers_field()
    due = due_field()
    note = note_field()
    version = version_field()


@action_schema("Give an assigned claim to other reviewers", ReassignInput)
class ClaimReassign(ClaimAction):
    Input = ReassignInput
    renames = {"due_at": "due"}

    def perform(self, claim_id, actor, data):
        return services.claim_reassign(claim_id=claim_id, actor=actor, reviewers=data["reviewers"],
                                       due_at=data["due"], note=data["note"], version=data["version"])


@action_schema("Withdraw every active assignment: the claim goes back to the queue", NoteInput)
class ClaimUnassign(ClaimAction):
    Input = NoteInput

    def perform(self, claim_id, actor, data):
        return services.claim_unassign(claim_id=claim_id, actor=actor, **data)


# --- review and sign-off ---------------------------------------------------------------------------------


class VersionInput(StrictSerializer):
    version = version_field()


@action_schema("Start the review (the assigned reviewer): creates the verdict draft", VersionInput)
class ClaimStart(ClaimAction):
    Input = VersionInput

    def perform(self, claim_id, actor, data):
        return services.review_start(claim_id=claim_id, actor=actor, **data)


@action_schema("Submit the verdict for sign-off (rating, headline, summary and evidence needed)", VersionInput)
class ClaimSubmit(ClaimAction):
    Input = VersionInput

    def perform(self, claim_id, actor, data):
        return services.verdict_submit(claim_id=claim_id, actor=actor, **data)


@action_schema("Approve the submitted verdict (single-editor sign-off; not its author)", NoteInput)
class ClaimApprove(ClaimAction):
    Input = NoteInput

    def perform(self, claim_id, actor, data):
        return services.verdict_approve(claim_id=claim_id, actor=actor, **data)


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
    Input = VoteInput
    renames = {"rating_id": "rating"}

    def perform(self, claim_id, actor, data):
        return services.verdict_vote(claim_id=claim_id, actor=actor, rating_id=data["rating"], version=data["version"])

    def respond(self, request, claim_id, result):
        claim = selectors.claim_detail(request.user, claim_id)
        return Response(VoteOut({"approved": result.approved, "votes": result.votes, "needed": result.needed,
                                  "tally": result.tally, "message": result.message, "claim": claim},
                                 context={"request": request}).data)


class ReturnInput(StrictSerializer):
    note = note_field("Required: what the reviewer should change.")
    version = version_field()


@action_schema("Return the verdict to the reviewer with a note", ReturnInput)
class ClaimReturn(ClaimAction):
    Input = ReturnInput

    def perform(self, claim_id, actor, data):
        return services.verdict_return(claim_id=claim_id, actor=actor, **data)


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
    Input = VersionInput

    def perform(self, claim_id, actor, data):
        return services.factcheck_publish(claim_id=claim_id, actor=actor, **data)

    def respond(self, request, claim_id, verdict):
        return Response(FactCheckDeskOut(selectors.published_verdict(verdict.pk), context={"request": request}).data)


class CorrectInput(StrictSerializer):
    what_changed = StrictCharField(max_length=300, help_text="In a few words, for the corrections log.")
    note = StrictCharField(max_length=NOTE_MAX, help_text="The correction note readers will see.")
    new_rating = RatingRefField(required=False, allow_null=True, default=None)
    headline = StrictCharField(required=False, allow_null=True, allow_blank=True, default=None, max_length=300)
    summary = StrictCharField(required=False, allow_null=True, allow_blank=True, default=None, max_length=NOTE_MAX)
    explanation = StrictCharField(
        required=False, allow_null=True, allow_blank=True, default=None, max_length=100_000, help_text="HTML."
    )
    kind = serializers.ChoiceField(
        choices=[(Correction.Kind.CORRECTION.value, "Correction"), (Correction.Kind.UPDATE.value, "Update")],
        default=Correction.Kind.CORRECTION.value,
    )
    speaker = StrictCharField(required=False, allow_null=True, allow_blank=True, default=None, max_length=200,
                              help_text="The claim's speaker, if the correction fixes it.")
    claim_type = serializers.ChoiceField(choices=ClaimType.choices, required=False, allow_null=True, default=None,
                                         help_text="The claim's type, if the correction fixes it.")
    version = version_field()


@action_schema("Publish a correction (or update) to a published fact-check", CorrectInput, CorrectOut)
class ClaimCorrect(ClaimAction):
    Input = CorrectInput
    renames = {"new_rating_id": "new_rating"}

    def perform(self, claim_id, actor, data):
        return services.factcheck_correct(
            claim_id=claim_id, actor=actor, what_changed=data["what_changed"], note=data["note"],
            new_rating_id=data["new_rating"], headline=data["headline"], summary=data["summary"],
            explanation=data["explanation"], kind=data["kind"], speaker=data["speaker"],
            claim_type=data["claim_type"], version=data["version"],
        )

    def respond(self, request, claim_id, correction):
        verdict = selectors.published_verdict(correction.verdict_id)
        verdict.correction = correction
        return Response(CorrectOut(verdict, context={"request": request}).data)


class RetractInput(StrictSerializer):
    reason = StrictCharField(max_length=NOTE_MAX, help_text="The public reason, shown on the page.")
    version = version_field()


@action_schema("Retract a published fact-check: the page stays up with a retraction notice", RetractInput)
class ClaimRetract(ClaimAction):
    Input = RetractInput

    def perform(self, claim_id, actor, data):
        return services.factcheck_retract(claim_id=claim_id, actor=actor, **data)
