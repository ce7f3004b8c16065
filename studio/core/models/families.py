"""Model families and the settings that suit each one."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Family:
    """A kind of model, with the defaults its authors recommend."""

    key: str
    label: str
    width: int
    height: int
    steps: int
    guidance: float
    sampler: str
    is_xl: bool = False
    arch: str = "unet"  # unet, or a flow-matching transformer: flux, sd3
    negative_prompt: bool = True  # FLUX is guidance-distilled: it has no negative prompt

    @property
    def is_flow(self) -> bool:
        """A rectified-flow transformer (FLUX.1, SD 3.x): flow-matching samplers only."""
        return self.arch != "unet"


FAMILIES: dict[str, Family] = {
    family.key: family
    for family in (
        Family("demo", "Demo (random weights)", 256, 256, 4, 5.0, "Euler a"),
        Family("sd1", "Stable Diffusion 1.x", 512, 512, 25, 7.0, "DPM++ 2M Karras"),
        Family("sd2", "Stable Diffusion 2.x", 768, 768, 25, 7.0, "DPM++ 2M Karras"),
        Family("sdxl", "Stable Diffusion XL", 1024, 1024, 30, 6.0, "DPM++ 2M Karras", True),
        # Turbo models are distilled for 1–4 steps without classifier-free guidance.
        Family("sd-turbo", "SD-Turbo", 512, 512, 1, 0.0, "Euler a"),
        Family("sdxl-turbo", "SDXL-Turbo", 512, 512, 1, 0.0, "Euler a", True),
        # Black Forest Labs' and Stability's recommended settings (model cards).
        Family("flux-schnell", "FLUX.1 schnell", 1024, 1024, 4, 0.0, "Euler", False, "flux", False),
        Family("flux-dev", "FLUX.1 dev", 1024, 1024, 28, 3.5, "Euler", False, "flux", False),
        Family("sd3", "Stable Diffusion 3.5", 1024, 1024, 28, 4.5, "Euler", False, "sd3"),
        Family("sd3-turbo", "SD 3.5 Large Turbo", 1024, 1024, 4, 0.0, "Euler", False, "sd3"),
    )
}


def family_from_name(name: str, is_xl: bool = False, text_dim: int | None = None) -> Family:
    """Guess the family from a model's name and, when known, its text-encoder width."""
    lowered = name.lower()
    flow = _flow_family(lowered)
    if flow is not None:
        return flow
    xl = is_xl or "xl" in lowered or text_dim == 2048
    if "turbo" in lowered:
        return FAMILIES["sdxl-turbo" if xl else "sd-turbo"]
    if xl:
        return FAMILIES["sdxl"]
    if text_dim == 1024 or "stable-diffusion-2" in lowered or "sd2" in lowered:
        return FAMILIES["sd2"]
    return FAMILIES["sd1"]


def _flow_family(lowered: str) -> Family | None:
    if "flux" in lowered:
        return FAMILIES["flux-dev" if "dev" in lowered else "flux-schnell"]
    if any(mark in lowered for mark in ("sd3", "stable-diffusion-3", "sd-3", "sd_3")):
        return FAMILIES["sd3-turbo" if "turbo" in lowered else "sd3"]
    return None
