"""The A1111 API body (`/sdapi/v1/txt2img` or `img2img`) for one image of a request, built by
one pure function so it can be checked on its own."""

from __future__ import annotations

import base64
from collections.abc import Sequence
from typing import Any

from studio.core.generation.request import GenerationRequest
from studio.core.models.lora_files import extract_lora_tags

# Our sampler names → A1111's sampler_name and scheduler (A1111 ≥ 1.9 splits them).
A1111_SAMPLERS: dict[str, tuple[str, str]] = {
    "Euler": ("Euler", "automatic"),
    "Euler a": ("Euler a", "automatic"),
    "DPM++ 2M": ("DPM++ 2M", "automatic"),
    "DPM++ 2M Karras": ("DPM++ 2M", "karras"),
    "DDIM": ("DDIM", "automatic"),
    "UniPC": ("UniPC", "automatic"),
    "LCM": ("LCM", "automatic"),
}
INPAINT_ORIGINAL = 1  # A1111's inpainting_fill "original": what Lienzo's inpainting does


def a1111_body(
    request: GenerationRequest,
    checkpoint: str | None,
    loras: Sequence[tuple[str, float]] = (),
    init_png: bytes | None = None,
    mask_png: bytes | None = None,
    size: tuple[int, int] | None = None,
) -> dict[str, Any]:
    """The body that draws one image of `request` (its own seed) on an A1111-API server.

    `checkpoint` and `loras` are the server's names (None: the server's current model);
    `init_png` makes it img2img, `mask_png` inpainting of the region the mask shows (the
    canvas is prepared and the result pasted back by the caller, so the server neither blurs
    the mask nor crops). `size` overrides the request's (an inpainting region's size).
    """
    prompt, _ = extract_lora_tags(request.prompt)
    tags = " ".join(f"<lora:{name}:{weight:g}>" for name, weight in loras)
    sampler, scheduler = A1111_SAMPLERS[request.sampler]
    width, height = size or (request.width, request.height)
    body: dict[str, Any] = {
        "prompt": f"{prompt} {tags}".strip(),
        "negative_prompt": request.negative_prompt,
        "seed": request.seed if request.seed is not None else -1,
        "steps": request.steps,
        "cfg_scale": float(request.guidance),
        "width": width,
        "height": height,
        "sampler_name": sampler,
        "scheduler": scheduler,
        "batch_size": 1,
        "n_iter": 1,
        "send_images": True,
        "save_images": False,
    }
    if checkpoint is not None:
        body["override_settings"] = {"sd_model_checkpoint": checkpoint}
        body["override_settings_restore_afterwards"] = False  # the next job wants it loaded
    if init_png is not None:
        body["init_images"] = [_base64(init_png)]
        body["denoising_strength"] = float(request.strength)
        body["resize_mode"] = 0
    if mask_png is not None:
        body.update(
            mask=_base64(mask_png),
            mask_blur=0,
            inpainting_fill=INPAINT_ORIGINAL,
            inpaint_full_res=False,
            inpaint_full_res_padding=0,
            inpainting_mask_invert=0,
        )
    return body


def _base64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")
