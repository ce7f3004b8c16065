"""A1111 request bodies → our GenerationRequest, and our results → A1111's `info` JSON."""

from __future__ import annotations

import base64
import binascii
import json
import logging
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from studio import __version__
from studio.core.base.errors import InvalidRequestError
from studio.core.generation.request import SAMPLERS, GenerationRequest, validate
from studio.core.imagemeta.lienzo_format import a1111_parameters

if TYPE_CHECKING:
    from studio.server.schemas import Img2ImgRequest, Txt2ImgRequest
    from studio.server.sink import JobOutcome

log = logging.getLogger(__name__)
MAX_PROMPT_CHARS = 100_000
# (field, the value that means "off"): set to anything else, Lienzo cannot honour it.
_UNSUPPORTED_DEFAULTS: tuple[tuple[str, Any], ...] = (
    ("enable_hr", False),
    ("restore_faces", None),
    ("tiling", None),
    ("subseed_strength", 0.0),
    ("styles", None),
    ("script_name", None),
    ("refiner_checkpoint", None),
    ("seed_resize_from_h", -1),
    ("seed_resize_from_w", -1),
    ("eta", None),
    ("alwayson_scripts", {}),
    ("script_args", []),
)
_OFF_TOO = (False, 0, 0.0, "", [], {}, None)


@dataclass(frozen=True)
class Converted:
    """The request to run, and the A1111 fields that were given but cannot be honoured."""

    request: GenerationRequest
    not_honoured: tuple[str, ...]


def to_request(body: Txt2ImgRequest, model: str, max_count: int) -> Converted:
    """Build and validate our request; InvalidRequestError names what is wrong."""
    _check_prompt_lengths(body)
    count = _count(body, max_count)
    sampler, sampler_note = _sampler(body)
    request = GenerationRequest(
        prompt=body.prompt,
        negative_prompt=body.negative_prompt,
        model=model,
        seed=None if body.seed < 0 else body.seed,
        steps=body.steps,
        guidance=body.cfg_scale,
        width=body.width,
        height=body.height,
        sampler=sampler,
        count=count,
    )
    validate(request)
    notes = _not_honoured(body) + sampler_note
    if notes:
        log.warning("API request fields Lienzo cannot honour: %r", notes)  # %r: no raw controls
    return Converted(request, notes)


def unknown_fields(body: Txt2ImgRequest) -> list[str]:
    """Fields A1111 does not define either: accepted and logged, as A1111 does."""
    names = sorted((body.model_extra or {}).keys())
    if names:
        log.warning("Ignoring unknown API fields: %r", [n[:60] for n in names[:20]])
    return names


def init_image_bytes(body: Img2ImgRequest) -> bytes:
    """The first init image, decoded from base64 (a data: URL prefix is allowed)."""
    if not body.init_images:
        raise InvalidRequestError(
            "init_images",
            "img2img needs init_images: a list with one base64-encoded picture.",
            "img2img necesita init_images: una lista con una imagen codificada en base64.",
        )
    return decode_base64(body.init_images[0], "init_images")


def decode_base64(text: str, field: str) -> bytes:
    """Base64 (optionally a data: URL) → bytes, or a bilingual error naming the field."""
    data = text.split(",", 1)[1] if text.startswith("data:") else text
    try:
        return base64.b64decode(data, validate=True)
    except (binascii.Error, ValueError):
        raise InvalidRequestError(
            field,
            f"{field} is not valid base64 image data.",
            f"{field} no son datos de imagen válidos en base64.",
        ) from None


def _check_prompt_lengths(body: Txt2ImgRequest) -> None:
    for name in ("prompt", "negative_prompt"):
        length = len(getattr(body, name))
        if length > MAX_PROMPT_CHARS:
            raise InvalidRequestError(
                name,
                f"{name} is {length} characters long; the API accepts {MAX_PROMPT_CHARS}.",
                f"{name} tiene {length} caracteres; la API acepta {MAX_PROMPT_CHARS}.",
            )


def _count(body: Txt2ImgRequest, max_count: int) -> int:
    if body.batch_size < 1 or body.n_iter < 1 or body.batch_size * body.n_iter > max_count:
        raise InvalidRequestError(
            "batch_size",
            f"batch_size × n_iter must be from 1 to {max_count} pictures per request "
            f"(got {body.batch_size} × {body.n_iter}).",
            f"batch_size × n_iter debe ser de 1 a {max_count} imágenes por petición "
            f"(recibido {body.batch_size} × {body.n_iter}).",
        )
    return body.batch_size * body.n_iter


def _sampler(body: Txt2ImgRequest) -> tuple[str, tuple[str, ...]]:
    """Our sampler for A1111's sampler_name (or sampler_index) and scheduler."""
    name = (body.sampler_name or body.sampler_index or "Euler a").strip()
    scheduler = (body.scheduler or "automatic").strip().lower()
    if scheduler == "karras" and f"{name} Karras" in SAMPLERS:
        return f"{name} Karras", ()
    notes = () if scheduler in ("automatic", "") else (f"scheduler={scheduler[:40]}",)
    if name in SAMPLERS:
        return name, notes
    return "Euler a", (*notes, f"sampler_name={name[:40]} (Euler a used)")


def _not_honoured(body: Txt2ImgRequest) -> tuple[str, ...]:
    notes = [
        name
        for name, off in _UNSUPPORTED_DEFAULTS
        if (value := getattr(body, name, off)) != off and value not in _OFF_TOO
    ]
    for key in body.override_settings or {}:
        if key != "sd_model_checkpoint":
            notes.append(f"override_settings.{str(key)[:40]}")
    return tuple(notes)


def info_json(outcome: JobOutcome, converted: Converted, strength: float | None) -> str:
    """A1111's `info`: a JSON string with its keys, plus what Lienzo could not honour."""
    results = [saved.result for saved in outcome.images]
    request = results[0].request if results else converted.request
    model = results[0].model if results else None
    info: dict[str, Any] = {
        "prompt": request.prompt,
        "all_prompts": [r.request.prompt for r in results],
        "negative_prompt": request.negative_prompt,
        "all_negative_prompts": [r.request.negative_prompt for r in results],
        "seed": request.seed if request.seed is not None else -1,
        "all_seeds": [r.request.seed for r in results],
        "subseed": -1,
        "all_subseeds": [-1 for _ in results],
        "subseed_strength": 0,
        "width": request.width,
        "height": request.height,
        "sampler_name": request.sampler,
        "cfg_scale": request.guidance,
        "steps": request.steps,
        "batch_size": request.count,
        "restore_faces": False,
        "face_restoration_model": None,
        "sd_model_name": model.name if model else None,
        "sd_model_hash": model.hash if model else None,
        "sd_vae_name": None,
        "sd_vae_hash": None,
        "seed_resize_from_w": -1,
        "seed_resize_from_h": -1,
        "denoising_strength": strength,
        "extra_generation_params": {},
        "index_of_first_image": 0,
        "infotexts": [a1111_parameters(r.request, r.model) for r in results],
        "styles": [],
        "job_timestamp": "",
        "clip_skip": 1,
        "is_using_inpainting_conditioning": False,
        "version": f"lienzo-{__version__}",
        "interrupted": outcome.interrupted,
        "lienzo_not_honoured": list(converted.not_honoured),
        "lienzo_warnings": list(dict.fromkeys(w for r in results for w in r.warnings)),
    }
    return json.dumps(info, ensure_ascii=False)
