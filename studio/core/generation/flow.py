"""What FLUX.1 and SD 3.x need from a generation: their prompts, sampler and latent layout."""

from __future__ import annotations

from typing import Any

from studio.core.base.errors import tr
from studio.core.generation.request import check_multiple
from studio.core.models.families import Family

# Flow-matching samplers (rectified flow): what applies to FLUX and SD 3.x.
FLOW_SAMPLERS: dict[str, dict[str, Any]] = {"Euler": {}}


def check_flow_size(family: Family, width: int, height: int) -> None:
    """FLUX packs 2×2 latent patches and SD 3 uses 2×2 patches: sides are multiples of 16."""
    if not family.is_flow:
        return
    for name, side in (("width", width), ("height", height)):
        check_multiple(name, side, 16, family.label)


def flow_text_arguments(
    family: Family, prompt: str, negative: str
) -> tuple[dict[str, Any], tuple[str, ...]]:
    """The prompt arguments, and a notice when the model cannot use what was asked.

    FLUX is guidance-distilled and has no negative prompt: one given is reported, not
    silently dropped. Weights like (word:1.2) are not parsed: T5 reads the text as written.
    """
    if family.negative_prompt:
        return {"prompt": prompt, "negative_prompt": negative or None}, ()
    text: dict[str, Any] = {"prompt": prompt}
    if family.key == "flux-schnell":
        text["max_sequence_length"] = 256  # schnell was trained with 256 T5 tokens
    if not negative.strip():
        return text, ()
    notice = tr(
        f"{family.label} has no negative prompt; it was not used.",
        f"{family.label} no tiene prompt negativo; no se usó.",
    )
    return text, (notice,)


def flow_scheduler(
    family: Family, sampler: str, base_config: Any
) -> tuple[Any, str, tuple[str, ...]]:
    """The flow-matching scheduler, the sampler name used, and a notice if it differs."""
    from diffusers import FlowMatchEulerDiscreteScheduler

    used = sampler if sampler in FLOW_SAMPLERS else "Euler"
    scheduler = FlowMatchEulerDiscreteScheduler.from_config(base_config, **FLOW_SAMPLERS[used])
    if used == sampler:
        return scheduler, used, ()
    notice = tr(
        f"The sampler {sampler} does not apply to {family.label} (a flow-matching model); "
        f"{used} was used.",
        f"El muestreador {sampler} no sirve para {family.label} (un modelo de flow matching); "
        f"se usó {used}.",
    )
    return scheduler, used, (notice,)


def spatial_latents(pipeline: Any, latents: Any, width: int, height: int) -> Any:
    """FLUX packs 2×2 latent patches into tokens; back to (batch, 16, h/8, w/8) for the VAE."""
    if latents.ndim != 3 or not hasattr(pipeline, "_unpack_latents"):
        return latents
    return pipeline._unpack_latents(latents, height, width, pipeline.vae_scale_factor)
