"""Generation settings inside PNGs: A1111's `parameters` text plus our own JSON chunk."""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import PurePath
from typing import Any

from PIL.PngImagePlugin import PngInfo

from studio import APP_NAME, __version__
from studio.core.generation.request import GenerationRequest
from studio.core.imagemeta.a1111_text import a1111_parameters
from studio.core.imagemeta.untrusted import load_json
from studio.core.models.source import ModelStamp

__all__ = ["a1111_parameters"]  # where callers have always found it

PARAMETERS_KEY = "parameters"
LIENZO_KEY = "lienzo"
COMFY_PROMPT_KEY = "prompt"
SCHEMA_VERSION = 1
_MAX_LIENZO_CHARS = 1_000_000  # our chunk is a few KB; prompts are capped at 20,000 characters


def public_name(path_or_ref: str) -> str:
    """A name safe to publish: never an absolute path, only the last component."""
    cleaned = path_or_ref.replace("\\", "/").rstrip("/")
    return PurePath(cleaned).name if ("/" in cleaned and _looks_like_path(cleaned)) else cleaned


def _looks_like_path(ref: str) -> bool:
    # A repo id is "owner/name"; anything with more parts, a drive or a leading slash is a path.
    return ref.startswith(("/", ".", "~")) or ":" in ref or ref.count("/") > 1


def lienzo_json(
    request: GenerationRequest, model: ModelStamp, device: str, origin: str = ""
) -> str:
    """Our own chunk: the full request, with every path reduced to a file name; `origin` says
    who asked for the picture when it was not the window ("api": another program)."""
    data = request.to_dict()
    data["model"] = public_name(request.model)
    if request.init_image:
        data["init_image"] = PurePath(request.init_image.replace("\\", "/")).name
    if request.mask:
        data["mask"] = PurePath(request.mask.replace("\\", "/")).name
    data["loras"] = [
        [PurePath(name.replace("\\", "/")).name, weight] for name, weight in request.loras
    ]
    payload: dict[str, Any] = {
        "schema_version": SCHEMA_VERSION,
        "app": APP_NAME,
        "app_version": __version__,
        "request": data,
        "model": _model(model),
        "device": device,
    }
    if origin:
        payload["origin"] = origin
    return json.dumps(payload, ensure_ascii=False, sort_keys=True)


def _model(model: ModelStamp) -> dict[str, Any]:
    found: dict[str, Any] = {"name": model.name, "hash": model.hash, "family": model.family}
    if model.quantization:
        found["quantization"] = model.quantization
    if model.files:
        found["files"] = list(model.files)  # names only, never the folders they are in
    return found


def png_info(
    request: GenerationRequest,
    model: ModelStamp,
    device: str,
    comfy_graph: str | None = None,
    lora_hashes: Mapping[str, str] | None = None,
    origin: str = "",
) -> PngInfo:
    """The PNG text chunks for one generated image (and the ComfyUI graph a server ran, in
    ComfyUI's own `prompt` chunk, so ComfyUI can open the picture); `lora_hashes` maps a
    LoRA's tag name to its A1111 short hash."""
    info = PngInfo()
    info.add_text(PARAMETERS_KEY, a1111_parameters(request, model, lora_hashes))
    info.add_itxt(LIENZO_KEY, lienzo_json(request, model, device, origin))
    if comfy_graph is not None:
        info.add_text(COMFY_PROMPT_KEY, comfy_graph)  # as ComfyUI writes it (ASCII JSON)
    return info


def read_lienzo_payload(text_chunks: dict[str, Any]) -> dict[str, Any] | None:
    """Our chunk's JSON object, or None when there is none or it cannot be read safely."""
    raw = text_chunks.get(LIENZO_KEY)
    if not isinstance(raw, str):
        return None
    try:
        # Size and nesting are checked before parsing: '[' * 5000 once raised RecursionError.
        payload = load_json(raw, max_chars=_MAX_LIENZO_CHARS)
    except (ValueError, RecursionError):
        return None
    return payload if isinstance(payload, dict) else None


def read_lienzo_request(text_chunks: dict[str, Any]) -> GenerationRequest | None:
    """Our request back from a PNG's text chunks, or None if it is not ours or is unreadable."""
    payload = read_lienzo_payload(text_chunks)
    try:
        return GenerationRequest.from_dict(payload["request"]) if payload else None
    except (ValueError, KeyError, TypeError, AttributeError):
        # Any malformed or hostile JSON shape means "not readable as ours".
        return None
