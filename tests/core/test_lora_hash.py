"""A1111's short LoRA hash: SHA-256 of a .safetensors file's data after its header, 12 digits,
computed once per file version."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

from studio.core.models import hashing
from studio.core.models.hashing import lora_hash


def _safetensors(path: Path, metadata: dict[str, str]) -> Path:
    header = {
        "__metadata__": metadata,
        "w": {"dtype": "F32", "shape": [4], "data_offsets": [0, 16]},
    }
    text = json.dumps(header).encode()
    path.write_bytes(len(text).to_bytes(8, "little") + text + bytes(range(16)))
    return path


def test_safetensors_hash_skips_the_header(tmp_path: Path) -> None:
    cache = tmp_path / "hashes.json"
    one = lora_hash(_safetensors(tmp_path / "a.safetensors", {"ss_name": "a"}), cache)
    other = lora_hash(_safetensors(tmp_path / "b.safetensors", {"ss_name": "bb"}), cache)
    assert one == other == hashlib.sha256(bytes(range(16))).hexdigest()[:12]


def test_other_formats_hash_the_whole_file(tmp_path: Path) -> None:
    path = tmp_path / "old.pt"
    path.write_bytes(b"pickled weights")
    expected = hashlib.sha256(b"pickled weights").hexdigest()[:12]
    assert lora_hash(path, tmp_path / "hashes.json") == expected


def test_hash_is_cached_per_file_version(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    cache = tmp_path / "hashes.json"
    path = _safetensors(tmp_path / "a.safetensors", {})
    first = lora_hash(path, cache)
    monkeypatch.setattr(hashing, "_addnet_sha256", lambda _path: pytest.fail("hashed again"))
    assert lora_hash(path, cache) == first
    assert any(key.startswith("lora|") for key in json.loads(cache.read_text()))


def test_truncated_header_hashes_without_failing(tmp_path: Path) -> None:
    path = tmp_path / "broken.safetensors"
    path.write_bytes((10**12).to_bytes(8, "little") + b"{")
    assert lora_hash(path, tmp_path / "h.json") == hashlib.sha256(b"").hexdigest()[:12]
