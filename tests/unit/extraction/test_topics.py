"""Topic suggestions from words alone (``factcheck.extraction.topics``): no database, no Django."""

from factcheck.extraction.topics import (
    ClaimText,
    TopicSpec,
    keyword_pattern,
    parse_keywords,
    suggest_for_article,
    suggest_topics,
)

HEALTH = TopicSpec("health", ("NHS", "vaccine", "hospital", "WHO"))
ECONOMY = TopicSpec("economy", ("inflation", "interest rate", "unemploy*"))
ELECTIONS = TopicSpec("elections", ("election", "ballot", "polling station"))
TOPICS = [HEALTH, ECONOMY, ELECTIONS]


def keys(suggestions):
    return [s.key for s in suggestions]


def test_a_keyword_in_the_claim_suggests_its_topic_and_says_which_word_was_found():
    found = suggest_topics(TOPICS, "Inflation reached 9% in October, the highest in forty years.")
    assert keys(found) == ["economy"]
    assert found[0].matched == ("inflation",)


def test_plurals_possessives_phrases_and_prefixes_match_as_whole_words():
    assert keys(suggest_topics(TOPICS, "Three vaccines were approved.")) == ["health"]
    assert keys(suggest_topics(TOPICS, "The vaccine's maker said so.")) == ["health"]
    assert keys(suggest_topics(TOPICS, "Interest  rates doubled.")) == ["economy"]
    assert keys(suggest_topics(TOPICS, "Unemployment fell to 4%.")) == ["economy"]
    # Whole words only: "hospitality" is not "hospital", "elections" of "selection" neither.
    assert suggest_topics(TOPICS, "Hospitality jobs and natural selection.") == []


def test_acronyms_match_only_in_capitals_so_a_pronoun_suggests_nothing():
    assert suggest_topics(TOPICS, "Those who voted early were counted.") == []
    assert keys(suggest_topics(TOPICS, "The WHO declared an emergency.")) == ["health"]
    assert suggest_topics(TOPICS, "nhs") == []


def test_an_article_about_a_topic_suggests_it_for_claims_that_do_not_name_it():
    title = "Election night: what the parties claimed"
    body = "The election was close. Turnout at the election was 61%."
    found = suggest_topics(TOPICS, "Turnout was 61%, up from 55%.", title=title, body=body)
    assert keys(found) == ["elections"]
    # One passing mention in the body alone is not enough.
    assert suggest_topics(TOPICS, "Turnout was 61%.", body="The election was close.") == []


def test_the_best_topics_come_first_at_most_three():
    many = [TopicSpec(i, (word,)) for i, word in enumerate(["alpha", "beta", "gamma", "delta"])]
    found = suggest_topics(many, "alpha beta gamma delta", title="delta")
    assert keys(found) == [3, 0, 1]  # delta scores higher (claim and title); then the list's order


def test_each_claim_of_an_article_gets_its_own_suggestions():
    claims = [ClaimText("Inflation hit 9%."), ClaimText("A hospital closed.", speaker="NHS England")]
    found = suggest_for_article(TOPICS, claims, title="", body="")
    assert [keys(f) for f in found] == [["economy"], ["health"]]
    assert found[1][0].matched == ("hospital", "NHS")


def test_keywords_as_an_admin_types_them():
    assert parse_keywords("vaccine, Vaccine\nhospital ;  interest   rate,, ") == (
        "vaccine",
        "hospital",
        "interest rate",
    )
    assert keyword_pattern("***") is None
    assert suggest_topics([TopicSpec("empty", ())], "anything") == []
