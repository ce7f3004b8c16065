"""The model's hash for the metadata is computed after loading, beside the first generation
(issue 17, target 3): loading does not wait for it, the saved picture still carries it, and it
is cached for the next launch."""

from __future__ import annotations

import hashlib
import threading
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import pytest

from studio.core.base.devices import DevicePlan
from studio.core.base.paths import AppPaths
from studio.core.generation.engine import Engine
from studio.core.generation.request import GenerationRequest
from studio.core.models import hashing
from studio.core.models.hashing import HASH_CACHE_NAME, cached_model_hash, lora_hash

Factory = Callable[..., GenerationRequest]


@pytest.fixture
def fresh_cache(paths: AppPaths, engine: Engine, tmp_path: Path) -> AppPaths:
    """A cache where no model was hashed yet, sharing the session's built demo model."""
    engine.load("demo")  # the demo model is built by now
    (tmp_path / "cache").mkdir()
    (tmp_path / "cache" / "models").symlink_to(paths.models_cache, target_is_directory=True)
    return replace(paths, cache=tmp_path / "cache")


@pytest.fixture
def held_unet_hash(monkeypatch: pytest.MonkeyPatch) -> threading.Event:
    """Hashing a UNet file waits until the returned event is set (at most 60 s)."""
    release = threading.Event()
    real = hashing._sha256

    def held(path: Path) -> str:
        if path.parent.name == "unet":
            assert release.wait(60), "the UNet hash was never released"
        return real(path)

    monkeypatch.setattr(hashing, "_sha256", held)
    return release


def test_loading_does_not_wait_for_the_hash_and_the_picture_still_carries_it(
    fresh_cache: AppPaths,
    cpu_plan: DevicePlan,
    demo_request: Factory,
    held_unet_hash: threading.Event,
) -> None:
    engine = Engine(fresh_cache, cpu_plan)
    loaded = engine.load("demo")  # returns while the hash is held: it is not on this path
    weights = loaded.folder / "unet" / "diffusion_pytorch_model.safetensors"
    expected = hashlib.sha256(weights.read_bytes()).hexdigest()[:10]
    assert loaded.stamp.hash == ""  # not known yet
    held_unet_hash.set()
    result = next(iter(engine.generate(demo_request(steps=1))))
    assert result.model.hash == expected
    cached = cached_model_hash(loaded.folder, fresh_cache.cache / HASH_CACHE_NAME)
    assert cached is not None and cached[0] == expected  # the next launch reads it at once
    again = Engine(fresh_cache, cpu_plan).load("demo")
    assert again.stamp.hash == expected  # known at load, no background work


def test_a_lora_hashed_meanwhile_keeps_its_entry_in_the_cache(
    fresh_cache: AppPaths,
    cpu_plan: DevicePlan,
    held_unet_hash: threading.Event,
    tmp_path: Path,
) -> None:
    cache_file = fresh_cache.cache / HASH_CACHE_NAME
    loaded = Engine(fresh_cache, cpu_plan).load("demo")  # the UNet hash starts, held
    lora = tmp_path / "style.pt"
    lora.write_bytes(b"lora weights")
    short = lora_hash(lora, cache_file)  # written while the model hash is still running
    held_unet_hash.set()
    model = loaded.final_stamp().hash
    assert model and cached_model_hash(loaded.folder, cache_file) is not None
    assert short in cache_file.read_text(encoding="utf-8")  # neither write lost the other


def test_an_unreadable_weights_file_leaves_the_hash_empty_not_a_crash(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "model"
    (folder / "unet").mkdir(parents=True)
    (folder / "unet" / "diffusion_pytorch_model.safetensors").write_bytes(b"weights")

    def unreadable(path: Path) -> str:
        raise PermissionError(13, "Permission denied", str(path))

    monkeypatch.setattr(hashing, "_sha256", unreadable)
    assert hashing.LaterHash(folder, tmp_path / HASH_CACHE_NAME).result() == ""


def _hub_snapshot(root: Path, weights: bytes, blob_name: str | None = None) -> Path:
    """A model folder laid out as the Hugging Face cache does: the UNet file is a link to
    blobs/<its SHA-256>."""
    blobs = root / "models--org--model" / "blobs"
    blobs.mkdir(parents=True)
    blob = blobs / (blob_name or hashlib.sha256(weights).hexdigest())
    blob.write_bytes(weights)
    snapshot = root / "models--org--model" / "snapshots" / "abc123"
    (snapshot / "unet").mkdir(parents=True)
    (snapshot / "unet" / "diffusion_pytorch_model.safetensors").symlink_to(blob)
    return snapshot


def test_a_downloaded_model_is_hashed_by_its_hub_blob_name_without_reading_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    weights = b"unet weights" * 1000
    snapshot = _hub_snapshot(tmp_path / "hub", weights)
    read: list[Path] = []
    monkeypatch.setattr(hashing, "_sha256", lambda path: read.append(path) or "0" * 64)
    later = hashing.LaterHash(snapshot, tmp_path / HASH_CACHE_NAME)

    full = hashlib.sha256(weights).hexdigest()
    assert later.known == full[:10]  # at once: no background thread
    assert read == []  # the GBs were not read
    assert cached_model_hash(snapshot, tmp_path / HASH_CACHE_NAME) == (full[:10], full)


def test_a_link_to_a_file_not_named_by_its_hash_is_read_and_hashed(
    tmp_path: Path,
) -> None:
    weights = b"other weights" * 1000
    snapshot = _hub_snapshot(tmp_path / "hub", weights, blob_name="not-a-sha256")
    later = hashing.LaterHash(snapshot, tmp_path / HASH_CACHE_NAME)

    assert later.result() == hashlib.sha256(weights).hexdigest()[:10]
