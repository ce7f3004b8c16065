"""Per-device speed settings, applied once after loading; each is logged and overridable."""

from __future__ import annotations

import logging
import os
from typing import Any

from studio.core.base.devices import DevicePlan

log = logging.getLogger(__name__)
# Below this much unified memory, MPS runs attention in slices to avoid swapping.
MPS_SLICING_BELOW_GB = 64.0


def tune_pipeline(pipeline: Any, plan: DevicePlan) -> list[str]:
    """Apply what measurably helps on this device; return what was applied, for the log."""
    import torch

    applied: list[str] = []
    if plan.device.startswith("cuda"):
        # TF32 matmuls: free speed on Ampere and newer, invisible in SD outputs.
        torch.set_float32_matmul_precision("high")
        torch.backends.cudnn.allow_tf32 = True
        applied.append("tf32")
        if getattr(pipeline, "unet", None) is not None:  # FLUX/SD3 have a transformer
            pipeline.unet.to(memory_format=torch.channels_last)
            applied.append("channels_last")
    elif plan.device == "mps":
        memory = next((d.memory_gb for d in plan.found if d.kind == "mps"), None)
        if memory is not None and memory < MPS_SLICING_BELOW_GB:
            pipeline.enable_attention_slicing()
            applied.append("attention_slicing")
    elif plan.device == "cpu":
        threads = cpu_threads()
        torch.set_num_threads(threads)
        applied.append(f"threads={threads}")
        if _vae_channels_last_on_cpu() and getattr(pipeline, "vae", None) is not None:
            # oneDNN's float32 convolutions in NHWC: the full 512² decode 18.8 → 17.0 s on a
            # 2-core EPYC (benchmarks/cpu_roofline.py), same pixels to 1e-4; the UNet gained
            # nothing there, so it keeps the default layout.
            pipeline.vae.to(memory_format=torch.channels_last)
            applied.append("vae channels_last")
    log.info("Device tuning for %s: %s", plan.label, ", ".join(applied) or "none")
    return applied


def _vae_channels_last_on_cpu() -> bool:
    """On unless LIENZO_CPU_CHANNELS_LAST=0 (a CPU where it measures slower)."""
    return os.environ.get("LIENZO_CPU_CHANNELS_LAST", "1") != "0"


def cpu_threads() -> int:
    """Threads for CPU inference: $LIENZO_THREADS, else torch's own choice (physical cores)."""
    import torch

    override = os.environ.get("LIENZO_THREADS", "")
    if override.isdigit() and int(override) > 0:
        return int(override)
    return max(1, torch.get_num_threads())
