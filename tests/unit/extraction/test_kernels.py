"""The int8 models run with int8 activations only where the CPU multiplies int8 fast (or, for the classifier,
whose graph rounds them itself, with exact int8 products), and either way give the same meaning."""

import numpy as np
import pytest

from factcheck.extraction import kernels
from factcheck.extraction.embedding import encoder_dir
from factcheck.extraction.encoder import Encoder
from factcheck.extraction.model import model_dir
from factcheck.extraction.transformer import MODEL_NAME, TransformerScorer

CLASSIFIER = model_dir() / MODEL_NAME

X86_WITHOUT_VNNI = "processor\t: 0\nvendor_id\t: AuthenticAMD\nflags\t\t: fpu sse4_2 avx avx2 fma\n\nprocessor\t: 1\n"
X86_WITH_VNNI = "processor\t: 0\nflags\t\t: fpu avx2 avx512f avx512_vnni\n"
ARM_WITH_DOT = "processor\t: 0\nFeatures\t: fp asimd crc32 asimddp\n"


@pytest.mark.parametrize(
    ("cpuinfo", "keep"),
    [(X86_WITHOUT_VNNI, False), (X86_WITH_VNNI, True), (ARM_WITH_DOT, True), ("processor\t: 0\n", True)],
)
def test_int8_activations_are_kept_only_with_an_int8_dot_product(tmp_path, cpuinfo, keep):
    path = tmp_path / "cpuinfo"
    path.write_text(cpuinfo)
    assert kernels.int8_activations_pay(kernels.cpu_flags(path)) is keep


def test_an_unreadable_cpu_keeps_the_default_and_the_setting_decides_first(tmp_path):
    assert kernels.cpu_flags(tmp_path / "missing") is None
    assert kernels.int8_activations_pay(None) is True
    assert kernels.int8_activations_pay(frozenset({"avx2"}), override="1") is True
    assert kernels.int8_activations_pay(frozenset({"avx512_vnni"}), override="0") is False
    assert kernels.int8_activations_pay(frozenset({"avx2"}), override="yes please") is False  # not 0/1: the CPU


class Options:
    def __init__(self):
        self.entries = {}

    def add_session_config_entry(self, key, value):
        self.entries[key] = value


@pytest.mark.parametrize("keep", [True, False])
def test_the_session_unpacks_the_weights_only_without_int8_activations(monkeypatch, keep):
    monkeypatch.setattr(kernels, "keep_int8_activations", lambda: keep)
    options = Options()
    kernels.configure(options)
    assert options.entries == ({} if keep else {"session.disable_quant_qdq": "1"})


@pytest.mark.parametrize(
    ("keep", "override", "entries"),
    [
        (True, None, {}),
        # No int8 dot product: the products stay int8, but exact (no 16-bit saturation on AVX2).
        (False, None, {"session.x64quantprecision": "1"}),
        (False, "0", {"session.disable_quant_qdq": "1"}),  # float32 everywhere, as asked
    ],
)
def test_a_graph_that_rounds_its_activations_keeps_int8_products_exact(monkeypatch, keep, override, entries):
    monkeypatch.setattr(kernels, "keep_int8_activations", lambda: keep)
    if override is None:
        monkeypatch.delenv(kernels.INT8_ENV, raising=False)
    else:
        monkeypatch.setenv(kernels.INT8_ENV, override)
    options = Options()
    kernels.configure(options, rounds_activations=True)
    assert options.entries == entries


@pytest.mark.skipif(not (CLASSIFIER / "model.onnx").is_file(), reason="the classifier is not built here")
def test_the_classifier_scores_as_float32_would_on_this_cpu(monkeypatch):
    # On AVX2 without VNNI, onnxruntime's fast int8 product adds pairs of products in 16 bits and saturates:
    # the first sentence's logit went from -1.59 (float32) to +1.94, queued. The exact product keeps it.
    texts = [
        "We're in the serious stages of negotiation with the Soviet Union on the strategic arms control talks.",
        "Because we are first in the world in space, as I've indicated; we are first in science.",
        "The technology has already been used to treat 85 patients.",
        "And as a result, our universities are now more diverse.",
    ]
    int8 = TransformerScorer(CLASSIFIER).logits(texts)
    monkeypatch.setattr(kernels, "keep_int8_activations", lambda: False)
    monkeypatch.setenv(kernels.INT8_ENV, "0")
    float32 = TransformerScorer(CLASSIFIER).logits(texts)
    assert np.abs(int8 - float32).max() < 0.3, (int8, float32)


def test_both_kernels_give_the_same_meaning(monkeypatch):
    texts = [
        "The health minister, Maria Novak, said 60% of patients were fully cured.",
        "Sixty percent of the patients recovered fully, according to the minister.",
        "The new metro line opened in Kazan on Tuesday.",
    ]
    vectors = {}
    for keep in (True, False):
        monkeypatch.setattr(kernels, "keep_int8_activations", lambda keep=keep: keep)
        vectors[keep] = Encoder(encoder_dir(), threads=1).encode(texts)
    assert np.abs(vectors[True] - vectors[False]).max() < 0.02
    # Each text's vector is the same text's on the other kernel (cosine), and every pair keeps its similarity.
    assert (np.sum(vectors[True] * vectors[False], axis=1) > 0.995).all()
    assert np.abs(vectors[True] @ vectors[True].T - vectors[False] @ vectors[False].T).max() < 0.01
