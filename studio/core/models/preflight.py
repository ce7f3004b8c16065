"""Preflight: "will it run here, and how long?" — one real-size step with random weights."""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from studio.core.base.devices import DevicePlan
from studio.core.base.errors import tr
from studio.core.base.progress import format_duration
from studio.core.models.families import FAMILIES
from studio.core.models.reference import build_tiny_vae, build_unet, build_vae, unet_inputs


@dataclass(frozen=True)
class PreflightReport:
    """Measured seconds and memory for one family at one size on this device."""

    family: str
    width: int
    height: int
    steps: int
    device: str
    seconds_per_step: float
    decode_seconds: float
    tiny_decode_seconds: float
    peak_memory_gb: float

    @property
    def image_seconds(self) -> float:
        """Estimated seconds per image with the full VAE decode."""
        return self.steps * self.seconds_per_step + self.decode_seconds

    @property
    def draft_image_seconds(self) -> float:
        """Estimated seconds per image with the tiny (TAESD) decode."""
        return self.steps * self.seconds_per_step + self.tiny_decode_seconds

    def summary(self) -> str:
        image = format_duration(self.image_seconds)
        draft = format_duration(self.draft_image_seconds)
        steps_en = "1 step" if self.steps == 1 else f"{self.steps} steps"
        steps_es = "1 paso" if self.steps == 1 else f"{self.steps} pasos"
        return tr(
            f"{FAMILIES[self.family].label} {self.width}×{self.height}, {steps_en} on "
            f"{self.device}: {self.seconds_per_step:.2f} s/step, decode {self.decode_seconds:.2f}"
            f" s (tiny {self.tiny_decode_seconds:.2f} s) → about {image} per image ({draft} "
            f"draft); peak memory {self.peak_memory_gb:.1f} GB",
            f"{FAMILIES[self.family].label} {self.width}×{self.height}, {steps_es} en "
            f"{self.device}: {self.seconds_per_step:.2f} s/paso, decodificar "
            f"{self.decode_seconds:.2f} s (rápido {self.tiny_decode_seconds:.2f} s) → unos "
            f"{image} por imagen ({draft} borrador); memoria máxima {self.peak_memory_gb:.1f} GB",
        )


PhaseCallback = Callable[[int, int, str], None]  # phase number, phases, what is measured


def _phases(on_phase: PhaseCallback | None) -> Callable[[int], None]:
    labels = (
        tr("one denoising step (UNet)", "un paso de eliminación de ruido (UNet)"),
        tr("the full image decoder (VAE)", "el decodificador completo (VAE)"),
        tr("the fast draft decoder (TAESD)", "el decodificador rápido (TAESD)"),
    )

    def report(number: int) -> None:
        if on_phase is not None:
            on_phase(number, len(labels), labels[number - 1])

    return report


def run_preflight(
    family: str,
    width: int,
    height: int,
    plan: DevicePlan,
    steps: int | None = None,
    on_phase: PhaseCallback | None = None,
) -> PreflightReport:
    """Time one UNet step and the decoders of `family` at width×height on `plan`'s device."""
    import torch

    spec = FAMILIES[family]
    dtype = getattr(torch, plan.dtype)
    batch = 2 if spec.guidance > 1 else 1  # classifier-free guidance doubles the batch
    phase = _phases(on_phase)
    with torch.inference_mode():
        phase(1)
        inputs = _to(unet_inputs(family, width, height, batch), plan.device, dtype)
        step = _time_model(build_unet(family), lambda unet: unet(**inputs), plan.device, dtype)
        # The final decode runs in the plan's decode precision (float32 on bfloat16 CPUs).
        phase(2)
        vae_dtype = getattr(torch, plan.vae_dtype)
        full_latents = torch.randn(1, 4, height // 8, width // 8).to(plan.device, vae_dtype)
        decode = _time_model(
            build_vae(), lambda vae: vae.decode(full_latents), plan.device, vae_dtype
        )
        phase(3)
        latents = full_latents.to(dtype)
        tiny_decode = _time_model(
            build_tiny_vae(), lambda vae: vae.decode(latents), plan.device, dtype
        )
    return PreflightReport(
        family,
        width,
        height,
        steps or spec.steps,
        plan.label,
        step,
        decode,
        tiny_decode,
        _peak_memory_gb(plan.device),
    )


def _to(value: object, device: str, dtype: object) -> object:
    import torch

    if isinstance(value, torch.Tensor):
        return value.to(device, dtype) if value.is_floating_point() else value.to(device)
    if isinstance(value, dict):
        return {k: _to(v, device, dtype) for k, v in value.items()}
    return value


def _time_model(model: Any, call: Callable[[Any], object], device: str, dtype: Any) -> float:
    """Seconds for one call of `model` on `device`; the model is freed afterwards."""
    import torch

    model = model.to(device, dtype)
    started = time.perf_counter()
    call(model)
    if device.startswith("cuda"):
        torch.cuda.synchronize()
    return time.perf_counter() - started


def _peak_memory_gb(device: str) -> float:
    import torch

    if device.startswith("cuda"):
        return torch.cuda.max_memory_allocated() / 2**30
    if sys.platform == "win32":
        return 0.0
    import resource

    peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak_kb / (2**30 if sys.platform == "darwin" else 2**20)
