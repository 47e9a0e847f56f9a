"""The shipped classifier's graph: int8 activations, and a rebuild from its own weights that changes nothing else."""

import json

import pytest

from factcheck.extraction import kernels
from factcheck.extraction.embedding import encoder_dir
from factcheck.extraction.model import model_dir
from factcheck.extraction.transformer import MODEL_NAME

FOLDER = model_dir() / MODEL_NAME


def test_the_shipped_classifier_rounds_its_activations_to_int8():
    manifest = json.loads((FOLDER / "manifest.json").read_text(encoding="utf-8"))
    # The run time tells such a graph by its manifest, as the training writes it (kernels.configure).
    assert kernels.rounds_activations(manifest)
    # Six layers of four matrix inputs each (the query, key and value projections share theirs): 24 roundings.
    assert (FOLDER / "model.onnx").read_bytes().count(b"DynamicQuantizeLinear") >= 24


def test_the_run_time_knows_the_training_s_rounded_graph_by_its_manifest():
    from factcheck.extraction.transformer_training import QUANTIZED

    assert kernels.rounds_activations({"quantized": QUANTIZED})
    encoder_manifest = json.loads((encoder_dir() / "manifest.json").read_text(encoding="utf-8"))
    assert kernels.rounds_activations(encoder_manifest)  # the matching encoder rounds its activations too


def test_rebuilding_the_shipped_graph_from_its_own_weights_gives_the_same_bytes():
    onnx = pytest.importorskip("onnx", reason="the build-time half of the train extra")
    from factcheck.extraction.encoder_export import weights_from_graph
    from factcheck.extraction.transformer_training import build_classifier_graph

    shipped = onnx.load(FOLDER / "model.onnx")
    weights = weights_from_graph(shipped)
    assert build_classifier_graph(weights).SerializeToString() == shipped.SerializeToString()
    # Without the activation rounding: the same weights, and none of the rounding nodes.
    plain = build_classifier_graph(weights, int8_activations=False)
    assert not any(node.op_type == "DynamicQuantizeLinear" for node in plain.graph.node)
    assert {t.name for t in plain.graph.initializer} == {t.name for t in shipped.graph.initializer}
