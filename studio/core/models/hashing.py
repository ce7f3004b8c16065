"""A1111's model hash (first 10 hex digits of the file's SHA-256), computed once per file."""

from __future__ import annotations

import hashlib
import json
import logging
import re
import threading
from pathlib import Path

from studio.core.base.atomic import atomic_write_bytes

log = logging.getLogger(__name__)
_CHUNK = 8 * 2**20
HASH_CACHE_NAME = "model_hashes.json"  # in the app's cache folder
# The cache is read, changed and rewritten whole; a model hashed in the background and a LoRA
# hashed by the engine at the same time must not drop each other's entry.
_CACHE_LOCK = threading.Lock()
_SHA256_NAME = re.compile(r"[0-9a-f]{64}")


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
    known = _read_cache(cache_file).get(key)
    if known:
        return known
    full = hub_blob_sha256(target) or _sha256(target)
    _remember_model(cache_file, key, full)
    return full[:10]


def hub_blob_sha256(target: Path) -> str | None:
    """The SHA-256 a Hugging Face cache already names the file by, without reading it.

    In the hub cache a snapshot's file is a link to `blobs/<etag>`, and a large (LFS/Xet)
    file's etag is the SHA-256 of its bytes: a downloaded model's hash costs nothing. Any
    other file (a plain folder, a copy where links are not allowed) gives None.
    """
    try:
        if not target.is_symlink():
            return None
        blob = target.resolve(strict=True)
    except (OSError, RuntimeError):
        return None
    if blob.parent.name == "blobs" and _SHA256_NAME.fullmatch(blob.name):
        return blob.name
    return None


class LaterHash:
    """A model's short hash, off the loading path: from the cache at once when the file was
    hashed before, else computed in a background thread started here (hashing a UNet file of
    several GB takes seconds; the picture's metadata needs it only when the picture is saved)."""

    def __init__(self, model_path: Path, cache_file: Path) -> None:
        cached = cached_model_hash(model_path, cache_file) or _from_hub_blob(model_path, cache_file)
        self._value: str | None = cached[0] if cached else None
        self._thread: threading.Thread | None = None
        if self._value is None:
            self._thread = threading.Thread(
                target=self._compute, args=(model_path, cache_file), name="model-hash", daemon=True
            )
            self._thread.start()

    @property
    def known(self) -> str | None:
        """The hash when it is already known, without waiting; None while it is computed."""
        return self._value if self._thread is None or not self._thread.is_alive() else None

    def result(self) -> str:
        """The hash, waiting for the background thread if needed ("" when unreadable)."""
        if self._thread is not None:
            self._thread.join()
        return self._value or ""

    def _compute(self, model_path: Path, cache_file: Path) -> None:
        try:
            self._value = model_hash(model_path, cache_file)
        except OSError as exc:  # the picture is still saved, without a model hash
            log.warning("Could not hash %s: %s", model_path, exc)
            self._value = ""


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


def _from_hub_blob(model_path: Path, cache_file: Path) -> tuple[str, str] | None:
    target = weights_file(model_path)
    full = hub_blob_sha256(target) if target is not None else None
    if target is None or full is None:
        return None
    try:
        _remember_model(cache_file, _key(target), full)
    except OSError as exc:  # the hash is still right; only the cache is not written
        log.warning("Could not write the model hash cache %s: %s", cache_file, exc)
    return full[:10], full


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
    known = _read_cache(cache_file).get(key)
    if known:
        return known
    safetensors = lora_path.suffix.lower() == ".safetensors"
    short = (_addnet_sha256(lora_path) if safetensors else _sha256(lora_path))[:12]
    _add_to_cache(cache_file, {key: short})
    return short


def _remember_model(cache_file: Path, key: str, full: str) -> None:
    """Cache a model file's short hash and full SHA-256 (what `cached_model_hash` reads)."""
    _add_to_cache(cache_file, {key: full[:10], f"sha256|{key}": full})


def _add_to_cache(cache_file: Path, entries: dict[str, str]) -> None:
    with _CACHE_LOCK:  # re-read under the lock: another thread may have added its entry
        cache = _read_cache(cache_file)
        cache.update(entries)
        atomic_write_bytes(cache_file, json.dumps(cache, indent=1).encode("utf-8"))


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
