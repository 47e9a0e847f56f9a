"""The news signals fire on what they name, stay quiet on look-alikes, and the shipped layer matches its data."""

import json
from pathlib import Path

import pytest

from factcheck.extraction import news_layer
from factcheck.extraction.model import INPUT_LABELS, NEWS_CALIBRATION_FILE, NEWS_LAYER_FILE, model_dir
from factcheck.extraction.scoring import score_sentences
from factcheck.extraction.signals import (
    CHECKABLE_SIGNALS,
    SIGNAL_LABELS,
    SIGNAL_NAMES,
    has_quantity,
    signal_vector,
)
from factcheck.extraction.types import QUEUE_THRESHOLD

REPO = Path(__file__).resolve().parents[3]


def _fired(text: str, language: str = "en") -> set[str]:
    return {name for name, value in zip(SIGNAL_NAMES, signal_vector(text, language), strict=True) if value}


@pytest.mark.parametrize(
    ("text", "signal"),
    [
        ("Patients who recover keep their immunity for at least a decade.", "outcome"),
        ("The operation restores hearing in most children.", "outcome"),
        ("The medicine can now be bought only with a prescription.", "regulatory"),
        ("The device was cleared for sale by the regulator.", "regulatory"),
        ("The screening is fully reimbursed by the state insurer.", "regulatory"),
        ("The second phase of clinical trials has finished.", "trial"),
        ("Killer cells attack and destroy the infected tissue.", "mechanism"),
        ("The new line is faster than any other in the country.", "comparison"),
        ("No other clinic in the region offers the operation.", "comparison"),
        ("Patients receive one dose every three weeks.", "dosing"),
        ("The tablet is taken twice a day.", "dosing"),
        ("About 300 guests attended the opening.", "incidental_count"),
        ("The report runs to 140 pages.", "incidental_count"),
        ("Some 90 apps are registered in the catalogue.", "incidental_count"),
        ("The mayor said the new square was beautiful.", "nothing_checkable"),
        ("The governor was briefed on the situation.", "speech_event"),
        ("The plan was announced by the deputy mayor.", "speech_event"),
        ("Nobody in the Baltics has a scanner like this one.", "uniqueness"),
        ("No one else in the country can operate on a beating heart.", "uniqueness"),
        ("No other bank in the region offers loans in tenge.", "uniqueness"),
        ("The bridge design has no analogues in Europe.", "uniqueness"),
        ("Such an operation had never been performed on a child before.", "uniqueness"),
        ("Others said the new road would bring prosperity.", "unnamed_source"),
        ("Critics argue that the museum will never pay its way.", "unnamed_source"),
        ("It is widely believed that the bridge is unsafe.", "unnamed_source"),
        ("“If you have seen it once, albeit briefly, you never forget it,” he said.", "hedged"),
        ("The scheme has helped, to some extent, a couple of villages.", "hedged"),
        ("The beam destroys the tumour without harming the surrounding tissue.", "selective_effect"),
        ("The antibody attacks only infected cells.", "selective_effect"),
        ("The spray kills ticks but does not harm bees.", "selective_effect"),
        ("Similar trials are under way at the Almazov Research Centre.", "institution_activity"),
        ("The vaccine is being developed by the Pasteur Institute in Lille.", "institution_activity"),
        ("Knee replacements are performed at the University of Tartu clinic.", "institution_activity"),
        ("The governor reminded the farmers that the dam had been debated for decades.", "recalled_remark"),
        ("The conductor recalled how the orchestra had rehearsed in a cold hangar.", "recalled_remark"),
        ("The minister pointed out that the neighbours had always been good partners.", "recalled_remark"),
        ("“The new ferry has helped us a lot,” the hotel owner said.", "own_gain"),
        ("“We make a decent living from the orchard,” the couple said.", "own_gain"),
        ("“Our bakery is doing fine this winter,” she told reporters.", "own_gain"),
    ],
)
def test_each_news_signal_fires_on_what_it_names(text, signal):
    assert signal in _fired(text), (text, sorted(_fired(text)))


@pytest.mark.parametrize(
    ("text", "signal"),
    [
        ("The radiation treatment destroys tumour cells.", "outcome"),  # how it works, not what it did
        ("He recalled the first days after the diagnosis.", "regulatory"),  # "recalled" is memory, not a recall
        ("Insulin is a hormone that regulates blood sugar.", "regulatory"),
        ("The Eurasian Patent Office sent a delegation.", "regulatory"),
        ("First, the patient undergoes a thorough examination.", "record"),  # "first" opening a list
        ("The clinic treated 300 patients last year.", "incidental_count"),  # a count of what was done
        ("The survey of 300 participants found that 40% smoked.", "incidental_count"),
        ("The plant cost $2 billion and employs 900 people.", "nothing_checkable"),
        # narration and exhortation, not a claim that nobody else has something
        ("Nobody had expected the crowd to stay so late.", "uniqueness"),
        ("“Nobody has ever asked me that,” she said.", "uniqueness"),
        ("“Nobody can do this alone,” the coach said.", "uniqueness"),
        ("There was no other way to reach the village.", "uniqueness"),
        ("Some 12,000 people are waiting for a transplant.", "unnamed_source"),  # "some" with a figure
        ("Some of the patients came from other regions.", "unnamed_source"),
        ("If the bill passes, fares will rise by 5%.", "hedged"),  # a condition with a figure is the claim itself
        ("Antibodies recognise and bind to foreign proteins.", "selective_effect"),  # a textbook mechanism
        ("The minister spoke at the Karolinska Institute on Tuesday.", "institution_activity"),
        ("Deputy Director of the Regional Cancer Center Ivan Petrov made a speech.", "institution_activity"),
        ("Others said the new road would bring prosperity.", "attribution"),  # nobody named said it
        # a remark with a figure, a date, a record or a status in it is a claim, whoever recalled it
        ("The governor reminded the farmers that the dam cost 40 million euros.", "recalled_remark"),
        ("The conductor recalled that the orchestra was founded in 1882.", "recalled_remark"),
        ("The minister pointed out that the region is the largest grain exporter.", "recalled_remark"),
        ("The mayor noted that the drug is not approved for children.", "recalled_remark"),
        ("The toys were recalled from shops across Europe.", "recalled_remark"),  # a product recall
        # a first-person gain with a figure is a claim; a gain of someone else is not about oneself
        ("“The new ferry brought us 3,000 more guests,” the hotel owner said.", "own_gain"),
        ("“We make 20% of our income from the orchard,” the couple said.", "own_gain"),
        ("The ferry has helped the island's hotels.", "own_gain"),
    ],
)
def test_look_alikes_do_not_fire(text, signal):
    assert signal not in _fired(text), (text, sorted(_fired(text)))


def test_the_day_of_a_date_is_not_a_figure():
    assert not has_quantity("The meeting was held on 3 March.")
    assert not has_quantity("The meeting was held on March 3.")
    assert has_quantity("The meeting on 3 March was attended by 40 people.")
    assert "quantity" not in _fired("The governor was briefed at a meeting held on 21 November.")


def test_every_signal_has_a_label_and_the_checkable_ones_are_signals():
    assert set(SIGNAL_LABELS) == set(SIGNAL_NAMES)
    assert len(set(SIGNAL_LABELS.values())) == len(SIGNAL_LABELS)
    assert set(CHECKABLE_SIGNALS) <= set(SIGNAL_NAMES)
    assert all(INPUT_LABELS[name] == SIGNAL_LABELS[name] for name in SIGNAL_NAMES)


@pytest.mark.parametrize("language", ["ru", "de", "el"])
def test_other_languages_give_the_same_signals_in_the_same_order(language):
    text = {"ru": "В стране 12 клиник.", "de": "Das Land hat 12 Kliniken.", "el": "Η χώρα έχει 12 κλινικές."}[language]
    vector = signal_vector(text, language)
    assert len(vector) == len(SIGNAL_NAMES)
    assert vector[SIGNAL_NAMES.index("quantity")] == 1.0
    assert vector[SIGNAL_NAMES.index("nothing_checkable")] == 0.0
    assert signal_vector("Все были рады.", "ru")[SIGNAL_NAMES.index("nothing_checkable")] == 1.0


def test_the_layer_learns_from_the_fit_part_only(tmp_path):
    calibration = tmp_path / "calibration.json"
    sentences = tmp_path / "sentences.json"
    calibration.write_text(json.dumps({"sentences": [{"text": "A", "label": "check"}]}), encoding="utf-8")
    rows = [
        {"text": "A", "label": "check", "part": "fit"},
        {"text": "B", "label": "skip", "part": "fit"},
        {"text": "C", "label": "check", "part": "held_out"},
    ]
    sentences.write_text(json.dumps({"sentences": rows}), encoding="utf-8")
    texts, labels, origin = news_layer.load_sentences(calibration, sentences)
    assert texts == ["A", "B"] and list(labels) == [1, 0]
    assert origin["sentences"] == {"calibration.json": 1, "sentences.json (fit)": 1}


def test_the_shipped_layer_was_fitted_on_the_current_sentences_and_signals():
    """Editing the news sentences or the signals without re-running ``training`` leaves a stale layer."""
    directory = model_dir()
    layer = json.loads((directory / NEWS_LAYER_FILE).read_text(encoding="utf-8"))
    _, labels, origin = news_layer.load_sentences(
        directory / NEWS_CALIBRATION_FILE, directory / news_layer.NEWS_SENTENCES_FILE
    )
    assert layer["fitted_on"] == origin
    assert layer["inputs"] == ["claimbuster_logit", *SIGNAL_NAMES]
    assert layer["calibration_sentences"] == len(labels)
    _, c, weight = news_layer.choose([(row["cv_f1"], row["c"], row["positive_class_weight"]) for row in layer["grid"]])
    assert (c, weight) == (layer["c"], layer["positive_class_weight"])


def test_a_cross_validation_tie_takes_the_smaller_class_weight():
    """A difference in F1 smaller than the spread between repeats must not raise every score."""
    results = [(0.9300, 1.0, 1.0), (0.9332, 2.0, 1.5), (0.9335, 2.0, 2.0), (0.9331, 4.0, 1.5)]
    assert news_layer.choose(results) == (0.9332, 2.0, 1.5)
    assert news_layer.choose([(0.9300, 2.0, 1.5), (0.9350, 2.0, 2.0)]) == (0.9350, 2.0, 2.0)


def test_the_mechanism_of_an_effect_that_spares_healthy_tissue_is_a_claim_not_a_textbook():
    """ "Destroys tumour cells" alone is how a treatment works; "without harming healthy cells" claims what it did."""
    assert "mechanism" in _fired("Killer cells attack and destroy the infected tissue.")
    fired = _fired("The beam destroys the tumour without harming the surrounding healthy tissue.")
    assert "selective_effect" in fired and "mechanism" not in fired


def test_background_that_claims_an_effect_that_spares_healthy_tissue_is_not_a_textbook():
    """ "Is based on X" alone is background; "is based on X, which destroys tumour cells without harming healthy ones"
    claims what this treatment does, as with the mechanism above."""
    assert "explanatory" in _fired("The scanner is based on magnetic resonance.")
    fired = _fired("The therapy is based on modified cells, which kill the tumour without damaging healthy tissue.")
    assert "selective_effect" in fired and "explanatory" not in fired


def test_a_named_speaker_is_still_attribution():
    assert "attribution" in _fired("The minister said the new road would bring prosperity.")
    assert "attribution" in _fired("Others said the bill would pass, the minister said.")


#: Held-out sentences of the news set (never fitted) for each pattern the signals above name, with their labels.
PATTERN_SENTENCES = [
    "According to the ministry, no one outside the capital offers dialysis at night.",
    "Nobody had expected the audience to stay until midnight.",
    "Others predicted that the clinic would become a magnet for the whole region.",
    "Some warned that the reform would backfire.",
    "Opponents say the new law has already closed 14 rural schools.",
    "The new scheme has, to some extent, changed how patients think about prevention.",
    "Even if the project takes years, it is worth every effort, the governor said.",
    "The antibody attacks only infected cells and leaves healthy ones untouched, the developers said.",
    "The modified virus infects only tumour cells and does not harm normal tissue.",
    "Ultraviolet light is a form of radiation that the eye cannot see.",
    "Trials of a similar implant are under way at the Almazov Research Centre in St Petersburg.",
    "Stem cell transplants for children are carried out at the Republican Scientific Center in Minsk.",
    "An open day at the Lviv Polytechnic Institute drew families from across the city.",
]


def test_the_shipped_layer_reads_each_pattern_on_sentences_it_never_saw():
    """Uniqueness, unnamed sources, hedges, effects that spare healthy tissue, work at a named institution: the
    shipped model queues the claims and leaves the look-alikes, on held-out sentences of the news set."""
    rows = {
        row["text"]: row for row in json.loads((model_dir() / news_layer.NEWS_SENTENCES_FILE).read_text())["sentences"]
    }
    probabilities = score_sentences(PATTERN_SENTENCES, "en")
    wrong = []
    for text, probability in zip(PATTERN_SENTENCES, probabilities, strict=True):
        assert rows[text]["part"] == "held_out", text
        if (probability >= QUEUE_THRESHOLD) != (rows[text]["label"] == "check"):
            wrong.append((text, probability))
    # Held out means the layer never saw them, so one near the threshold may fall on the wrong side (the shipped
    # layer queues the governor's "worth every effort" at 0.53); two would mean a pattern is not learned.
    assert len(wrong) <= 1, wrong


#: Held-out sentences of the news set for the narration a stronger ClaimBuster model took for claims (a remark
#: reminded of or noted with nothing pinned down; a speaker on their own business) and their look-alikes.
NARRATION_SENTENCES = [
    "The bishop reminded the congregation of the importance of patience.",
    "The president went on to say that the government had always listened to farmers.",
    "“The tourists have helped us keep the bakery open,” the owner said.",
    "“Our business is doing well, and we are happy with the season,” the farmer said.",
    "“It gives us some income during the quiet months,” the fisherman said.",
    "“My workshop is busy most of the year,” the carpenter said.",
    "The governor reminded the audience that the ferry line carried 1.2 million passengers last year.",
    "The speaker of parliament reminded deputies that the law has been in force since 1 January.",
    "“This contract is worth 3 million euros to us,” the director said.",
    "“We earned $120,000 from the guided tours last year,” she said.",
    "“Our profits fell by half after the border closed in 2022,” the trader said.",
]


def test_the_shipped_layer_leaves_narration_it_never_saw_and_queues_its_look_alikes():
    rows = {
        row["text"]: row for row in json.loads((model_dir() / news_layer.NEWS_SENTENCES_FILE).read_text())["sentences"]
    }
    probabilities = score_sentences(NARRATION_SENTENCES, "en")
    wrong = []
    for text, probability in zip(NARRATION_SENTENCES, probabilities, strict=True):
        assert rows[text]["part"] == "held_out", text
        if (probability >= QUEUE_THRESHOLD) != (rows[text]["label"] == "check"):
            wrong.append((text, probability))
    assert len(wrong) <= 1, wrong


#: One seed sentence for each of those patterns, with its label from ``seed_labels.json``. The seeds are never fitted
#: on; this only keeps the desk from losing them again.
SEED_PATTERNS = [
    ("“Nobody has this experience in Eastern Europe", "check"),
    ("Similar developments are underway at the Rogachev", "check"),
    ("which targets and destroys cancer cells without harming healthy ones", "check"),
    ("Others said it would save lives", "skip"),
    ("albeit in treating some two to three kinds", "skip"),
    # narration: a speaker on their own gain, a remark reminded of (what the all-layer transformer queued)
    ("It has allowed us to earn some money", "skip"),
    ("The head of state reminded that", "skip"),
]


def test_the_seed_sentence_of_each_pattern_lands_on_its_side_of_the_queue():
    seeds = json.loads((REPO / "tests" / "fixtures_extraction" / "seed_labels.json").read_text(encoding="utf-8"))
    rows = [row for rows in seeds["seeds"].values() for row in rows]
    for fragment, label in SEED_PATTERNS:
        (row,) = [row for row in rows if fragment in row["text"]]
        assert row["label"] == label, fragment
        (probability,) = score_sentences([row["text"]], "en")
        assert (probability >= QUEUE_THRESHOLD) == (label == "check"), (row["text"], probability)
