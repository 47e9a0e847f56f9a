"""Which matrix kernels the shipped int8 models run with on this CPU.

The shipped MiniLM models store their weights as int8 with a scale per column, and both graphs also round each
matrix's input to int8 themselves (``DynamicQuantizeLinear``, ``encoder_export.build_graph``), which onnxruntime
turns into ``DynamicQuantizeMatMul``. That is fast where the CPU has dot-product instructions for int8 (x86 VNNI:
``avx512_vnni``, ``avx_vnni``, AMX): on a 2-core EPYC with VNNI, 298 classifier sentences per CPU-second against
184 for onnxruntime's own fusion of the weights-only graph (``MatMulNBits``, which also quantizes activations; 691
news sentences, one thread), and the encoder 2.0-2.6 ms a text against 4.4-5.1 (300 generated news sentences).

The encoder's graph had int8 weights only until then, and on a 2-core AMD EPYC with AVX2 and no VNNI
(onnxruntime 1.32, one thread) onnxruntime's fusion of it ran at half the speed of float32:

============  ======================  ===========================
batch         int8 activations        float32 (weights unpacked)
============  ======================  ===========================
1 x 20        27-30 ms                14 ms
16 x 32       680-755 ms              326 ms
64 x 30       2,600-2,840 ms          1,260 ms
============  ======================  ===========================

so on such a CPU a weights-only graph's session turns onnxruntime's quantized graph handling off
(``session.disable_quant_qdq``): the int8 weights are unpacked to float32 once, when the session opens, and
every run multiplies in float32.

A graph that rounds its own activations (both shipped ones) keeps its int8 products on such a CPU, but exact
ones (``session.x64quantprecision``). onnxruntime's fast AVX2 product (``vpmaddubsw``) adds two uint8 x int8
products in 16 bits and saturates: over 400 ClaimBuster sentences 29 logits moved by more than 0.1 from the
float32 path's, 11 by more than 0.5, and "We're in the serious stages of negotiation with the Soviet Union ..."
from -1.59 to +1.94 (queued). The exact product widens to 16 bits first (onnxruntime's uint8 x uint8 kernel):
every logit within 0.18 of float32's. On the same AVX2 machine, one thread, the bench's 691 news sentences:

================================================  ====================  ==================
classifier session                                sentences/CPU-second  MB after running
================================================  ====================  ==================
weights unpacked, rounding in float32 (``0``)     110-128               ~130 (both models)
exact int8 products (the default there)           165-184               ~100 (both models)
================================================  ====================  ==================

(The saturating product, onnxruntime's default, ran at 121-127 sentences/s on 400 ClaimBuster sentences against
96-98 exact and 71-80 float32: the exactness costs a fifth, and is not optional.) The encoder's rounding graph
was not timed on an AVX2 machine; it is the classifier's graph without the head, so the same ratio is expected.
The unpacking costs memory: a process holding both models stood ~130 MB above its libraries with both unpacked,
~100 with only the encoder unpacked (as it was on AVX2 before the encoder rounded its activations), ~75 with int8
activations for both (70 on the VNNI machine with the rounding encoder).

``FACTDESK_INT8_ACTIVATIONS`` overrides the choice: ``1`` keeps onnxruntime's int8 handling for both models (with
its saturating AVX2 product), ``0`` unpacks both models' weights (their rounding then runs as the float32
operations it stands for: the classifier's logits match the int8 path's to 0.09 at worst over those 691
sentences, at no measurable cost: 149 sentences per CPU-second with the rounding, 140 without, on the VNNI
machine). Elsewhere than Linux (no ``/proc/cpuinfo`` to read) onnxruntime's default stands.
"""

from __future__ import annotations

import functools
import os
from pathlib import Path

INT8_ENV = "FACTDESK_INT8_ACTIVATIONS"
#: CPU flags (as ``/proc/cpuinfo`` names them) with int8 dot products that make int8 activations pay.
INT8_DOT_FLAGS = frozenset({"avx512_vnni", "avx_vnni", "amx_int8", "asimddp", "i8mm"})
CPUINFO = Path("/proc/cpuinfo")
#: What a manifest's ``quantized`` says of a graph that rounds its own activations to int8
#: (``transformer_training.QUANTIZED``).
ROUNDED_ACTIVATIONS = "int8 activations"


def cpu_flags(cpuinfo: Path = CPUINFO) -> frozenset[str] | None:
    """The first processor's feature flags from ``cpuinfo`` ("flags" on x86, "Features" on ARM); None where
    the file cannot be read."""
    try:
        text = cpuinfo.read_text(encoding="ascii", errors="replace")
    except OSError:
        return None
    for line in text.splitlines():
        name, _, value = line.partition(":")
        if name.strip().lower() in ("flags", "features"):
            return frozenset(value.split())
    return None


def int8_activations_pay(flags: frozenset[str] | None, override: str | None = None) -> bool:
    """Whether to keep onnxruntime's int8 activations for the int8 models: yes with an int8 dot-product
    instruction, or when the CPU cannot be told (keep the default); ``override`` ("1"/"0") decides first."""
    if override is not None and override.strip() in ("0", "1"):
        return override.strip() == "1"
    if flags is None:
        return True
    return bool(flags & INT8_DOT_FLAGS)


@functools.cache
def keep_int8_activations() -> bool:
    """``int8_activations_pay`` for this machine and environment, decided once per process."""
    return int8_activations_pay(cpu_flags(), os.environ.get(INT8_ENV))


def configure(options, *, rounds_activations: bool = False) -> None:
    """Set an onnxruntime ``SessionOptions`` for an int8 model on this CPU (module docstring).

    ``rounds_activations``: the graph rounds its own matrix inputs to int8 (the classifier, whose manifest says
    ``ROUNDED_ACTIVATIONS``). Without an int8 dot product such a graph still runs its int8 products, exact ones
    (``session.x64quantprecision``), unless ``FACTDESK_INT8_ACTIVATIONS=0`` asks for float32 everywhere."""
    if keep_int8_activations():
        return
    if rounds_activations and os.environ.get(INT8_ENV, "").strip() != "0":
        options.add_session_config_entry("session.x64quantprecision", "1")
        return
    options.add_session_config_entry("session.disable_quant_qdq", "1")


def rounds_activations(manifest: dict) -> bool:
    """Whether the model a manifest describes rounds its own activations to int8 (its ``quantized`` says so)."""
    return ROUNDED_ACTIVATIONS in str(manifest.get("quantized") or "")
