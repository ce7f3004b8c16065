"""LoRAs named in an image's settings: checked from untrusted values, and written back as the
`<lora:name:weight>` tags our prompt understands when the settings are reused."""

from __future__ import annotations

import re
from pathlib import PurePath
from typing import Any

from studio.core.generation.request import MAX_PROMPT_CHARS
from studio.core.imagemeta.untrusted import clean_text
from studio.core.models.lora_files import extract_lora_tags

LoraValue = tuple[str, float | None, float | None]  # name, model weight, text-encoder weight
_MAX_LORAS = 64  # a real stack has a handful; a hostile graph may chain thousands
_MAX_NAME = 255
_EXTENSIONS = (".safetensors", ".ckpt", ".pt", ".bin")


def checked_loras(raw: Any) -> tuple[LoraValue, ...]:
    """The (name, model weight, clip weight) triples in `raw` that are well formed."""
    if not isinstance(raw, list | tuple):
        return ()
    found = []
    for item in raw[:_MAX_LORAS]:
        if not isinstance(item, list | tuple) or len(item) != 3:
            continue
        name, model, clip = item
        if isinstance(name, str) and 0 < len(name) <= _MAX_NAME:
            found.append((clean_text(name), _weight(model), _weight(clip)))
    return tuple(found)


def prompt_loras(prompt: str) -> tuple[LoraValue, ...]:
    """The LoRAs an A1111-style prompt asks for with `<lora:name:w>` (w on both encoders)."""
    return tuple((ref.name, ref.weight, ref.weight) for ref in extract_lora_tags(prompt)[1])


def lora_tags(prompt: str, loras: tuple[LoraValue, ...]) -> str:
    """`prompt` with a `<lora:name:w>` tag for each LoRA it does not already name."""
    named = {ref.name.lower() for ref in extract_lora_tags(prompt)[1]}
    tags = []
    for name, model, _clip in loras:
        stem = lora_stem(name)
        if stem and stem.lower() not in named:
            named.add(stem.lower())
            tags.append(f"<lora:{stem}:{1.0 if model is None else model:g}>")
    with_tags = " ".join([prompt, *tags]).strip() if tags else prompt
    return with_tags if len(with_tags) <= MAX_PROMPT_CHARS else prompt


def describe_loras(loras: tuple[LoraValue, ...]) -> str:
    """One line for people: each LoRA with its model weight, and its clip weight if not the same."""
    parts = []
    for name, model, clip in loras:
        weights = [f"{value:g}" for value in dict.fromkeys((model, clip)) if value is not None]
        parts.append(f"{name} ({'/'.join(weights)})" if weights else name)
    return ", ".join(parts)


def lora_stem(name: str) -> str:
    """A LoRA's name as its `<lora:…>` tag gives it: no folder, no extension, no separators."""
    base = PurePath(name.replace("\\", "/")).name
    for extension in _EXTENSIONS:
        if base.lower().endswith(extension):
            base = base[: -len(extension)]
    # The tag's own separators cannot appear in a name it carries.
    return re.sub(r"[:<>\s]+", "_", base).strip("_")


def _weight(value: Any) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return float(value) if abs(value) <= 100 else None
