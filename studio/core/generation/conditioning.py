"""What the text encoder gets: LoRAs taken out of the prompt, weighting and long prompts."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from studio.core.generation.prompt_weighting import encode_prompts, token_count
from studio.core.generation.request import GenerationRequest
from studio.core.models.hashing import lora_hash
from studio.core.models.lora_files import apply_loras, extract_lora_tags, find_lora

LoraList = tuple[tuple[Path, float], ...]


def resolve_loras(request: GenerationRequest, folders: Sequence[Path]) -> tuple[str, LoraList]:
    """The prompt without `<lora:…>` tags, and every LoRA file asked for with its weight."""
    prompt, tagged = extract_lora_tags(request.prompt)
    wanted = [*request.loras, *((tag.name, tag.weight) for tag in tagged)]
    return prompt, tuple((_lora_file(name, folders), float(weight)) for name, weight in wanted)


def lora_hashes(
    request: GenerationRequest, loras: LoraList, cache_file: Path
) -> tuple[tuple[str, str], ...]:
    """(name as the request gives it, A1111 short hash) for each LoRA file `resolve_loras`
    found (same order); a file that cannot be read is left out, never failing the picture."""
    _prompt, tagged = extract_lora_tags(request.prompt)
    names = [*(name for name, _ in request.loras), *(tag.name for tag in tagged)]
    found = []
    for name, (path, _weight) in zip(names, loras, strict=False):
        try:
            found.append((name, lora_hash(path, cache_file)))
        except OSError:
            continue
    return tuple(found)


def _lora_file(name: str, folders: Sequence[Path]) -> Path:
    path = Path(name).expanduser()
    return path if path.suffix == ".safetensors" and path.is_file() else find_lora(name, folders)


def activate_loras(pipeline: Any, active: LoraList, wanted: LoraList) -> LoraList:
    """Switch the pipeline's LoRAs to `wanted` unless they already are; return what is active."""
    if wanted != active:
        apply_loras(pipeline, list(wanted))
    return wanted


def text_arguments(pipeline: Any, prompt: str, negative: str) -> dict[str, Any]:
    """Plain prompts go to diffusers as text; weighted or long ones as compel embeddings."""
    if not _needs_compel(pipeline, prompt) and not _needs_compel(pipeline, negative):
        return {"prompt": prompt, "negative_prompt": negative or None}
    return encode_prompts(pipeline, prompt, negative)


def _needs_compel(pipeline: Any, text: str) -> bool:
    tokenizer = getattr(pipeline, "tokenizer", None)
    if not text or tokenizer is None:
        return False
    weighted = any(mark in text for mark in "()[]")
    return weighted or token_count(tokenizer, text) > tokenizer.model_max_length - 2
