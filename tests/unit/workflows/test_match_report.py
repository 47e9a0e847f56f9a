"""``manage.py match_report``: dismissed matches against kept ones per score band, and the thresholds that
would have avoided the dismissals, on a fixture whose answers are worked out by hand below."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from factcheck.claims.models import ArchivedFactCheck, MatchDismissal
from factcheck.extraction import MATCH_THRESHOLD
from tests.factories import ClaimClusterFactory, ClaimFactory
from workflows import match_tuning

pytestmark = pytest.mark.django_db

KEPT = [0.45, 0.52, 0.61, 0.68, 0.74, 0.81, 0.88, 0.93, 0.97, 0.99]
DISMISSED = [0.41, 0.43, 0.47, 0.55, 0.66]


@pytest.fixture
def desk(users):
    """Ten archive matches kept, five marked as wrong (at the scores they had), one cluster match wrong."""
    archived = ArchivedFactCheck.objects.create(claim_text="All patients recovered.", url="https://fc.example.org/1")
    for score in KEPT:
        ClaimFactory(archived_match=archived, match_score=score)
    for score in DISMISSED:
        MatchDismissal.objects.create(
            claim=ClaimFactory(), archived=archived, score=score, dismissed_by=users["editor"]
        )
    cluster = ClaimClusterFactory()
    MatchDismissal.objects.create(
        claim=ClaimFactory(), other_claim=ClaimFactory(cluster=cluster), dismissed_by=users["editor"]
    )


def test_the_bands_count_kept_and_dismissed_matches(desk):
    scores = match_tuning.match_scores()
    assert sorted(scores.kept) == KEPT and sorted(scores.dismissed) == DISMISSED
    assert scores.unscored_dismissals == 1
    rows = [(b.low, b.high, b.kept, b.dismissed) for b in match_tuning.bands(scores)]
    assert rows == [
        (0.4, 0.5, 1, 3),
        (0.5, 0.6, 1, 1),
        (0.6, 0.7, 2, 1),
        (0.7, 0.8, 1, 0),
        (0.8, 0.9, 2, 0),
        (0.9, 1.0, 3, 0),
    ]


def test_the_thresholds_that_split_them(desk):
    scores = match_tuning.match_scores()
    # Keeping 90% of the kept (9 of 10) allows dropping only 0.45: a threshold of 0.52 avoids 0.41, 0.43, 0.47.
    keeping = match_tuning.cut_keeping(scores, keep=0.9)
    assert (keeping.threshold, keeping.avoided, keeping.kept) == (0.52, 3, 9)
    # Avoiding 80% of the dismissals (4 of 5) needs 0.55 gone: the lowest such threshold is 0.61, keeping 8.
    avoiding = match_tuning.cut_avoiding(scores, avoid=0.8)
    assert (avoiding.threshold, avoiding.avoided, avoiding.kept) == (0.61, 4, 8)
    every = match_tuning.cut_avoiding(scores, avoid=1.0)
    assert (every.threshold, every.avoided, every.kept) == (0.68, 5, 7)
    assert match_tuning.cut_keeping(scores, keep=1.0).threshold == 0.45


def test_the_command_prints_the_table_and_the_thresholds(desk):
    out = StringIO()
    call_command("match_report", "--keep", "90", "--avoid", "80", stdout=out)
    text = out.getvalue()
    assert (
        f'Archive matches ("already checked"): 10 kept, 5 marked as wrong; the threshold is now {MATCH_THRESHOLD:.2f}.'
    ) in text
    assert "0.40–0.50          1      3    75.0%" in text
    assert "0.60–0.70          2      1    33.3%" in text
    assert (
        "Keeping at least 90% of the kept matches: a threshold of 0.5200 would have avoided 60.0% of the wrong "
        "ones (3 of 5) and kept 90.0% (9 of 10)."
    ) in text
    assert (
        "Avoiding at least 80% of the wrong matches: a threshold of 0.6100 would have avoided 80.0% (4 of 5) "
        "and kept 80.0% of the kept ones (8 of 10)."
    ) in text
    assert "1 cluster match(es) marked as wrong" in text


def test_with_nothing_dismissed_there_is_nothing_to_tune(db):
    ClaimFactory(
        archived_match=ArchivedFactCheck.objects.create(claim_text="x", url="https://fc.example.org/2"), match_score=0.8
    )
    out = StringIO()
    call_command("match_report", stdout=out)
    assert "1 kept, 0 marked as wrong" in out.getvalue()
    assert "nothing to tune" in out.getvalue() and "threshold of" not in out.getvalue()


@pytest.mark.parametrize("args", [["--keep", "120"], ["--avoid", "lots"], ["--band", "0"]])
def test_bad_arguments_say_what_to_give(db, args):
    with pytest.raises(CommandError, match="e.g."):
        call_command("match_report", *args, stdout=StringIO())
