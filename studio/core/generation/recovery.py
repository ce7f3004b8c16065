"""Out-of-memory recovery ladder: free caches → VAE tiling → text encoders off the GPU → model
CPU offload → layer-by-layer offload → say what fits."""

from __future__ import annotations

import gc
import json
import logging
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from studio.core.base.atomic import atomic_write_bytes
from studio.core.base.errors import StudioError

log = logging.getLogger(__name__)
T = TypeVar("T")

# Each rung keeps what the ones before it enabled.
RUNGS = ("as_is", "vae_tiling", "text_encoder_offload", "cpu_offload", "sequential_offload")
TEXT_ENCODERS = ("text_encoder", "text_encoder_2", "text_encoder_3")


class OutOfMemory(StudioError):
    """Even the most frugal rung did not fit; the message suggests a size that would."""


def is_out_of_memory(exc: BaseException) -> bool:
    """CUDA's OutOfMemoryError, MPS's plain RuntimeError, or the CPU allocator's failure."""
    import torch

    if isinstance(exc, torch.OutOfMemoryError | MemoryError):
        return True
    text = str(exc).lower()
    return isinstance(exc, RuntimeError) and (
        "out of memory" in text or "failed to allocate" in text
    )


def apply_rung(pipeline: Any, rung: str, device: str) -> None:
    """Make the pipeline use less memory, as far as `rung` says."""
    level = RUNGS.index(rung)
    if level >= 1 and hasattr(pipeline, "vae"):
        pipeline.vae.enable_tiling()
        pipeline.vae.enable_slicing()
    if level == 2 and device != "cpu":
        offload_text_encoders(pipeline, device)
    if level == 3 and device != "cpu":  # replaces the text encoders' hooks (remove_all_hooks)
        pipeline.enable_model_cpu_offload(device=device)
    # Layer by layer: slow, but FLUX's 12B transformer then runs on an 8 GB GPU.
    if level >= 4 and device != "cpu":
        pipeline.enable_sequential_cpu_offload(device=device)


def offload_text_encoders(pipeline: Any, device: str) -> None:
    """Text encoders in CPU RAM, streamed to the GPU layer by layer while they encode.

    The transformer/UNet and the VAE stay resident; T5-XXL (9.5 GB in bf16) never sits whole
    on the GPU, and encoding costs one pass of its weights over PCIe per prompt.
    """
    import torch
    from accelerate import cpu_offload

    for name in TEXT_ENCODERS:
        module = getattr(pipeline, name, None)
        if isinstance(module, torch.nn.Module) and not hasattr(module, "_hf_hook"):
            module.to("cpu")
            cpu_offload(module, execution_device=torch.device(device))


def free_memory() -> None:
    """Collect garbage and empty the GPU caches; never imports torch just to do so."""
    gc.collect()
    torch = sys.modules.get("torch")
    if torch is None:
        return
    if torch.cuda.is_available():
        torch.cuda.empty_cache()
    mps = getattr(torch, "mps", None)
    if mps is not None and torch.backends.mps.is_available():
        mps.empty_cache()


class MemoryLadder:
    """Runs a generation, climbing rungs on out-of-memory; remembers what worked.

    With a `store` file the rungs that were needed survive restarts, so the next session
    starts at the rung that fits instead of running out of memory again.
    """

    def __init__(self, store: Path | None = None) -> None:
        self._store = store
        self._known: dict[tuple[str, int, int], str] = _read_rungs(store)

    def rung_for(self, model_key: str, width: int, height: int) -> str:
        return self._known.get((model_key, width, height), RUNGS[0])

    def run(
        self,
        model_key: str,
        width: int,
        height: int,
        pipeline: Any,
        device: str,
        attempt: Callable[[], T],
        planned: str = RUNGS[0],
    ) -> T:
        """Call `attempt`; on out-of-memory free, step down a rung and retry.

        Starts from the rung that worked before for this model and size, else `planned`.
        """
        start = RUNGS.index(self._known.get((model_key, width, height), planned))
        for rung in RUNGS[start:]:
            apply_rung(pipeline, rung, device)
            try:
                result = attempt()
            except Exception as exc:
                if not is_out_of_memory(exc):
                    raise
                log.warning("Out of memory at rung %s for %dx%d: %s", rung, width, height, exc)
                free_memory()
                continue
            self._remember((model_key, width, height), rung)
            return result
        raise _does_not_fit(width, height)

    def _remember(self, key: tuple[str, int, int], rung: str) -> None:
        changed = self._known.get(key, RUNGS[0]) != rung
        self._known[key] = rung
        if changed and self._store is not None:
            rows = [[*k, v] for k, v in self._known.items() if v != RUNGS[0]]
            try:
                atomic_write_bytes(self._store, json.dumps(rows).encode("utf-8"))
            except OSError as exc:  # remembering is an optimisation; never fail a generation
                log.warning("Could not save memory rungs: %s", exc)


def _read_rungs(store: Path | None) -> dict[tuple[str, int, int], str]:
    if store is None:
        return {}
    try:
        rows = json.loads(store.read_text(encoding="utf-8"))
    except (OSError, ValueError, RecursionError):
        return {}
    known: dict[tuple[str, int, int], str] = {}
    for row in rows if isinstance(rows, list) else ():
        try:  # one damaged row costs only that row
            model, width, height, rung = row
            if rung in RUNGS:
                known[(str(model), int(width), int(height))] = rung
        except (ValueError, TypeError):
            continue
    return known


def _does_not_fit(width: int, height: int) -> OutOfMemory:
    # Memory grows with the pixel count; about half the pixels is the next thing to try.
    smaller_w, smaller_h = (max(64, int(side * 0.7) // 64 * 64) for side in (width, height))
    return OutOfMemory(
        f"Not enough memory for {width}×{height}, even with tiling and offloading. "
        f"Try {smaller_w}×{smaller_h}, fewer images at once, or close other programs.",
        f"No hay memoria suficiente para {width}×{height}, ni con mosaico ni descargando a la "
        f"CPU. Prueba {smaller_w}×{smaller_h}, menos imágenes a la vez o cierra otros programas.",
    )
