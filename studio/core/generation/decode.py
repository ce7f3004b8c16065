"""Latents → picture: full VAE or tiny (TAESD) "draft" decoder, with a float32 retry on NaN/inf.

The full decode runs in the plan's `vae_dtype`: bfloat16 on AMX CPUs as well (measured with
benchmarks/decode_precision.py: ~50 dB PSNR against float32, at most 4 of 255 levels), so the
engine costs what the diffusers pipeline costs in the same dtype."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from PIL import Image

log = logging.getLogger(__name__)


def decode_latents(vae: Any, latents: Any, force_float32: bool = False) -> Any:
    """Pixels in [-1, 1] from latents, upcasting the VAE when its config or the caller asks."""
    import torch

    original = vae.dtype
    upcast = original != torch.float32 and (force_float32 or _wants_upcast(vae))
    if upcast:
        vae.to(torch.float32)
    try:
        with torch.inference_mode():
            scaled = _unscale(vae, latents).to(vae.dtype)
            return vae.decode(scaled, return_dict=False)[0]
    finally:
        if upcast:
            vae.to(original)


def to_pil(pipeline: Any, pixels: Any) -> Image.Image:
    return pipeline.image_processor.postprocess(pixels, output_type="pil")[0]


def has_nan(pixels: Any) -> bool:
    """NaN or ±inf anywhere: a half-precision decode overflowed (float32 is then needed)."""
    import torch

    return not bool(torch.isfinite(pixels).all())


def _wants_upcast(vae: Any) -> bool:
    import torch

    return vae.dtype == torch.float16 and bool(getattr(vae.config, "force_upcast", False))


def _unscale(vae: Any, latents: Any) -> Any:
    # The inverse of how each latent space was normalised during training (SDXL-style
    # mean/std when the VAE config has them, else scaling and optional shift).
    import torch

    config = vae.config
    mean, std = getattr(config, "latents_mean", None), getattr(config, "latents_std", None)
    if mean is not None and std is not None:
        shape = (1, latents.shape[1], 1, 1)
        mean_t = torch.tensor(mean).view(shape).to(latents.device, latents.dtype)
        std_t = torch.tensor(std).view(shape).to(latents.device, latents.dtype)
        return latents * std_t / config.scaling_factor + mean_t
    shift = getattr(config, "shift_factor", None) or 0.0
    return latents / config.scaling_factor + shift


def float32_vae_models(store: Path) -> set[str]:
    """Model hashes whose VAE overflowed in half precision before (decoded in float32 since)."""
    import json

    try:
        data = json.loads(store.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return set()
    return {str(item) for item in data} if isinstance(data, list) else set()


def remember_float32_vae(store: Path, model_hash: str) -> None:
    """Record that this model needs a float32 decode, so later sessions skip the bad try."""
    import json

    from studio.core.base.atomic import atomic_write_bytes

    known = float32_vae_models(store) | {model_hash}
    try:
        atomic_write_bytes(store, json.dumps(sorted(known)).encode("utf-8"))
    except OSError as exc:  # remembering is an optimisation; never fail a generation
        log.warning("Could not remember the float32 decode for %s: %s", model_hash, exc)
