"""The `parameters` text in AUTOMATIC1111's current layout (1.9 and later): the sampler and
its schedule as two keys, and the keys A1111 writes only when they apply, in A1111's order."""

from __future__ import annotations

import json
from collections.abc import Mapping

from studio import APP_NAME, __version__
from studio.core.generation.request import GenerationRequest
from studio.core.imagemeta.loras import lora_stem, lora_tags
from studio.core.models.lora_files import extract_lora_tags
from studio.core.models.source import ModelStamp

# Our sampler names as A1111 1.9+ writes them: (Sampler, Schedule type).
_SPLIT = {"DPM++ 2M Karras": ("DPM++ 2M", "Karras")}
_AUTOMATIC = "Automatic"  # A1111's schedule when the sampler's own default is used
_DRAFT_VAE = "taesd"  # the tiny decoder `--draft` uses instead of the model's VAE


def a1111_sampler(sampler: str) -> tuple[str, str]:
    """Our sampler name as A1111's `Sampler` and `Schedule type` values."""
    return _SPLIT.get(sampler, (sampler, _AUTOMATIC))


def a1111_parameters(
    request: GenerationRequest,
    model: ModelStamp,
    lora_hashes: Mapping[str, str] | None = None,
) -> str:
    """The `parameters` text exactly as AUTOMATIC1111 1.10 lays it out; `lora_hashes` maps a
    LoRA's name (as in its `<lora:…>` tag) to its short hash, when the caller knows it."""
    lines = [_prompt_with_loras(request)]
    if request.negative_prompt:
        lines.append(f"Negative prompt: {request.negative_prompt}")
    sampler, schedule = a1111_sampler(request.sampler)
    fields: list[tuple[str, str | None]] = [
        ("Steps", str(request.steps)),
        ("Sampler", sampler),
        ("Schedule type", schedule),
        ("CFG scale", _format_number(float(request.guidance))),
        ("Seed", None if request.seed is None else str(request.seed)),
        ("Size", f"{request.width}x{request.height}"),
        ("Model hash", model.hash),
        ("Model", model.name),
        ("VAE", _DRAFT_VAE if request.draft else None),
        ("Denoising strength", _strength(request)),
        *_inpaint_fields(request),
        ("Lora hashes", _lora_hashes(request, lora_hashes or {})),
        ("Version", f"{APP_NAME} {__version__}"),
    ]
    lines.append(", ".join(f"{key}: {_quote(value)}" for key, value in fields if value))
    return "\n".join(lines)


def _prompt_with_loras(request: GenerationRequest) -> str:
    # A1111 users and Civitai read LoRAs from the prompt's tags; ours may come from the panel.
    return lora_tags(request.prompt, tuple((name, w, w) for name, w in request.loras))


def _strength(request: GenerationRequest) -> str | None:
    return _format_number(float(request.strength)) if request.is_img2img else None


def _inpaint_fields(request: GenerationRequest) -> list[tuple[str, str | None]]:
    if not request.is_inpaint:  # as A1111 writes them for an inpainted picture
        return []
    fields: list[tuple[str, str | None]] = [("Mask blur", str(request.mask_blur))]
    if request.inpaint_full_res:
        fields.append(("Inpaint area", "Only masked"))
        fields.append(("Masked area padding", str(request.inpaint_padding)))
    return fields


def _lora_hashes(request: GenerationRequest, hashes: Mapping[str, str]) -> str | None:
    # Every LoRA the picture used, chosen in the request or typed as a <lora:…> tag, as A1111.
    tagged = [tag.name for tag in extract_lora_tags(request.prompt)[1]]
    found = []
    for stem in dict.fromkeys(lora_stem(name) for name in [*dict(request.loras), *tagged]):
        if hashes.get(stem):
            found.append(f"{stem}: {hashes[stem]}")
    return ", ".join(found) or None


def _format_number(value: float) -> str:
    return f"{value:g}" if isinstance(value, float) else str(value)


def _quote(value: str) -> str:
    # A1111 quotes values that contain its separators so parsers keep them whole.
    return json.dumps(value, ensure_ascii=False) if any(c in value for c in ',:\n"') else value
