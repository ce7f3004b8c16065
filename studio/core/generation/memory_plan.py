"""Choose VAE tiling or CPU offload before the first run, from free memory and the size."""

from __future__ import annotations

from studio.core.base.devices import DevicePlan
from studio.core.models.families import FAMILIES

# Weights in GB at float32 (UNet + text encoders + VAE), from the published parameter counts.
_WEIGHTS_GB_FP32 = {
    "sd1": 4.3,
    "sd2": 5.2,
    "sdxl": 13.9,
    "demo": 0.01,
    # FLUX.1: transformer 11.9B + T5-XXL encoder 4.76B + CLIP-L 0.12B + VAE 0.08B parameters.
    "flux": 67.4,
    # SD 3.5 Medium: transformer 2.47B + T5-XXL 4.76B + CLIP-G 0.69B + CLIP-L 0.12B + VAE.
    "sd3": 32.5,
    # SD 3.5 Large (Turbo): transformer 8.06B and the same encoders and VAE.
    "sd3-large": 54.8,
}
# The largest single component, which model CPU offload must still fit on the GPU at once:
# FLUX's transformer, SD 3.5 Medium's T5-XXL encoder, SD 3.5 Large's transformer.
_LARGEST_PART_GB_FP32 = {"flux": 47.6, "sd3": 19.0, "sd3-large": 32.2}
_ARCH = {
    "sd-turbo": "sd2",
    "sdxl-turbo": "sdxl",
    "flux-schnell": "flux",
    "flux-dev": "flux",
    "sd3-turbo": "sd3-large",
}
# Full-VAE decode working memory at 1024² in float32, measured here (4.7 GB); scales with
# the pixel count. The UNet's activations are small next to it at these sizes.
_VAE_GB_PER_MEGAPIXEL_FP32 = 4.7 / (1024 * 1024 / 1e6)
_HEADROOM = 0.85  # leave room for the OS, the app and allocator fragmentation


def weights_gb(family: str, dtype: str) -> float:
    arch = _ARCH.get(family, family)
    factor = 1.0 if dtype == "float32" else 0.5
    return _WEIGHTS_GB_FP32.get(arch, _WEIGHTS_GB_FP32["sdxl"]) * factor


def vae_decode_gb(width: int, height: int, dtype: str) -> float:
    factor = 1.0 if dtype == "float32" else 0.5
    return _VAE_GB_PER_MEGAPIXEL_FP32 * width * height / 1e6 * factor


def first_rung(
    family: str, width: int, height: int, plan: DevicePlan, free_gb: float | None
) -> str:
    """The memory rung to start from: as_is, vae_tiling, cpu_offload or sequential_offload."""
    if free_gb is None or family not in FAMILIES:
        return "as_is"
    budget = free_gb * _HEADROOM
    weights = weights_gb(family, plan.dtype)
    if weights + vae_decode_gb(width, height, plan.dtype) <= budget:
        return "as_is"
    # Tiled decode works in 512² tiles, whatever the image size.
    if weights + vae_decode_gb(512, 512, plan.dtype) <= budget or plan.device == "cpu":
        return "vae_tiling"
    factor = 1.0 if plan.dtype == "float32" else 0.5
    largest = _LARGEST_PART_GB_FP32.get(_ARCH.get(family, family), 0.0) * factor
    return (
        "cpu_offload"
        if largest + vae_decode_gb(512, 512, plan.dtype) <= budget
        else ("sequential_offload")
    )


def free_memory_gb(device: str) -> float | None:
    """Free memory where the model runs: VRAM on CUDA, available RAM elsewhere."""
    try:
        if device.startswith("cuda"):
            import torch

            return torch.cuda.mem_get_info()[0] / 2**30
        import psutil  # installed with accelerate

        return psutil.virtual_memory().available / 2**30
    except (ImportError, RuntimeError, OSError):
        return None
