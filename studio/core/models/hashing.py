"""A1111's model hash (first 10 hex digits of the file's SHA-256), computed once per file."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from studio.core.base.atomic import atomic_write_bytes

_CHUNK = 8 * 2**20
HASH_CACHE_NAME = "model_hashes.json"  # in the app's cache folder


def weights_file(model_path: Path) -> Path | None:
    """The file whose hash identifies a model: the file itself, or a folder's UNet weights."""
    if model_path.is_file():
        return model_path
    for name in ("diffusion_pytorch_model.safetensors", "diffusion_pytorch_model.fp16.safetensors"):
        candidate = model_path / "unet" / name
        if candidate.is_file():
            return candidate
    return None


def model_hash(model_path: Path, cache_file: Path) -> str:
    """Short SHA-256 of the model's weights, cached by path, size and modification time."""
    target = weights_file(model_path)
    if target is None:
        return ""
    key = _key(target)
    cache = _read_cache(cache_file)
    if key not in cache:
        full = _sha256(target)
        cache[key], cache[f"sha256|{key}"] = full[:10], full
        atomic_write_bytes(cache_file, json.dumps(cache, indent=1).encode("utf-8"))
    return cache[key]


def cached_model_hash(model_path: Path, cache_file: Path) -> tuple[str, str] | None:
    """(short hash, full SHA-256 or "") from the cache only, never reading the weights (GBs):
    None until the model was hashed (when it is first loaded)."""
    target = weights_file(model_path)
    if target is None:
        return None
    try:
        key = _key(target)
    except OSError:
        return None
    cache = _read_cache(cache_file)
    short = cache.get(key)
    return (short, cache.get(f"sha256|{key}", "")) if short else None


def _key(target: Path) -> str:
    stat = target.stat()
    return f"{target.resolve()}|{stat.st_size}|{stat.st_mtime_ns}"


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def _read_cache(cache_file: Path) -> dict[str, str]:
    try:
        data = json.loads(cache_file.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return {k: v for k, v in data.items() if isinstance(v, str)} if isinstance(data, dict) else {}


def lora_hash(lora_path: Path, cache_file: Path) -> str:
    """A1111's short LoRA hash (`Lora hashes` in its text): the first 12 hex digits of the
    SHA-256 of a .safetensors file's tensor data after its header (the `addnet` hash), or of
    the whole file for other formats; cached by path, size and modification time."""
    stat = lora_path.stat()
    key = f"lora|{lora_path.resolve()}|{stat.st_size}|{stat.st_mtime_ns}"
    cache = _read_cache(cache_file)
    if key not in cache:
        safetensors = lora_path.suffix.lower() == ".safetensors"
        cache[key] = (_addnet_sha256(lora_path) if safetensors else _sha256(lora_path))[:12]
        atomic_write_bytes(cache_file, json.dumps(cache, indent=1).encode("utf-8"))
    return cache[key]


def _addnet_sha256(path: Path) -> str:
    # As A1111's addnet_hash_safetensors: skip the 8-byte length and the JSON header it gives,
    # so that editing the metadata in the header does not change the hash.
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        header_length = int.from_bytes(handle.read(8), "little")
        handle.seek(header_length + 8)
        while chunk := handle.read(_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()
