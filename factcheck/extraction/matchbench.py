"""How long matching one new claim takes against ``n_claims`` stored ones, as the worker's index does it.

``measure_match_latency(n_claims)`` builds a ``MatchIndex`` over generated news claims (names, places,
figures and verbs combined, so every claim is distinct and word frequencies look like a desk's), then
times ``query`` for new claims: encoding the claim with the shipped encoder, the candidate stage over the
inverted index, the fetch of the candidates' texts and embedding codes, and the exact scores.

Encoding a 100,000-claim archive once would take minutes, so the stored items' codes are made from a few
hundred encoded claims with noise mixed in (each item's code is a unit vector near a real embedding). The
query is encoded for real on every call, and the fetch reads from a dict where the desk reads from the
database (one indexed query by primary key, measured apart in ``make bench``). Memory: about 250 bytes
per stored claim for the index, plus the text store this function keeps in place of the database.
"""

from __future__ import annotations

import random
import time

import numpy as np

from .embedding import code_bytes, default_encoder
from .matchindex import Key, MatchIndex, Stored

_WHO = [
    "The health ministry",
    "The mayor",
    "A regional hospital",
    "The central bank",
    "The prime minister",
    "Researchers at the national institute",
    "The education department",
    "A trade union",
    "The army",
    "The energy regulator",
    "Local officials",
    "The opposition leader",
    "The statistics office",
]
_VERB = ["said", "reported", "announced", "claimed", "estimated", "confirmed", "warned"]
_WHAT = [
    "new hospital beds",
    "teachers",
    "electric buses",
    "homes",
    "jobs",
    "vaccine doses",
    "patients",
    "kilometres of road",
    "schools",
    "wind turbines",
    "flights",
    "tonnes of grain",
    "police officers",
    "nurses",
    "students",
    "cancer treatments",
    "apartments",
    "bridges",
    "clinics",
    "start-ups",
]
_HOW = [
    "would be built",
    "were hired",
    "were delivered",
    "will be funded",
    "were treated",
    "were lost",
    "were approved",
    "will open",
    "were registered",
    "were cancelled",
    "were exported",
    "were cut",
]
_WHERE = [
    "in the capital",
    "in the north",
    "across the country",
    "in rural areas",
    "in the border region",
    "in three provinces",
    "on the coast",
    "in the industrial south",
    "in the city centre",
    "nationwide",
]
_WHEN = [
    "by 2027",
    "last year",
    "this year",
    "in 2025",
    "since 2019",
    "over five years",
    "before the election",
    "in the first quarter",
    "by the end of the decade",
    "in 2026",
]


def generated_claims(n: int, seed: int = 0) -> list[str]:
    """``n`` distinct, plausible one-sentence claims with figures."""
    rng = random.Random(seed)
    out = []
    for _ in range(n):
        figure = rng.choice(
            [
                f"{rng.randint(2, 990)}",
                f"{rng.randint(1, 99)}%",
                f"{rng.randint(1, 40)},000",
                f"{rng.randint(1, 20)} million",
            ]
        )
        out.append(
            f"{rng.choice(_WHO)} {rng.choice(_VERB)} that {figure} {rng.choice(_WHAT)} "
            f"{rng.choice(_HOW)} {rng.choice(_WHERE)} {rng.choice(_WHEN)}."
        )
    return out


def measure_match_latency(
    n_claims: int, *, queries: int = 200, seed: int = 0, encoded: int = 300, encoder=None
) -> float:
    """p95 in milliseconds of ``MatchIndex.query`` (encoding included) for one new claim against ``n_claims``."""
    encoder = encoder or default_encoder()
    texts = generated_claims(n_claims + queries, seed)
    stored, asked = texts[:n_claims], texts[n_claims:]
    rng = np.random.default_rng(seed)
    bases = encoder.encode(stored[: min(encoded, n_claims)]) if n_claims else np.zeros((0, 384), np.float32)
    store: dict[Key, Stored] = {}

    def fetch(keys: list[Key]) -> dict[Key, Stored]:
        return {k: store[k] for k in keys if k in store}

    index = MatchIndex(fetch_texts=fetch, encoder=encoder)
    chunk = 20_000
    for start in range(0, n_claims, chunk):
        part = stored[start : start + chunk]
        noisy = bases[rng.integers(0, len(bases), len(part))] + rng.normal(0, 0.02, (len(part), bases.shape[1]))
        noisy /= np.linalg.norm(noisy, axis=1, keepdims=True)
        items = [
            (("claim", start + i), text, code_bytes(vector))
            for i, (text, vector) in enumerate(zip(part, noisy, strict=True))
        ]
        store.update((key, (text, code)) for key, text, code in items)
        index.add_many([(key, text) for key, text, _ in items])
    index.query(asked[0])  # the first query builds the inverted index: a worker does that once
    timings = []
    for text in asked:
        started = time.perf_counter()
        index.query(text, top=4, min_score=0.55)
        timings.append((time.perf_counter() - started) * 1000)
    return float(np.percentile(timings, 95))


if __name__ == "__main__":  # python -m factcheck.extraction.matchbench [N]
    import sys

    n = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    print(f"match p95 at {n:,} claims: {measure_match_latency(n):.2f} ms")
