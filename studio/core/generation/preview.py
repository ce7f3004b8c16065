"""Cheap per-step previews: a linear projection of the latents to RGB, no VAE decode."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from PIL import Image

# Published least-squares fits of latent channels → RGB for each latent space (numbers, as
# used by ComfyUI and A1111's "Approx NN"-free preview).
_SD_FACTORS = (
    (0.3512, 0.2297, 0.3227),
    (0.3250, 0.4974, 0.2350),
    (-0.2829, 0.1762, 0.2721),
    (-0.2120, -0.2616, -0.7177),
)
_SDXL_FACTORS = (
    (0.3651, 0.4232, 0.4341),
    (-0.2533, -0.0042, 0.1068),
    (0.1076, 0.1111, -0.0362),
    (-0.3165, -0.2492, -0.2188),
)
_SDXL_BIAS = (0.1084, -0.0175, -0.0011)


def latents_to_preview(latents: Any, is_xl: bool) -> Image.Image:
    """An RGB image 1/8 of the output size that shows the picture forming."""
    import torch
    from PIL import Image

    factors = torch.tensor(_SDXL_FACTORS if is_xl else _SD_FACTORS, dtype=torch.float32)
    bias = torch.tensor(_SDXL_BIAS if is_xl else (0.0, 0.0, 0.0), dtype=torch.float32)
    sample = latents[0].detach().to("cpu", torch.float32)
    rgb = torch.einsum("chw,cr->hwr", sample, factors) + bias
    pixels = ((rgb + 1) * 127.5).clamp(0, 255).to(torch.uint8).numpy()
    return Image.fromarray(pixels, "RGB")
