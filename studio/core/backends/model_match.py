"""The server's own name for a model or LoRA the request asks for: exact, or the same file
name (folders, extensions, case and A1111's " [hash]" aside); a missing one is named."""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import PurePath

from studio.core.backends.base import ServerLacksModel
from studio.core.backends.http_api import clean_text
from studio.core.generation.request import GenerationRequest
from studio.core.models.lora_files import extract_lora_tags

_MODEL_SUFFIXES = (".safetensors", ".ckpt", ".pt", ".pth", ".bin", ".sft")
_HASH_SUFFIX = re.compile(r"\s*\[[0-9a-fA-F]{6,64}\]$")


def _stem(name: str) -> str:
    base = PurePath(_HASH_SUFFIX.sub("", name).replace("\\", "/")).name.lower()
    for suffix in _MODEL_SUFFIXES:
        if base.endswith(suffix):
            return base[: -len(suffix)]
    return base


def match_name(wanted: str, offered: Sequence[str]) -> str | None:
    """The offered name that is `wanted`, or has its file name; None when none has."""
    if wanted in offered:
        return wanted
    stems = {_stem(option): option for option in offered}
    return stems.get(_stem(wanted))


def pick_checkpoint(wanted: str, offered: Sequence[str], server: str = "ComfyUI") -> str:
    """The server's checkpoint for `wanted` (exact, or same file name); its first if unset."""
    if not offered:
        raise ServerLacksModel(
            f"The {server} server has no checkpoints.",
            f"El servidor {server} no tiene modelos.",
        )
    found = match_name(wanted, offered) if wanted else offered[0]
    if found is None:
        raise missing(server, "model", "modelo", wanted, offered)
    return found


def wanted_loras(request: GenerationRequest) -> list[tuple[str, float]]:
    """The request's LoRAs and its prompt's `<lora:name:weight>` tags, in order."""
    _, tagged = extract_lora_tags(request.prompt)
    return [*request.loras, *((tag.name, tag.weight) for tag in tagged)]


def pick_loras(
    request: GenerationRequest, offered: Sequence[str], server: str = "ComfyUI"
) -> list[tuple[str, float]]:
    """The server's LoRA names for the request's LoRAs and its `<lora:…>` tags."""
    picked: dict[str, float] = {}
    for name, weight in wanted_loras(request):
        found = match_name(name, offered)
        if found is None:
            raise missing(server, "LoRA", "LoRA", name, offered)
        picked[found] = float(weight)
    return list(picked.items())


def missing(server: str, en: str, es: str, wanted: str, offered: Sequence[str]) -> ServerLacksModel:
    """The server lacks `wanted`: the message names it and what the server has instead (a
    pool of workers hands the job to another one)."""
    shown = clean_text(", ".join(offered[:8]) + (" …" if len(offered) > 8 else "")) or "-"
    name = clean_text(wanted)
    return ServerLacksModel(
        f"The {server} server has no {en} '{name}'. It has: {shown}.",
        f"El servidor {server} no tiene el {es} '{name}'. Tiene: {shown}.",
    )
