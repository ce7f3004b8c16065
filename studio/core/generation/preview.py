"""Cheap per-step previews: a linear projection of the latents to RGB, no VAE decode."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from PIL import Image

    from studio.core.models.families import Family

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
# The 16-channel latent spaces of SD 3.x and FLUX.1, from ComfyUI's comfy/latent_formats.py
# (classes SD3 and Flux, latent_rgb_factors and latent_rgb_factors_bias).
_SD3_FACTORS = (
    (-0.0922, -0.0175, 0.0749),
    (0.0311, 0.0633, 0.0954),
    (0.1994, 0.0927, 0.0458),
    (0.0856, 0.0339, 0.0902),
    (0.0587, 0.0272, -0.0496),
    (-0.0006, 0.1104, 0.0309),
    (0.0978, 0.0306, 0.0427),
    (-0.0042, 0.1038, 0.1358),
    (-0.0194, 0.0020, 0.0669),
    (-0.0488, 0.0130, -0.0268),
    (0.0922, 0.0988, 0.0951),
    (-0.0278, 0.0524, -0.0542),
    (0.0332, 0.0456, 0.0895),
    (-0.0069, -0.0030, -0.0810),
    (-0.0596, -0.0465, -0.0293),
    (-0.1448, -0.1463, -0.1189),
)
_SD3_BIAS = (0.2394, 0.2135, 0.1925)
_FLUX_FACTORS = (
    (-0.0346, 0.0244, 0.0681),
    (0.0034, 0.0210, 0.0687),
    (0.0275, -0.0668, -0.0433),
    (-0.0174, 0.0160, 0.0617),
    (0.0859, 0.0721, 0.0329),
    (0.0004, 0.0383, 0.0115),
    (0.0405, 0.0861, 0.0915),
    (-0.0236, -0.0185, -0.0259),
    (-0.0245, 0.0250, 0.1180),
    (0.1008, 0.0755, -0.0421),
    (-0.0515, 0.0201, 0.0011),
    (0.0428, -0.0012, -0.0036),
    (0.0817, 0.0765, 0.0749),
    (-0.1264, -0.0522, -0.1103),
    (-0.0280, -0.0881, -0.0499),
    (-0.1262, -0.0982, -0.0778),
)
_FLUX_BIAS = (-0.0329, -0.0718, -0.0851)
_FACTORS = {
    "sd": (_SD_FACTORS, (0.0, 0.0, 0.0)),
    "sdxl": (_SDXL_FACTORS, _SDXL_BIAS),
    "sd3": (_SD3_FACTORS, _SD3_BIAS),
    "flux": (_FLUX_FACTORS, _FLUX_BIAS),
}


def latent_space(family: Family) -> str:
    """Which latent space (and so which RGB factors) a family's VAE uses."""
    if family.is_flow:
        return family.arch
    return "sdxl" if family.is_xl else "sd"


def latents_to_preview(latents: Any, space: str) -> Image.Image:
    """An RGB image 1/8 of the output size that shows the picture forming.

    `space` is one of sd, sdxl, sd3, flux (see `latent_space`); latents are (batch, C, h, w).
    """
    import torch
    from PIL import Image

    rows, offsets = _FACTORS[space]
    factors = torch.tensor(rows, dtype=torch.float32)
    bias = torch.tensor(offsets, dtype=torch.float32)
    sample = latents[0].detach().to("cpu", torch.float32)
    rgb = torch.einsum("chw,cr->hwr", sample, factors) + bias
    pixels = ((rgb + 1) * 127.5).clamp(0, 255).to(torch.uint8).numpy()
    return Image.fromarray(pixels, "RGB")
