"""A worker's memory: the two MiniLM sessions stay small while they run, and matching vectorises only what
it scores.

A worker holds the matching encoder and the check-worthiness classifier for its whole life. Before the
sessions used onnxruntime's arena (without a memory pattern) and the classifier ran one sentence a call,
the pair stood ~124 MB above the imported libraries after 60 calls each; now ~85 MB.
"""

import json
import os
import subprocess
import sys
import textwrap

import numpy as np
import pytest

from factcheck.extraction import kernels
from factcheck.extraction.embedding import encoder_dir
from factcheck.extraction.matchindex import MatchIndex
from factcheck.extraction.model import model_dir
from factcheck.extraction.transformer import MODEL_NAME, TransformerScorer

CLASSIFIER = model_dir() / MODEL_NAME

#: MB above the imported libraries (onnxruntime, tokenizers, the extraction package) for both sessions after
#: 60 calls each: ~85 now, ~124 with the arena off and batches of 8 (the model files alone are 2 x 23 MB).
SESSIONS_BUDGET_MB = 105
#: More when the models unpack their int8 weights to float32 once (``FACTDESK_INT8_ACTIVATIONS=0``, ``kernels``;
#: 10.6 million multiplied weights each, 4 bytes each, not 1): ~100 MB measured with the encoder unpacked, ~130
#: with both, against ~75 with int8 activations. Both graphs round their own activations now, so a CPU without an
#: int8 dot product keeps them packed too (exact int8 products).
UNPACKED_WEIGHTS_MB = 60

_CHILD = textwrap.dedent(
    """
    import json, random, sys

    import onnxruntime, tokenizers  # noqa: F401  (the baseline includes the libraries)
    from factcheck.extraction.encoder import Encoder
    from factcheck.extraction.transformer import TransformerScorer

    def rss():
        for line in open("/proc/self/status"):
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024

    base = rss()
    encoder = Encoder(sys.argv[1])
    classifier = TransformerScorer(sys.argv[2])
    words = ("the ministry said that 85 patients were treated in the capital last year while officials warned "
             "of new cuts to hospital budgets across the country").split()
    rng = random.Random(1)
    for _ in range(60):
        texts = [" ".join(rng.choice(words) for _ in range(rng.randint(5, 40))) for _ in range(8)]
        encoder.encode(texts[:1])
        classifier.logits(texts)
    print(json.dumps({"grown_mb": rss() - base}))
    """
)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
@pytest.mark.skipif(not (CLASSIFIER / "model.onnx").is_file(), reason="the classifier is not built here")
def test_the_two_sessions_stay_within_their_budget_while_running():
    done = subprocess.run(
        [sys.executable, "-c", _CHILD, str(encoder_dir()), str(CLASSIFIER)],
        capture_output=True,
        text=True,
        timeout=600,
        check=True,
    )
    grown = json.loads(done.stdout.strip().splitlines()[-1])["grown_mb"]
    unpacked = os.environ.get(kernels.INT8_ENV, "").strip() == "0"
    budget = SESSIONS_BUDGET_MB + (UNPACKED_WEIGHTS_MB if unpacked else 0)
    assert grown < budget, f"the encoder and classifier hold {grown:.0f} MB after running"


@pytest.mark.skipif(not (CLASSIFIER / "model.onnx").is_file(), reason="the classifier is not built here")
def test_a_sentence_scores_the_same_whatever_is_scored_beside_it():
    # The graph quantizes its activations with one scale per call: batching sentences would let one move another.
    texts = [
        "The technology has already been used to treat 85 patients.",
        "We hope to succeed.",
        "Unemployment fell to 3.5 percent last year, the lowest rate since 1969, with 1,000,000,000 more jobs.",
        "Thank you very much.",
    ]
    scorer = TransformerScorer(CLASSIFIER)
    alone = [scorer.logits([text])[0] for text in texts]
    together = scorer.logits(texts * 3)
    assert np.allclose(together, alone * 3, atol=1e-6)


_INDEX_CHILD = textwrap.dedent(
    """
    import json

    from factcheck.extraction.matchbench import generated_claims
    from factcheck.extraction.matchindex import MatchIndex
    from factcheck.ops.memory import hand_back_large_blocks

    hand_back_large_blocks()  # as every Celery pool process does when it starts

    def rss():
        for line in open("/proc/self/status"):
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024

    texts = generated_claims(60_000)
    store = {("claim", i): (t, None) for i, t in enumerate(texts)}  # the database's part, outside the index
    base = rss()
    index = MatchIndex(fetch_texts=lambda keys: {k: store[k] for k in keys if k in store})
    index.add_many([(key, text, code) for key, (text, code) in store.items()])
    index.query("The mayor said 85 new hospital beds would be built in the capital.")
    print(json.dumps({"grown_mb": rss() - base}))
    """
)

#: A worker's index of 60,000 claims, after its bulk load and first query: ~24 MB (frequency tables and caches,
#: ~170 bytes a claim); 25-31 MB, varying run to run, without the pool process's heap settings, 36 MB when the
#: bulk load's freed pages stayed with the process.
INDEX_BUDGET_MB = 28


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_the_index_gives_back_what_its_bulk_load_freed():
    done = subprocess.run([sys.executable, "-c", _INDEX_CHILD], capture_output=True, text=True, timeout=600, check=True)
    grown = json.loads(done.stdout.strip().splitlines()[-1])["grown_mb"]
    assert grown < INDEX_BUDGET_MB, f"an index of 60,000 claims holds {grown:.0f} MB"


def test_candidates_in_the_querys_language_get_no_neutral_tokens():
    """The language-neutral tokens only score a pair in two languages, so a same-language candidate is never
    run through them (it was a sixth of a worker's matching time)."""
    stored = {
        ("claim", 1): "The health ministry said 85 patients were treated in the capital last year.",
        ("claim", 2): "Officials said 85 patients were treated at the capital's hospitals last year.",
        ("claim", 3): "Министерство здравоохранения сообщило, что 85 пациентов прошли лечение в столице.",
    }
    index = MatchIndex(fetch_texts=lambda keys: {k: stored[k] for k in keys if k in stored})
    index.add_many(list(stored.items()) * 1)
    index._cache.clear()  # as after a worker's bulk load: candidates are fetched and vectorised on demand
    found = index.query("The ministry said 85 patients were treated in the capital last year.", top=3)
    assert {m.key for m in found} >= {("claim", 1), ("claim", 2)}
    assert index._cache[("claim", 1)].neutral is None
    assert index._cache[("claim", 2)].neutral is None
    across = [m for m in found if m.key == ("claim", 3)]
    if across:  # scored across languages: its neutral tokens were made for that
        assert index._cache[("claim", 3)].neutral is not None
