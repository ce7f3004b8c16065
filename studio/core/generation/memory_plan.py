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
# Their text encoders: T5-XXL 4.76B + CLIP-L 0.12B (FLUX); + CLIP-G 0.69B (SD 3.5).
_TEXT_ENCODERS_GB_FP32 = {"flux": 19.5, "sd3": 22.3, "sd3-large": 22.3}
# Where T5 (and the CLIPs) run at each rung; the "text_encoder_offload" rung keeps the
# transformer and VAE resident and streams the encoders from CPU RAM. In bf16 (GB):
#   FLUX:   all 33.7; without encoders 24.0; transformer alone 23.8; tiled decode 0.6.
#     as_is/vae_tiling ≥ 34.3 / 0.85 = 40.4 GB free; text_encoder_offload ≥ 24.6 / 0.85 =
#     28.9 GB (a 32 GB card: T5 would not fit beside the transformer); 12, 16 and 24 GB
#     cards cannot hold the 23.8 GB transformer at all: layer-by-layer offload, T5 included.
#   SD 3.5 Medium: all 16.3; without encoders 5.1: text_encoder_offload from 6.7 GB free, so
#     12 and 16 GB cards keep the transformer resident instead of offloading it every image.
TEXT_ENCODERS_AT = {
    "as_is": "gpu",  # resident with the rest
    "vae_tiling": "gpu",
    "text_encoder_offload": "streamed",  # CPU RAM, to the GPU layer by layer while encoding
    "cpu_offload": "gpu_while_encoding",  # whole on the GPU to encode, back to CPU RAM after
    "sequential_offload": "streamed",
}
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
    """The memory rung to start from (recovery.RUNGS); TEXT_ENCODERS_AT says where T5 runs."""
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
    arch = _ARCH.get(family, family)
    encoders = _TEXT_ENCODERS_GB_FP32.get(arch, 0.0) * factor
    if encoders and weights - encoders + vae_decode_gb(512, 512, plan.dtype) <= budget:
        return "text_encoder_offload"
    largest = _LARGEST_PART_GB_FP32.get(arch, 0.0) * factor
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
