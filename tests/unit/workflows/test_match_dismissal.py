"""An editor marks a wrong match as wrong: an "already checked" fact-check, or another article's claim in the
claim's cluster. The link goes, the dismissal is remembered with the score the match had, history tells it in
a sentence, and only editors and admins may do it, on the version they loaded."""

import pytest
from django.db import IntegrityError, transaction

from factcheck.audit.models import AuditEvent
from factcheck.claims.models import ArchivedFactCheck, MatchDismissal
from tests.factories import ClaimClusterFactory, ClaimFactory
from workflows import claim_page, history, services, transitions
from workflows.exceptions import ActionForbidden, StaleEdit, ValidationFailed

pytestmark = pytest.mark.django_db

ARCHIVED_TEXT = "100% of patients recovered fully after the treatment."


@pytest.fixture
def archived():
    return ArchivedFactCheck.objects.create(
        claim_text=ARCHIVED_TEXT, rating="False", url="https://factcheck.example.org/recovery", publisher="FC"
    )


@pytest.fixture
def matched(make_claim, archived):
    """``matched(state)``: a claim in ``state`` matched with the archived fact-check at 0.72."""

    def make(state="new"):
        claim = make_claim(state)
        claim.archived_match, claim.match_score = archived, 0.72
        claim.save(update_fields=["archived_match", "match_score"])
        return claim

    return make


@pytest.fixture
def grouped():
    """Two claims of different articles in one cluster."""
    cluster = ClaimClusterFactory(label="The clinic treated patients")
    return ClaimFactory(cluster=cluster), ClaimFactory(cluster=cluster, text="100% full recovery rate.")


def test_an_editor_dismisses_an_archive_match(users, matched, archived):
    claim = matched()
    dismissal = services.match_dismiss(
        claim_id=claim.pk,
        actor=users["editor"],
        archived_id=archived.pk,
        reason="A different treatment.",
        version=claim.version,
    )
    claim.refresh_from_db()
    assert claim.archived_match is None and claim.match_score is None
    assert (dismissal.claim, dismissal.archived, dismissal.other_claim) == (claim, archived, None)
    assert (dismissal.score, dismissal.dismissed_by) == (0.72, users["editor"])
    assert dismissal.reason == "A different treatment."
    event = AuditEvent.objects.get(claim=claim, action="claim.dismiss_match")
    assert event.actor == users["editor"] and event.data["score"] == 0.72 and event.data["matched"] == ARCHIVED_TEXT


def test_history_tells_the_dismissal_in_a_sentence(users, matched, archived):
    users["editor"].first_name, users["editor"].last_name = "Erin", "Editor"
    users["editor"].save()
    claim = matched()
    services.match_dismiss(
        claim_id=claim.pk, actor=users["editor"], archived_id=archived.pk, reason="not the same figure"
    )
    told = history.claim_history(users["editor"], claim)[0]
    assert told.sentence == (
        f"Erin Editor marked the match with the fact-check “{ARCHIVED_TEXT}” as wrong: not the same figure"
    )


def test_a_dismissal_without_a_reason_reads_without_one(users, grouped):
    claim, other = grouped
    services.match_dismiss(claim_id=claim.pk, actor=users["admin"], other_claim_id=other.pk)
    told = history.claim_history(users["editor"], claim)[0]
    assert told.sentence == "admin marked the match with the claim “100% full recovery rate.” as wrong"


def test_an_editor_takes_a_claim_out_of_a_wrong_cluster(users, grouped):
    claim, other = grouped
    cluster_id = claim.cluster_id
    before = claim.version
    dismissal = services.match_dismiss(claim_id=claim.pk, actor=users["editor"], other_claim_id=other.pk)
    claim.refresh_from_db()
    other.refresh_from_db()
    assert claim.cluster_id is None and other.cluster_id == cluster_id, "only the claim leaves the cluster"
    assert claim.version == before + 1
    assert (dismissal.other_claim, dismissal.archived, dismissal.score) == (other, None, None)


# --- who may, when, on which version -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("who", "allowed"), [("reviewer", False), ("reviewer2", False), ("editor", True), ("admin", True)]
)
def test_the_matrix_cell_of_each_role(users, matched, archived, who, allowed):
    claim = matched("in_review")  # assigned to users["reviewer"], who wrote its draft
    run = lambda: services.match_dismiss(claim_id=claim.pk, actor=users[who], archived_id=archived.pk)  # noqa: E731
    if allowed:
        run()
        assert MatchDismissal.objects.filter(claim=claim).count() == 1
    else:
        with pytest.raises(ActionForbidden, match="cannot dismiss the matches of claims"):
            run()
        claim.refresh_from_db()
        assert claim.archived_match == archived and not MatchDismissal.objects.exists()


@pytest.mark.parametrize("state", ["new", "dismissed", "assigned", "submitted", "published", "retracted"])
def test_a_wrong_match_is_wrong_in_every_state(users, matched, archived, state):
    claim = matched(state)
    services.match_dismiss(claim_id=claim.pk, actor=users["editor"], archived_id=archived.pk)
    claim.refresh_from_db()
    assert claim.archived_match is None and claim.state == state


def test_a_stale_version_is_refused_and_changes_nothing(users, matched, archived):
    claim = matched()
    with pytest.raises(StaleEdit) as stale:
        services.match_dismiss(
            claim_id=claim.pk, actor=users["editor"], archived_id=archived.pk, version=claim.version - 1 or 99
        )
    assert stale.value.current_version == claim.version
    claim.refresh_from_db()
    assert claim.archived_match == archived and not MatchDismissal.objects.exists()
    assert not AuditEvent.objects.filter(action="claim.dismiss_match").exists()


@pytest.mark.parametrize("targets", [{}, {"archived_id": "A", "other_claim_id": "B"}])
def test_exactly_one_match_is_named(users, matched, grouped, targets):
    claim = matched()
    names = {"A": claim.archived_match_id, "B": grouped[1].pk}
    with pytest.raises(ValidationFailed, match="Name the one match"):
        services.match_dismiss(claim_id=claim.pk, actor=users["editor"], **{k: names[v] for k, v in targets.items()})


def test_a_match_the_claim_no_longer_has_is_refused(users, matched, archived, grouped):
    claim = matched()
    other_archive = ArchivedFactCheck.objects.create(claim_text="Something else.", url="https://fc.example.org/2")
    with pytest.raises(ValidationFailed, match="not matched with archived fact-check") as refused:
        services.match_dismiss(claim_id=claim.pk, actor=users["editor"], archived_id=other_archive.pk)
    assert "reload the claim page" in refused.value.message
    with pytest.raises(ValidationFailed, match="not matched with claim"):  # not in its cluster
        services.match_dismiss(claim_id=claim.pk, actor=users["editor"], other_claim_id=grouped[1].pk)
    with pytest.raises(ValidationFailed, match="id of the match"):
        services.match_dismiss(claim_id=claim.pk, actor=users["editor"], archived_id="seven")


def test_a_pair_linked_again_is_dismissed_anew_in_one_row(users, matched, archived):
    claim = matched()
    services.match_dismiss(claim_id=claim.pk, actor=users["editor"], archived_id=archived.pk, reason="first")
    claim.refresh_from_db()
    claim.archived_match, claim.match_score = archived, 0.66  # linked again (an older linker, a re-run)
    claim.save(update_fields=["archived_match", "match_score"])
    services.match_dismiss(claim_id=claim.pk, actor=users["editor2"], archived_id=archived.pk, reason="again")
    dismissal = MatchDismissal.objects.get(claim=claim)
    assert (dismissal.reason, dismissal.score, dismissal.dismissed_by) == ("again", 0.66, users["editor2"])


def test_the_action_is_offered_only_where_there_is_a_match(users, make_claim, matched, grouped):
    assert "dismiss_match" not in transitions.allowed_actions(users["editor"], make_claim("new"))
    assert "dismiss_match" in transitions.allowed_actions(users["editor"], matched())
    assert "dismiss_match" in transitions.allowed_actions(users["editor"], grouped[0])
    assert "dismiss_match" not in transitions.allowed_actions(users["reviewer"], matched("in_review"))


def test_the_claim_page_lists_what_was_dismissed(users, matched, archived):
    claim = matched()
    services.match_dismiss(claim_id=claim.pk, actor=users["editor"], archived_id=archived.pk, reason="r")
    page = claim_page.claim_page(users["reviewer"], claim.pk)
    assert [(d.archived, d.reason) for d in page.dismissed_matches] == [(archived, "r")]


# --- the table keeps it honest ----------------------------------------------------------------------------


def test_the_database_wants_exactly_one_target_and_one_row_per_pair(users, matched, archived, grouped):
    claim = matched()
    editor = users["editor"]
    for targets in ({}, {"archived": archived, "other_claim": grouped[1]}):
        with pytest.raises(IntegrityError), transaction.atomic():
            MatchDismissal.objects.create(claim=claim, dismissed_by=editor, **targets)
    MatchDismissal.objects.create(claim=claim, archived=archived, dismissed_by=editor)
    with pytest.raises(IntegrityError), transaction.atomic():
        MatchDismissal.objects.create(claim=claim, archived=archived, dismissed_by=editor)
    MatchDismissal.objects.create(claim=claim, other_claim=grouped[1], dismissed_by=editor)
    with pytest.raises(IntegrityError), transaction.atomic():
        MatchDismissal.objects.create(claim=claim, other_claim=grouped[1], dismissed_by=editor)
