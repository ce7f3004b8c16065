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
from studio.core.models.reference import (
    FLOW_ARCHITECTURE,
    FLOW_BLOCKS,
    T5_XXL_LAYERS,
    build_clip,
    build_flow_tiny_vae,
    build_flow_transformer,
    build_flow_vae,
    build_t5_xxl,
    build_tiny_vae,
    build_unet,
    build_vae,
    flow_inputs,
    unet_inputs,
)


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
    encode_seconds: float = 0.0  # the text encoders, once per image (FLUX/SD3: T5-XXL)
    extrapolated: bool = False  # some blocks timed at real width, the rest counted in

    @property
    def image_seconds(self) -> float:
        """Estimated seconds per image with the full VAE decode."""
        return self.encode_seconds + self.steps * self.seconds_per_step + self.decode_seconds

    @property
    def draft_image_seconds(self) -> float:
        """Estimated seconds per image with the tiny (TAESD) decode."""
        return self.encode_seconds + self.steps * self.seconds_per_step + self.tiny_decode_seconds

    def summary(self) -> str:
        return self._measured() + (self._how_extrapolated() if self.extrapolated else "")

    def _how_extrapolated(self) -> str:
        return tr(
            f"; text encoders {self.encode_seconds:.1f} s. Too big to build whole here: "
            "2 transformer blocks and 2 of T5-XXL's 24 layers were timed at real width and "
            "the rest counted in (an estimate)",
            f"; codificadores de texto {self.encode_seconds:.1f} s. Demasiado grande para "
            "construirlo entero aquí: se midieron 2 bloques del transformer y 2 de las 24 capas "
            "de T5-XXL a tamaño real y se sumó el resto (una estimación)",
        )

    def _measured(self) -> str:
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


_LABELS = (
    ("one denoising step (UNet)", "un paso de eliminación de ruido (UNet)"),
    ("the full image decoder (VAE)", "el decodificador completo (VAE)"),
    ("the fast draft decoder (TAESD)", "el decodificador rápido (TAESD)"),
)
_FLOW_LABELS = (
    ("one denoising step (transformer blocks, extrapolated)",
     "un paso de eliminación de ruido (bloques del transformer, extrapolado)"),
    ("the text encoders (CLIP, T5-XXL layers)",
     "los codificadores de texto (CLIP, capas de T5-XXL)"),
    ("the full image decoder (VAE)", "el decodificador completo (VAE)"),
    ("the fast draft decoder (TAEF1/TAESD3)", "el decodificador rápido (TAEF1/TAESD3)"),
)  # fmt: skip


def _phases(
    on_phase: PhaseCallback | None, texts: tuple[tuple[str, str], ...] = _LABELS
) -> Callable[[int], None]:
    labels = tuple(tr(en, es) for en, es in texts)

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
    if spec.is_flow:
        return run_flow_preflight(family, width, height, plan, steps, on_phase)
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


def run_flow_preflight(
    family: str,
    width: int,
    height: int,
    plan: DevicePlan,
    steps: int | None = None,
    on_phase: PhaseCallback | None = None,
) -> PreflightReport:
    """FLUX.1 / SD 3.5: transformer blocks and T5 layers timed at real width, extrapolated to
    the whole model; CLIP encoders and the 16-channel VAE and tiny decoder timed whole."""
    import torch

    spec = FAMILIES[family]
    dtype = getattr(torch, plan.dtype)
    batch = 2 if spec.guidance > 1 and spec.negative_prompt else 1  # FLUX dev: distilled
    phase = _phases(on_phase, _FLOW_LABELS)
    with torch.inference_mode():
        phase(1)
        step = _transformer_step(family, width, height, batch, plan.device, dtype)
        phase(2)
        encode = _text_encode_seconds(family, batch, plan.device, dtype)
        phase(3)
        vae_dtype = getattr(torch, plan.vae_dtype)
        latents = torch.randn(1, 16, height // 8, width // 8)
        decode = _time_model(
            build_flow_vae(), lambda vae: vae.decode(latents.to(plan.device, vae_dtype)),
            plan.device, vae_dtype,
        )  # fmt: skip
        phase(4)
        tiny = _time_model(
            build_flow_tiny_vae(), lambda vae: vae.decode(latents.to(plan.device, dtype)),
            plan.device, dtype,
        )  # fmt: skip
    return PreflightReport(
        family, width, height, steps or spec.steps, plan.label, step, decode, tiny,
        _peak_memory_gb(plan.device), encode, extrapolated=True,
    )  # fmt: skip


def _transformer_step(
    family: str, width: int, height: int, batch: int, device: str, dtype: Any
) -> float:
    inputs = _to(flow_inputs(family, width, height, batch), device, dtype)
    model = build_flow_transformer(family)
    blocks = [
        (getattr(model, name)[index], count)
        for name, index, count in FLOW_BLOCKS[FLOW_ARCHITECTURE[family]]
    ]
    return _time_extrapolated(model, lambda m: m(**inputs), blocks, device, dtype)


def _text_encode_seconds(family: str, batch: int, device: str, dtype: Any) -> float:
    import torch

    clip_ids = torch.randint(0, 49408, (batch, 77), device=device)
    seconds = _time_model(build_clip(768, 12, 12, False), lambda m: m(clip_ids), device, dtype)
    if not family.startswith("flux"):  # SD 3 adds OpenCLIP bigG
        clip_g = build_clip(1280, 32, 20, True)
        seconds += _time_model(clip_g, lambda m: m(clip_ids), device, dtype)
    t5_ids = torch.randint(0, 32128, (batch, 512 if family == "flux-dev" else 256), device=device)
    t5 = build_t5_xxl(2)
    half = T5_XXL_LAYERS // 2
    blocks = [(t5.encoder.block[0], half), (t5.encoder.block[1], half)]
    return seconds + _time_extrapolated(t5, lambda m: m(input_ids=t5_ids), blocks, device, dtype)


def _time_extrapolated(
    model: Any,
    call: Callable[[Any], object],
    blocks: list[tuple[Any, int]],
    device: str,
    dtype: Any,
) -> float:
    """One call's seconds with each timed block counted `count` times instead of once."""
    model = model.to(device, dtype)
    starts: dict[int, float] = {}
    spent: dict[int, float] = {}
    handles = []
    for block, _count in blocks:
        handles.append(
            block.register_forward_pre_hook(
                lambda m, _args: starts.__setitem__(id(m), _now(device))
            )
        )
        handles.append(
            block.register_forward_hook(
                lambda m, _args, _out: spent.__setitem__(id(m), _now(device) - starts[id(m)])
            )
        )
    started = _now(device)
    call(model)
    total = _now(device) - started
    for handle in handles:
        handle.remove()
    timed = sum(spent[id(block)] for block, _ in blocks)
    return total - timed + sum(spent[id(block)] * count for block, count in blocks)


def _now(device: str) -> float:
    if device.startswith("cuda"):
        import torch

        torch.cuda.synchronize()
    return time.perf_counter()
