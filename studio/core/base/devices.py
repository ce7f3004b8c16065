"""Which hardware to run on, and why: CUDA → Apple MPS → Intel XPU → CPU."""

from __future__ import annotations

import os
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from studio.core.base.errors import ModelError, tr

if TYPE_CHECKING:
    from studio.core.base.settings import Settings

DEVICE_CHOICES = ("auto", "cuda", "mps", "xpu", "cpu")
DEVICE_ENV = "LIENZO_DEVICE"
CPU_DTYPE_ENV = "LIENZO_CPU_DTYPE"


@dataclass(frozen=True)
class FoundDevice:
    """One piece of hardware torch can use."""

    kind: str  # cuda, mps, xpu, cpu
    name: str
    memory_gb: float | None
    fast_bfloat16: bool = False  # a CPU with AMX bfloat16 units (Intel Xeon 4th gen and newer)


@dataclass(frozen=True)
class DevicePlan:
    """The device chosen for generation, with the precision and the reason."""

    device: str
    name: str
    dtype: str  # float16, bfloat16, float32
    vae_dtype: str
    reason_en: str
    reason_es: str
    found: tuple[FoundDevice, ...]
    unused_gpu: str | None = None
    quantize: str = "none"  # FLUX/SD3 transformers: none, int8, nf4 (the setting or --quantize)

    @property
    def label(self) -> str:
        """Short status text such as "CPU · float32" or "NVIDIA RTX 4070 · float16"."""
        return f"{self.name} · {self.dtype}"

    @property
    def reason(self) -> str:
        return tr(self.reason_en, self.reason_es)


# Where a device request came from: how to name it, and how to undo it (en, es each).
_SOURCES = {
    "flag": ("--device", "--device", "Use --device auto.", "Usa --device auto."),
    "env": (
        f"the environment variable {DEVICE_ENV}",
        f"la variable de entorno {DEVICE_ENV}",
        f"Unset {DEVICE_ENV} or set it to auto.",
        f"Quita {DEVICE_ENV} o ponla en auto.",
    ),
    "setting": (
        "the Device setting",
        "el ajuste Dispositivo",
        "Set Device to automatic in the settings, or use --device auto.",
        "Pon Dispositivo en automático en los ajustes, o usa --device auto.",
    ),
}


def requested_device(flag: str | None = None, setting: str | None = None) -> str:
    """The override in force: CLI flag, then $LIENZO_DEVICE, then the setting, else auto."""
    return _requested(flag, setting)[0]


def _requested(flag: str | None, setting: str | None) -> tuple[str, str]:
    """The device asked for and which source asked ("flag", "env", "setting" or "")."""
    values = (("flag", flag), ("env", os.environ.get(DEVICE_ENV)), ("setting", setting))
    for source, value in values:
        if value and value.lower() != "auto":
            choice = value.lower()
            if choice not in DEVICE_CHOICES:
                en, es = _SOURCES[source][:2]
                raise ModelError(
                    f"Unknown device {value!r} (from {en}); use one of "
                    f"{', '.join(DEVICE_CHOICES)}.",
                    f"Dispositivo desconocido {value!r} (de {es}); usa uno de "
                    f"{', '.join(DEVICE_CHOICES)}.",
                )
            return choice, source
    return "auto", ""


def probe_devices() -> tuple[FoundDevice, ...]:
    """Every device this torch build can reach, CPU last."""
    # MPS needs CPU fallbacks for a few ops; the variable only works if set before torch loads.
    os.environ.setdefault("PYTORCH_ENABLE_MPS_FALLBACK", "1")
    import torch

    found: list[FoundDevice] = []
    if torch.cuda.is_available():
        for index in range(torch.cuda.device_count()):
            props = torch.cuda.get_device_properties(index)
            found.append(FoundDevice("cuda", props.name, round(props.total_memory / 2**30, 1)))
    mps = getattr(torch.backends, "mps", None)
    if mps is not None and mps.is_available():
        found.append(FoundDevice("mps", "Apple Silicon", _system_memory_gb()))
    xpu = getattr(torch, "xpu", None)
    if xpu is not None and xpu.is_available():
        found.append(FoundDevice("xpu", xpu.get_device_name(0), None))
    found.append(FoundDevice("cpu", _cpu_name(), _system_memory_gb(), _cpu_has_amx()))
    return tuple(found)


def _cpu_has_amx() -> bool:
    import torch

    probe = getattr(torch.cpu, "_is_amx_tile_supported", None)
    try:
        return bool(probe()) and bool(torch.cpu._is_avx512_bf16_supported())
    except (TypeError, AttributeError, RuntimeError):
        return False


def choose_device(
    found: tuple[FoundDevice, ...], requested: str = "auto", source: str = "flag"
) -> DevicePlan:
    """Pick the best device (or the one `source` requested) and its precision."""
    by_kind = {device.kind: device for device in reversed(found)}
    if requested != "auto":
        if requested not in by_kind:
            raise _unavailable(requested, found, source)
        return _plan(by_kind[requested], found, chosen_by_user=True)
    for kind in ("cuda", "mps", "xpu", "cpu"):
        if kind in by_kind:
            return _plan(by_kind[kind], found, chosen_by_user=False)
    raise AssertionError("probe_devices always reports the CPU")


def _unavailable(requested: str, found: tuple[FoundDevice, ...], source: str) -> ModelError:
    name_en, name_es, undo_en, undo_es = _SOURCES.get(source, _SOURCES["flag"])
    kinds = ", ".join(d.kind for d in found)
    return ModelError(
        f"Device {requested!r} was requested but is not available here (found: {kinds}); "
        f"it was asked for by {name_en}. {undo_en}",
        f"Se pidió el dispositivo {requested!r} pero no está disponible aquí (encontrados: "
        f"{kinds}); lo pidió {name_es}. {undo_es}",
    )


def _plan(device: FoundDevice, found: tuple[FoundDevice, ...], chosen_by_user: bool) -> DevicePlan:
    kind = device.kind
    if kind == "cpu" and device.fast_bfloat16 and os.environ.get(CPU_DTYPE_ENV) != "float32":
        kind = "cpu-amx"  # measured here: bfloat16 UNet 3.5× faster than float32 with AMX
    dtype, vae_dtype, en, es = _PRECISION[kind]
    if chosen_by_user:
        en, es = f"you asked for {device.kind}; {en}", f"lo pediste tú ({device.kind}); {es}"
    gpus = [d for d in found if d.kind != "cpu"]
    unused = gpus[0].name if device.kind == "cpu" and gpus else None
    name = device.name if device.kind != "cpu" else "CPU"
    target = "cuda:0" if device.kind == "cuda" else device.kind
    return DevicePlan(target, name, dtype, vae_dtype, en, es, found, unused)


_PRECISION = {
    "cuda": (
        "float16",
        "float16",
        "NVIDIA GPU found: half precision is fastest and halves memory use",
        "GPU NVIDIA encontrada: la media precisión es la más rápida y usa la mitad de memoria",
    ),
    "mps": (
        "float16",
        "float16",
        "Apple Silicon GPU found: float16 is fast and fits in its shared memory",
        "GPU de Apple Silicon encontrada: float16 es rápido y cabe en su memoria compartida",
    ),
    "xpu": (
        "bfloat16",
        "bfloat16",
        "Intel GPU found: bfloat16 is its fast precision",
        "GPU Intel encontrada: bfloat16 es su precisión rápida",
    ),
    # The final decode too: bfloat16's error is ~50 dB PSNR of the 8-bit picture (measured,
    # docs/performance.md); a decode that overflows (NaN/inf) is redone in float32.
    "cpu-amx": (
        "bfloat16",
        "bfloat16",
        "no supported GPU, but this CPU has AMX bfloat16 units: bfloat16 runs the model about 3× "
        "faster than float32 here; a decode that overflows is redone in float32 "
        "(LIENZO_CPU_DTYPE=float32 turns bfloat16 off)",
        "no hay GPU compatible, pero esta CPU tiene unidades AMX bfloat16: bfloat16 ejecuta el "
        "modelo unas 3 veces más rápido que float32; una decodificación que desborda se repite "
        "en float32 (LIENZO_CPU_DTYPE=float32 desactiva bfloat16)",
    ),
    "cpu": (
        "float32",
        "float32",
        "no supported GPU found: the CPU works everywhere, in float32 (half precision is "
        "far slower on CPUs)",
        "no hay GPU compatible: la CPU funciona en todas partes, en float32 (la media "
        "precisión es mucho más lenta en CPU)",
    ),
}


def _system_memory_gb() -> float | None:
    try:
        pages, page_size = os.sysconf("SC_PHYS_PAGES"), os.sysconf("SC_PAGE_SIZE")
    except (ValueError, OSError, AttributeError):
        return None
    return round(pages * page_size / 2**30, 1)


def _cpu_name() -> str:
    import platform

    try:
        with open("/proc/cpuinfo", encoding="utf-8") as info:
            for line in info:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine() or "CPU"


def device_plan(flag: str | None, settings: Settings, quantize: str | None = None) -> DevicePlan:
    """The device for a job: the flag, else $LIENZO_DEVICE, else the setting, else automatic.

    `quantize` (--quantize) overrides the setting of that name.
    """
    requested, source = _requested(flag, settings.device)
    plan = choose_device(probe_devices(), requested, source)
    return replace(plan, quantize=quantize or settings.quantize)
