"""Which matrix kernels the shipped int8 models run with on this CPU.

The shipped MiniLM models store their weights as int8 with a scale per column (``DequantizeLinear`` before each
``MatMul``). By default onnxruntime fuses each pair into ``MatMulNBits`` and also quantizes the activations to
int8, which is fast where the CPU has dot-product instructions for int8 (x86 VNNI: ``avx512_vnni``,
``avx_vnni``, AMX) and slow where it has not. The check-worthiness classifier's graph also rounds each
matrix's input to int8 itself (``DynamicQuantizeLinear``, ``encoder_export.build_graph``), which onnxruntime
turns into ``DynamicQuantizeMatMul``: on a 2-core EPYC with VNNI, 298 sentences per CPU-second against 184 for
``MatMulNBits`` (691 news sentences, one thread). On a 2-core AMD EPYC with AVX2 and no VNNI (measured with
onnxruntime 1.32, one thread, the encoder's graph):

============  ======================  ===========================
batch         int8 activations        float32 (weights unpacked)
============  ======================  ===========================
1 x 20        27-30 ms                14 ms
16 x 32       680-755 ms              326 ms
64 x 30       2,600-2,840 ms          1,260 ms
============  ======================  ===========================

So on such a CPU the session turns onnxruntime's quantized graph handling off
(``session.disable_quant_qdq``): the int8 weights are unpacked to float32 once, when the session opens, and
every run multiplies in float32, about twice as fast. The classifier's activation rounding then runs as the
float32 operations it stands for, so its logits match the int8 path's (to 0.09 at worst over those 691
sentences) at no measurable cost (149 sentences per CPU-second with the rounding, 140 without, on the VNNI
machine with the handling off). Memory pays for the unpacking: a process holding both models stood
~45 MB higher after running them (131 MB above its libraries, against 85). The encoder's vectors then
differ from the int8 path's by at most ~0.014 per component (the float path is the closer of the two to the
model before quantization), well under what the stored codes keep (1/127) or what moves a match or a score
across a threshold.

``FACTDESK_INT8_ACTIVATIONS`` overrides the choice: ``1`` keeps int8 activations, ``0`` unpacks the weights.
Elsewhere than Linux (no ``/proc/cpuinfo`` to read) onnxruntime's default stands.
"""

from __future__ import annotations

import functools
import os
from pathlib import Path

INT8_ENV = "FACTDESK_INT8_ACTIVATIONS"
#: CPU flags (as ``/proc/cpuinfo`` names them) with int8 dot products that make int8 activations pay.
INT8_DOT_FLAGS = frozenset({"avx512_vnni", "avx_vnni", "amx_int8", "asimddp", "i8mm"})
CPUINFO = Path("/proc/cpuinfo")


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


def configure(options) -> None:
    """Set an onnxruntime ``SessionOptions`` for the int8 models on this CPU (module docstring)."""
    if not keep_int8_activations():
        options.add_session_config_entry("session.disable_quant_qdq", "1")
