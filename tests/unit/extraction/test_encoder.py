"""The shipped sentence encoder: the original all-MiniLM-L6-v2, checksummed, deterministic, no PyTorch."""

import json
import shutil
import struct
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from factcheck.extraction.embedding import code_bytes, default_encoder, encoder_dir, from_code
from factcheck.extraction.encoder import Encoder, EncoderError
from factcheck.extraction.encoder_export import quantize_columns, read_safetensors


@pytest.fixture(scope="module")
def encoder():
    return default_encoder()


def test_vectors_are_unit_length_and_in_the_order_given(encoder):
    texts = ["A man is eating food.", "", "The central bank raised rates to 4.5% in March."]
    vectors = encoder.encode(texts)
    assert vectors.shape == (3, 384) and vectors.dtype == np.float32
    assert np.allclose(np.linalg.norm(vectors[[0, 2]], axis=1), 1.0, atol=1e-5)
    assert not vectors[1].any(), "an empty text has no meaning: a zero vector"
    assert np.allclose(encoder.encode([texts[2]])[0], vectors[2], atol=1e-6)


def test_it_is_the_original_model(encoder):
    """sentence-transformers publishes 0.7553 for this pair with all-MiniLM-L6-v2 (float32); int8 stays close
    (int8 weights alone gave 0.7532, with int8 activations 0.7637)."""
    first, second, unrelated = encoder.encode(
        ["A man is eating food.", "A man is eating a piece of bread.", "A woman is playing violin."]
    )
    assert abs(float(first @ second) - 0.7553) < 0.012
    assert float(first @ unrelated) < 0.1


def test_a_text_gets_the_same_vector_whatever_it_is_encoded_with(encoder):
    alone = encoder.encode(["Unemployment fell to 3.9% last year."])[0]
    among = encoder.encode(["Short.", "Unemployment fell to 3.9% last year.", "A much longer sentence " * 8])[1]
    assert float(alone @ among) > 0.99999


REFERENCE = Path(__file__).parent / "data" / "minilm_reference.json"


def test_vectors_match_the_transformers_reference_alone_and_batched(encoder):
    """22 texts (tweets, claims, one word, emoji, a text longer than 128 pieces) embedded by the original model
    with transformers: the shipped graph must stay within cosine 0.975 of every one of them, whether a text is
    encoded alone or in a batch with the others. onnxruntime's dynamic int8, one scale per batch, fell to 0.88;
    int8 weights alone kept 0.9974 (mean 0.9991); with int8 activations, one scale per text, 0.9820 (mean 0.9925),
    the CheckThat! 2020 MAP@5 unchanged (0.9081)."""
    reference = json.loads(REFERENCE.read_text(encoding="utf-8"))
    expected = np.array(reference["vectors"], dtype=np.float32)
    batched = Encoder(encoder_dir(), batch_size=32).encode(reference["texts"])
    alone = np.vstack([encoder.encode([text]) for text in reference["texts"]])
    for vectors in (batched, alone):
        cosines = (vectors * expected).sum(axis=1)
        assert cosines.min() >= 0.975, list(zip(reference["texts"], cosines.round(4), strict=True))
    assert np.abs(batched - alone).max() < 1e-5, "a text's vector must not depend on its batch"


@pytest.mark.slow  # waits on real sockets, a time budget, a subprocess or a latency sample
def test_no_torch_is_loaded_to_encode():
    code = (
        "import sys; from factcheck.extraction.embedding import default_encoder; "
        "default_encoder().encode(['anything']); assert 'torch' not in sys.modules, 'torch was imported'"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr[-2000:]


def test_a_damaged_model_file_is_refused_with_what_to_do(tmp_path):
    copy = tmp_path / "encoder"
    shutil.copytree(encoder_dir(), copy)
    with open(copy / "model.onnx", "r+b") as handle:
        handle.seek(1000)
        byte = handle.read(1)
        handle.seek(1000)
        handle.write(bytes([byte[0] ^ 0xFF]))
    with pytest.raises(EncoderError, match="SHA-256.*damaged or was replaced"):
        Encoder(copy)


def test_a_directory_without_manifest_is_refused(tmp_path):
    shutil.copy(encoder_dir() / "model.onnx", tmp_path / "model.onnx")
    with pytest.raises(EncoderError, match="No manifest.json"):
        Encoder(tmp_path)


def test_the_manifest_pins_the_shipped_files():
    manifest = json.loads((encoder_dir() / "manifest.json").read_text())
    assert set(manifest["files"]) == {"model.onnx", "tokenizer.json"}
    assert manifest["licence"] == "Apache-2.0" and manifest["dimension"] == 384
    assert manifest["source_sha256"]["model.safetensors"].startswith("53aa5117")


def test_codes_keep_the_cosine(encoder):
    a, b = encoder.encode(["The plant will make 600 units a year.", "The factory plans 600 products annually."])
    decoded = [from_code(code_bytes(v)) for v in (a, b)]
    assert len(code_bytes(a)) == 384
    assert abs(float(decoded[0] @ decoded[1]) - float(a @ b)) < 0.01
    assert from_code(None) is None and from_code(b"short") is None


def test_safetensors_are_read_without_torch(tmp_path):
    data = np.arange(6, dtype=np.float32).reshape(2, 3)
    header = json.dumps(
        {"w": {"dtype": "F32", "shape": [2, 3], "data_offsets": [0, 24]}, "__metadata__": {"format": "pt"}}
    ).encode()
    path = tmp_path / "t.safetensors"
    path.write_bytes(struct.pack("<Q", len(header)) + header + data.tobytes())
    assert np.array_equal(read_safetensors(path)["w"], data)


def test_weights_are_stored_as_int8_with_one_scale_per_column():
    rng = np.random.default_rng(0)
    matrix = rng.normal(size=(64, 16)).astype(np.float32)
    matrix[:, 3] *= 50  # one column with outliers keeps its own scale, not the others'
    codes, scale = quantize_columns(matrix, axis=1)
    assert codes.dtype == np.int8 and scale.shape == (16,)
    assert np.abs(codes.astype(np.float32) * scale - matrix).max(axis=0).max() <= scale.max() / 2 + 1e-6
    assert np.allclose(codes[:, 0] * scale[0], matrix[:, 0], atol=scale[0] / 2 + 1e-6)


def test_the_shipped_graph_rounds_its_activations_and_runs_one_text_a_call(encoder):
    """With one int8 scale per call, a batch would make a text's vector depend on its neighbours: the encoder
    runs such a graph one text a call even when asked for batches (the batched test above compares the two)."""
    from factcheck.extraction import kernels

    assert kernels.rounds_activations(encoder.manifest)
    assert Encoder(encoder_dir(), batch_size=32).batch_size == 1


def test_the_export_writes_the_manifest_the_run_time_reads():
    """The graph each build option writes is described so that ``kernels`` configures its session rightly."""
    from factcheck.extraction import kernels
    from factcheck.extraction.encoder_export import QUANTIZED

    assert kernels.rounds_activations({"quantized": QUANTIZED[(True, True)]})
    assert not kernels.rounds_activations({"quantized": QUANTIZED[(True, False)]})
    assert not kernels.rounds_activations({"quantized": QUANTIZED[(False, False)]})
