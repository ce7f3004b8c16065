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
    )
}


def family_from_name(name: str, is_xl: bool = False, text_dim: int | None = None) -> Family:
    """Guess the family from a model's name and, when known, its text-encoder width."""
    lowered = name.lower()
    xl = is_xl or "xl" in lowered or text_dim == 2048
    if "turbo" in lowered:
        return FAMILIES["sdxl-turbo" if xl else "sd-turbo"]
    if xl:
        return FAMILIES["sdxl"]
    if text_dim == 1024 or "stable-diffusion-2" in lowered or "sd2" in lowered:
        return FAMILIES["sd2"]
    return FAMILIES["sd1"]
