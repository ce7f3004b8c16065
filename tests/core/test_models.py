"""Every kind of bad `--model` gets a clear message; nothing is unpickled or executed."""

from __future__ import annotations

import json
import pickle
import struct
from pathlib import Path

import pytest

from studio.core.base.errors import ModelError
from studio.core.models.source import resolve_model


def _safetensors(path: Path, keys: list[str], truncate: int = 0) -> Path:
    header = {
        k: {"dtype": "F32", "shape": [2], "data_offsets": [8 * i, 8 * i + 8]}
        for i, k in enumerate(keys)
    }
    raw = json.dumps(header).encode()
    data = struct.pack("<Q", len(raw)) + raw + b"\0" * (8 * len(keys))
    path.write_bytes(data[: len(data) - truncate] if truncate else data)
    return path


def _refusal(ref: str | Path) -> ModelError:
    with pytest.raises(ModelError) as caught:
        resolve_model(str(ref))
    return caught.value


def test_missing_path_names_it_and_suggests_the_demo(tmp_path: Path) -> None:
    error = _refusal(tmp_path / "no-existe.safetensors")
    assert "Model not found" in error.en and "--model demo" in error.en
    assert "Modelo no encontrado" in error.es


def test_empty_file_is_an_unfinished_download(tmp_path: Path) -> None:
    empty = tmp_path / "modelo.safetensors"
    empty.write_bytes(b"")
    error = _refusal(empty)
    assert "empty (0 bytes)" in error.en and "vacío" in error.es


def test_truncated_safetensors_is_damaged(tmp_path: Path) -> None:
    cut = _safetensors(tmp_path / "cut.safetensors", ["cond_stage_model.transformer.x"], 5)
    error = _refusal(cut)
    assert "damaged or incomplete" in error.en and "dañado" in error.es


def test_absurd_header_length_is_damaged(tmp_path: Path) -> None:
    bad = tmp_path / "bad.safetensors"
    bad.write_bytes(struct.pack("<Q", 2**60) + b"{}")
    assert "damaged" in _refusal(bad).en


def test_git_lfs_pointer_is_explained(tmp_path: Path) -> None:
    pointer = tmp_path / "v1-5.safetensors"
    pointer.write_text("version https://git-lfs.github.com/spec/v1\noid sha256:abc\nsize 4265\n")
    error = _refusal(pointer)
    assert "git-LFS pointer" in error.en and "puntero de git-LFS" in error.es


def test_pickle_checkpoint_is_refused_and_never_executed(tmp_path: Path) -> None:
    marker = tmp_path / "pwned.txt"

    class Payload:
        def __reduce__(self) -> tuple[object, tuple[str]]:
            return (Path.touch, (str(marker),))  # type: ignore[return-value]

    checkpoint = tmp_path / "model.ckpt"
    checkpoint.write_bytes(pickle.dumps(Payload(), protocol=2))
    disguised = tmp_path / "model.safetensors"
    disguised.write_bytes(checkpoint.read_bytes())
    for path in (checkpoint, disguised):
        error = _refusal(path)
        assert "pickle" in error.en and "ejecutar código" in error.es
    assert not marker.exists()


def test_folder_without_model_index_is_not_a_model(tmp_path: Path) -> None:
    error = _refusal(tmp_path)
    assert "not a diffusers model" in error.en


def test_lora_file_is_not_a_checkpoint(tmp_path: Path) -> None:
    lora = _safetensors(tmp_path / "estilo.safetensors", ["lora_unet_down.alpha"])
    assert "does not look like a Stable Diffusion checkpoint" in _refusal(lora).en


@pytest.mark.parametrize(
    ("keys", "name", "family"),
    [
        (["cond_stage_model.transformer.text_model.x"], "dreamshaper_8", "sd1"),
        (["cond_stage_model.model.ln_final.weight"], "v2-1_768", "sd2"),
        (["conditioner.embedders.1.model.ln_final.weight"], "juggernautXL", "sdxl"),
        (["conditioner.embedders.1.model.ln_final.weight"], "sdxl_turbo_1.0", "sdxl-turbo"),
    ],
)
def test_single_file_family_is_read_from_its_keys(
    tmp_path: Path, keys: list[str], name: str, family: str
) -> None:
    source = resolve_model(str(_safetensors(tmp_path / f"{name}.safetensors", keys)))
    assert (source.kind, source.family.key, source.name) == ("single_file", family, name)


def test_repo_ids_and_demo_resolve_without_network() -> None:
    assert resolve_model("stabilityai/sd-turbo").family.key == "sd-turbo"
    assert resolve_model("stabilityai/sdxl-turbo").family.key == "sdxl-turbo"
    assert resolve_model("demo").kind == "demo"


def test_repo_missing_offline_says_what_and_how(paths, cpu_plan) -> None:
    from studio.core.models.loader import load_model

    with pytest.raises(ModelError) as caught:
        load_model(resolve_model("stabilityai/sd-turbo"), cpu_plan, paths)
    assert "'stabilityai/sd-turbo' is not on this computer" in caught.value.en
    assert "HF_HUB_OFFLINE" in caught.value.en
    assert "no está en este ordenador" in caught.value.es
