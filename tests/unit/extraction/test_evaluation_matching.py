"""The matching evaluation reads CheckThat! 2020 task 2 as published and scores MAP@5 as the lab does."""

import pytest

from factcheck.extraction.evaluation.matching import average_precision_at, later_copies, load, tweet_text
from factcheck.extraction.numbers import extract_figures


def test_average_precision_at_5():
    assert average_precision_at(["a", "b"], {"a"}) == 1.0
    assert average_precision_at(["x", "a"], {"a"}) == 0.5
    assert average_precision_at(["x", "y", "z", "w", "v", "a"], {"a"}) == 0.0
    assert average_precision_at(["a", "x", "b"], {"a", "b"}) == pytest.approx((1 + 2 / 3) / 2)


def test_the_posting_date_is_dropped_and_the_author_kept():
    tweet = "Iran could threaten hotels. — Ilhan Omar (@IlhanMN) January 6, 2020"
    assert tweet_text(tweet) == "Iran could threaten hotels. — Ilhan Omar (Ilhan MN)"


def test_links_go_and_tags_read_as_words():
    tweet = "So true #Trump2020 @BetoORourke https://t.co/xYz12 pic.twitter.com/9CgOACecb0"
    assert tweet_text(tweet) == "So true Trump 2020 Beto O Rourke"


def test_later_copies_of_a_claim_are_known():
    ids = ["675", "9129", "7"]
    claims = [
        'The U.S. was ranked the "118th safest country".',
        "The U.S. was ranked the '118th safest country'.",
        "Another claim.",
    ]
    assert later_copies(ids, claims) == {"9129"}


def test_a_date_is_no_quantity():
    assert extract_figures("— Ilhan Omar (@IlhanMN) January 6, 2020").quantities == ()
    assert extract_figures("On 6 January the ministry opened 600 beds.").quantities == ((600.0, False),)
    assert extract_figures("Prices rose 6% in January.").quantities == ((6.0, True),)


def test_the_files_are_read_as_published(tmp_path):
    (tmp_path / "train").mkdir()
    (tmp_path / "dev").mkdir()
    (tmp_path / "verified_claims.docs.tsv").write_text(
        '\tvclaim\ttitle\n0\t"Trump said ""no"" to 3 walls."\tDid Trump Say No?\n1\tThe moon is cheese.\tMoon?\n'
    )
    tweets = '\ttweet_content\n7\t"Wow" says Trump. — A (@a) May 2, 2019\n'
    (tmp_path / "train" / "tweets.queries.tsv").write_text(tweets)
    (tmp_path / "train" / "tweet-vclaim-pairs.qrels").write_text("7\t0\t0\t1\n")
    (tmp_path / "dev" / "tweets.queries.tsv").write_text("\ttweet_content\n")
    (tmp_path / "dev" / "tweet-vclaim-pairs.qrels").write_text("")
    ids, claims, titles, queries, relevant, splits = load(tmp_path)
    assert ids == ["0", "1"] and claims[0] == 'Trump said "no" to 3 walls.' and titles[1] == "Moon?"
    assert queries == ['"Wow" says Trump. — A (a)'] and relevant == [{"0"}] and splits == ["train"]


def test_a_figure_stated_twice_is_one_figure():
    from factcheck.extraction.numbers import numbers_agree

    restated = "Texas found 58,000 non-citizens voted. Did 58,000 Non-Citizens Vote in Texas?"
    assert numbers_agree("58,000 non-citizens voted in Texas, with 95,000 registered.", restated)
    assert not numbers_agree("95,000 non-citizens voted in Texas.", restated)


def test_a_qrel_naming_a_later_copy_is_answered_by_the_first():
    from factcheck.extraction.evaluation.matching import first_copies

    ids = ["675", "9129", "7", "8"]
    claims = ['The "118th safest country".', "The '118th safest country'.", "Another claim.", "another claim"]
    assert first_copies(ids, claims) == {"9129": "675", "8": "7"}


def test_the_map_counts_the_first_copy_and_reports_plain_cosine(tmp_path):
    from factcheck.extraction.embedding import default_encoder
    from factcheck.extraction.evaluation.matching import DATASET, checkthat_map

    root = tmp_path / DATASET
    for split in ("train", "dev"):
        (root / split).mkdir(parents=True)
    (root / "verified_claims.docs.tsv").write_text(
        "\tvclaim\ttitle\n"
        "0\tThe moon landing was filmed in a studio.\tWas the Moon Landing Faked?\n"
        "1\tThe moon landing was filmed in a studio!\tMoon Landing Studio\n"
        "2\tA new vaccine causes infertility in women.\tDoes the Vaccine Cause Infertility?\n"
    )
    (root / "train" / "tweets.queries.tsv").write_text(
        "\ttweet_content\n7\tThey filmed the moon landing in a studio, wake up\n8\tThis vaccine makes women infertile\n"
    )
    # Tweet 7's qrel names the later copy (1) of claim 0: ranked one entry per claim, 0 is its answer.
    (root / "train" / "tweet-vclaim-pairs.qrels").write_text("7\t0\t1\t1\n8\t0\t2\t1\n")
    (root / "dev" / "tweets.queries.tsv").write_text("\ttweet_content\n")
    (root / "dev" / "tweet-vclaim-pairs.qrels").write_text("")
    scores = checkthat_map(tmp_path, encoder=default_encoder())
    assert scores.hybrid["train"] == 1.0 and scores.lexical["train"] == 1.0 and scores.cosine["train"] == 1.0
    assert scores.queries == {"train": 2, "all": 2}
