"""Fit the two-stage combination and its gate on ClaimBuster's ``dev`` part (build time, called by ``training``).

Both models were trained on ``train`` only, so their ``dev`` logits are honest inputs for the logistic regression
that combines them; ``test`` is not read here. The gate is the highest n-gram logit cut at which the ungated
combination's decisions on ``dev`` are unchanged, less ``GATE_MARGIN`` log-odds for sentences ``dev`` did not
show. The result is written to ``stacking.STACK_FILE``.

``training`` calls ``build_stack`` after fitting the n-gram model; after only the transformer changed, refit the
stack alone on the shipped n-gram weights (the news layer, which reads the stacked logit, is then refitted by
``training`` or by whoever owns it):

    python -m factcheck.extraction.stack_training --data /work/shared/datasets/claimbuster/train.json \
        --out fixtures/models/
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import numpy as np
from sklearn.linear_model import LogisticRegression

from .datasplits import load_claimbuster, split_claimbuster
from .stacking import STACK_FILE, TwoStageScorer
from .transformer import MODEL_NAME, TransformerScorer, f1_at

#: Log-odds subtracted from the tightest cut that keeps every ``dev`` decision (a factor of e^1.5 ~ 4.5 in odds).
GATE_MARGIN = 1.5
SEED = 0


def choose_gate(ngram: np.ndarray, combined_ungated: np.ndarray, floor: float, stack: dict) -> float:
    """The highest cut (one of the ``dev`` n-gram logits) below every sentence the ungated stack calls positive
    and at which no gated sentence would itself be called positive, less ``GATE_MARGIN``."""
    positive = combined_ungated >= 0.0
    cut = float(ngram[positive].min()) if positive.any() else float(ngram.max())
    weights, intercept = stack["weights"], stack["intercept"]
    while cut > float(ngram.min()):
        gated = weights[0] * ngram + weights[1] * floor + intercept
        decided = np.where(ngram >= cut, combined_ungated, gated) >= 0.0
        if np.array_equal(decided, positive):
            break
        cut -= 0.1
    return round(cut - GATE_MARGIN, 4)


def fit_stack(ngram: np.ndarray, transformer: np.ndarray, labels: np.ndarray) -> dict:
    """Logistic regression of ``labels`` on the two logits (nearly unregularised: two inputs, 800 sentences)."""
    features = np.column_stack([ngram, transformer])
    model = LogisticRegression(C=100.0, max_iter=1000, random_state=SEED).fit(features, labels)
    return {"weights": [round(float(w), 6) for w in model.coef_[0]], "intercept": round(float(model.intercept_[0]), 6)}


def build_stack(out: Path, dev_texts: list[str], dev_labels: np.ndarray, ngram_logits: np.ndarray) -> dict | None:
    """Write ``STACK_FILE`` in ``out`` if the fine-tuned transformer is there; returns what was written."""
    folder = out / MODEL_NAME
    if not (folder / "manifest.json").exists():
        return None
    transformer = TransformerScorer(folder)
    transformer_logits = transformer.logits(dev_texts)
    stack = fit_stack(ngram_logits, transformer_logits, dev_labels)
    combined = stack["weights"][0] * ngram_logits + stack["weights"][1] * transformer_logits + stack["intercept"]
    # The floor is chosen before the cut it depends on only through the dev sentences below the first cut.
    below = ngram_logits < (float(ngram_logits[combined >= 0.0].min()) if (combined >= 0.0).any() else 0.0)
    floor = round(float(np.median(transformer_logits[below])) if below.any() else float(transformer_logits.min()), 6)
    cut = choose_gate(ngram_logits, combined, floor, stack)
    gated = np.where(ngram_logits >= cut, transformer_logits, floor)
    gated_combined = stack["weights"][0] * ngram_logits + stack["weights"][1] * gated + stack["intercept"]
    record = {
        "format": 1,
        "transformer": MODEL_NAME,
        "inputs": ["ngram_logit", "transformer_logit"],
        **stack,
        "gate": {"ngram_logit_cut": cut, "transformer_floor": floor, "margin": GATE_MARGIN},
        "fitted_on": f"ClaimBuster dev part ({len(dev_labels)} sentences)",
        "dev": {
            "f1_ngram": round(f1_at(dev_labels, ngram_logits >= 0.0), 4),
            "f1_transformer": round(f1_at(dev_labels, transformer_logits >= 0.0), 4),
            "f1_stack": round(f1_at(dev_labels, combined >= 0.0), 4),
            "f1_stack_gated": round(f1_at(dev_labels, gated_combined >= 0.0), 4),
            "passing_gate": round(float(np.mean(ngram_logits >= cut)), 4),
        },
    }
    (out / STACK_FILE).write_text(json.dumps(record, indent=2) + "\n", encoding="utf-8")
    check = TwoStageScorer(out, record).logits(dev_texts, ngram_logits)
    assert np.allclose(check, gated_combined), "the run time does not reproduce the fitted stack"
    return record


def main(argv: list[str] | None = None) -> int:
    """Refit only the stack on the n-gram weights already in ``--out``: after a new transformer is trained, the
    n-gram model (and the news layer fitted on its logits by ``training``) need not be rebuilt to combine them."""
    parser = argparse.ArgumentParser(description=main.__doc__.split("\n")[0] if main.__doc__ else None)
    parser.add_argument("--data", type=Path, required=True, help="ClaimBuster train.json")
    parser.add_argument("--out", type=Path, required=True, help="model directory (fixtures/models/)")
    args = parser.parse_args(argv)

    from .model import ClaimBusterModel

    texts, labels = load_claimbuster(args.data)
    dev = split_claimbuster(labels).dev
    dev_texts = [texts[i] for i in dev]
    stack = build_stack(args.out, dev_texts, labels[dev], ClaimBusterModel(args.out).logits(dev_texts))
    if stack is None:
        raise SystemExit(f"No fine-tuned transformer in {args.out / MODEL_NAME}: run transformer_training first.")
    print(json.dumps(stack["dev"] | {"gate": stack["gate"]}, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
