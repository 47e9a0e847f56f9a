"""The run-time hashing vectoriser gives scikit-learn's ``HashingVectorizer`` matrices exactly, and the model's
compact weights give the logits its dense tables gave.

The shipped n-gram weights and every matcher's features are indexed by scikit-learn's columns, so any
difference (a hash, an n-gram, a count, an order) would silently change scores. scikit-learn stays installed
for training and for these comparisons; the desk's processes no longer import it.
"""

import json
import random
import subprocess
import sys

import numpy as np
import pytest
from sklearn.feature_extraction.text import HashingVectorizer

from factcheck.extraction.crosslang import neutral_tokens
from factcheck.extraction.hashing import HashedCounts, feature_columns
from factcheck.extraction.matching import N_FEATURES, lexical_vectorizers, neutral_vectorizer, normalise, word_analyzer
from factcheck.extraction.model import META_FILE, WEIGHTS_FILE, ClaimBusterModel, model_dir
from factcheck.extraction.vectorizing import BLOCKS, hashed_counts, normalise_for_model, smooth_idf, tfidf

TEXTS = [
    "The government spent $5.2 million on 1,200 new roads in 2023, up 14% on the year before.",
    "Unemployment fell to 3.5 per cent last year, the lowest rate since 1969, the minister said.",
    "«Мы построили 600 километров дорог», — заявил министр 12 марта 2024 г. в Москве.",
    "Η ανεργία μειώθηκε στο 10,2% σύμφωνα με την ΕΛΣΤΑΤ; Ναι.",
    "Laut Ministerium wurden 2,5 Mrd. Euro für Schulen ausgegeben — über 40 % mehr.",
    "Según el INE, el paro bajó al 11,6 % en el tercer trimestre.",
    "Le taux de chômage a baissé à 7,3 % selon l'Insee, a déclaré l'économiste.",
    "Қазақстанда 2023 жылы 19 миллион адам тұрды, деді министр.",
    "Ово је тест: 85 пацијената је лечено у Београду. Ovo je test na latinici.",
    "",
    " ",
    "a",
    "I ok",
    "x\u00a0\u00a0y\tz\u2028w   v\n\nu",
    "emoji 😀 and CJK 統計 and combining e\u0301 and ß ﬁ",
    "CAR-T vs CAR T; O'Brien’s “quoted” 'claim' ... 4.5bn £3,000 €12 ¥9 ₽100",
    "hyphen-ated co-operation well-being 2020-2024 1990s 20th",
    "ALL CAPS SHOUTING ABOUT 100 PERCENT",
    "qqqqqqqq zzzzzzz xxxxxxxj",
]


def _varied(n: int, seed: int) -> list[str]:
    """Random text from a mixed alphabet: letters, digits, punctuation and every kind of space."""
    rng = random.Random(seed)
    alphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 $%.,'’-—\t\n\u00a0ёжЩλΣéüß😀"
    return ["".join(rng.choice(alphabet) for _ in range(rng.randint(0, 120))) for _ in range(n)]


ALL_TEXTS = TEXTS + _varied(200, seed=3)

SETTINGS = [
    pytest.param(
        {"analyzer": b.analyzer, "ngram_range": (b.ngram_min, b.ngram_max), "preprocessor": normalise_for_model},
        b.n_features,
        id=f"model-{b.name}",
    )
    for b in BLOCKS
] + [
    pytest.param({"analyzer": word_analyzer}, N_FEATURES, id="matcher-words"),
    pytest.param(
        {"analyzer": "char_wb", "ngram_range": (3, 5), "preprocessor": normalise}, N_FEATURES, id="matcher-chars"
    ),
    pytest.param({"analyzer": neutral_tokens}, N_FEATURES, id="neutral-tokens"),
    pytest.param({"analyzer": "word", "ngram_range": (1, 3)}, 2**10, id="word-lowercased-collisions"),
    pytest.param({"analyzer": "word", "ngram_range": (2, 2)}, 7, id="word-pairs-only"),
    pytest.param({"analyzer": "char", "ngram_range": (1, 4)}, 2**12, id="char"),
    pytest.param({"analyzer": "char_wb", "ngram_range": (1, 1)}, 2**12, id="char-wb-unigrams"),
]


def _same(mine, theirs) -> None:
    theirs = theirs.tocsr()
    assert mine.shape == theirs.shape
    assert mine.data.dtype == theirs.data.dtype == np.float64
    assert np.array_equal(mine.indptr, theirs.indptr)
    assert np.array_equal(mine.indices, theirs.indices)
    assert np.array_equal(mine.data, theirs.data)


@pytest.mark.parametrize(("settings", "n_features"), SETTINGS)
def test_the_counts_are_scikit_learns(settings, n_features):
    theirs = HashingVectorizer(n_features=n_features, alternate_sign=False, norm=None, **settings)
    mine = HashedCounts(settings.pop("analyzer"), n_features=n_features, **settings)
    _same(mine.transform(ALL_TEXTS), theirs.transform(ALL_TEXTS))
    for text in TEXTS:  # one text a call, as the matchers vectorise a query
        _same(mine.transform([text]), theirs.transform([text]))


def test_the_projects_vectorisers_are_scikit_learns():
    """The very objects the model and the matchers use, against the scikit-learn settings they stand for."""
    words, chars = lexical_vectorizers()
    pairs = [
        (words, HashingVectorizer(analyzer=word_analyzer, n_features=N_FEATURES, alternate_sign=False, norm=None)),
        (
            chars,
            HashingVectorizer(
                analyzer="char_wb",
                ngram_range=(3, 5),
                n_features=N_FEATURES,
                alternate_sign=False,
                norm=None,
                preprocessor=normalise,
            ),
        ),
        (
            neutral_vectorizer(),
            HashingVectorizer(analyzer=neutral_tokens, n_features=N_FEATURES, alternate_sign=False, norm=None),
        ),
    ]
    for block in BLOCKS:
        theirs = HashingVectorizer(
            analyzer=block.analyzer,
            ngram_range=(block.ngram_min, block.ngram_max),
            n_features=block.n_features,
            preprocessor=normalise_for_model,
            alternate_sign=False,
            norm=None,
            dtype=np.float64,
        )
        _same(hashed_counts(block, ALL_TEXTS), theirs.transform(ALL_TEXTS))
    for mine, theirs in pairs:
        _same(mine.transform(ALL_TEXTS), theirs.transform(ALL_TEXTS))


def test_columns_are_scikit_learns_murmurhash_including_the_most_negative_hash():
    from sklearn.utils.murmurhash import murmurhash3_32

    features = ["the", "zmoney", " зн", "λόγ", "😀x", "", "a b", *(f"f{i}" for i in range(2000))]
    for n_features in (2**18, 2**20, 1000, 7):
        expected = [abs(int(murmurhash3_32(f, seed=0, positive=False))) % n_features for f in features]
        assert feature_columns(features, n_features).tolist() == expected
    # scikit-learn's special case for a hash of -2**31: (2**31 - 1 - (n - 1)) % n, the same as 2**31 % n.
    for n_features in (2**20, 1000, 7):
        assert (2**31 - 1 - (n_features - 1)) % n_features == 2**31 % n_features


def test_the_compact_weights_give_the_dense_tables_logits_exactly():
    """The model keeps its weights for its own features only; the logits must be bit for bit the ones of
    dense idf and weight tables over every hashed column (as the shipped weights were read before)."""
    directory = model_dir()
    meta = json.loads((directory / META_FILE).read_text(encoding="utf-8"))
    unseen = float(smooth_idf(np.zeros(1), meta["n_documents"])[0])
    with np.load(directory / WEIGHTS_FILE, allow_pickle=False) as arrays:
        dense = np.full(len(ALL_TEXTS), float(arrays["intercept"][0]))
        for block in BLOCKS:
            idf = np.full(block.n_features, unseen)
            coef = np.zeros(block.n_features)
            idf[arrays[f"{block.name}_index"]] = arrays[f"{block.name}_idf"]
            coef[arrays[f"{block.name}_index"]] = arrays[f"{block.name}_coef"]
            dense += tfidf(hashed_counts(block, ALL_TEXTS), idf) @ coef
    compact = ClaimBusterModel(directory).logits(ALL_TEXTS)
    assert np.array_equal(compact, dense)
    # One text at a time too, as a typed claim is scored.
    model = ClaimBusterModel(directory)
    for text in TEXTS:
        assert np.array_equal(model.logits([text]), dense[[ALL_TEXTS.index(text)]])


def test_the_model_holds_no_dense_tables():
    model = ClaimBusterModel(model_dir())
    held = sum(a.nbytes for block in model.blocks for a in (block.index, block.idf, block.coef))
    assert held < 4 * 2**20, f"the n-gram weights take {held / 2**20:.1f} MB"


def test_extraction_and_matching_run_without_scikit_learn():
    code = (
        "import sys\n"
        "from factcheck.extraction.matching import ClaimMatcher\n"
        "from factcheck.extraction.matchindex import MatchIndex\n"
        "from factcheck.extraction.model import model_dir, ClaimBusterModel\n"
        "ClaimBusterModel(model_dir()).logits(['The budget grew by 5% in 2024.'])\n"
        "matcher = ClaimMatcher.from_items([(1, 'The budget grew by 5% in 2024.')])\n"
        "assert matcher.query('Budget grew 5% in 2024')\n"
        "index = MatchIndex()\n"
        "index.add_many([(('claim', 1), 'The budget grew by 5% in 2024.')])\n"
        "assert index.query('Budget grew 5% in 2024')\n"
        "loaded = sorted(m for m in sys.modules if m.split('.')[0] in ('sklearn', 'joblib', 'narwhals'))\n"
        "assert not loaded, loaded[:10]\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False, timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
