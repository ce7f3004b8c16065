"""Other apps' model folders are found and listed in place, never copied or changed."""

from __future__ import annotations

from pathlib import Path

import pytest

from studio.core.models.other_apps import candidate_roots, find_model_folders, list_models


def _touch(path: Path, size: int = 16) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"\0" * size)
    return path


def _snapshot(root: Path) -> dict[str, tuple[int, int]]:
    return {
        str(p): (p.stat().st_size, p.stat().st_mtime_ns) for p in root.rglob("*") if p.is_file()
    }


def test_a1111_comfy_and_invoke_folders_are_found_and_listed_read_only(tmp_path: Path) -> None:
    a1111 = tmp_path / "stable-diffusion-webui"
    _touch(a1111 / "models/Stable-diffusion/Fotorrealista ñ.safetensors", 100)
    _touch(a1111 / "models/Stable-diffusion/old.ckpt")
    _touch(a1111 / "models/Lora/estilo.safetensors")
    comfy = tmp_path / "ComfyUI"
    _touch(comfy / "models/checkpoints/sub/xl.safetensors")
    _touch(comfy / "models/loras/.keep")
    invoke = tmp_path / "invokeai"
    _touch(invoke / "invokeai.yaml")
    _touch(invoke / "models/sd-1/main/mi-modelo/model_index.json")
    _touch(invoke / "models/sd-1/main/mi-modelo/unet/diffusion_pytorch_model.safetensors", 50)
    not_an_app = tmp_path / "other"
    _touch(not_an_app / "models/random.safetensors")
    before = _snapshot(tmp_path)

    folders = find_model_folders([a1111, comfy, invoke, not_an_app, tmp_path / "missing"])
    assert [(f.app, f.kind) for f in folders] == [
        ("AUTOMATIC1111/Forge", "checkpoint"),
        ("AUTOMATIC1111/Forge", "lora"),
        ("ComfyUI", "checkpoint"),
        ("ComfyUI", "lora"),
        ("InvokeAI", "checkpoint"),
    ]
    listed = [[(m.name, m.size) for m in list_models(folder)] for folder in folders]
    assert listed == [
        [("Fotorrealista ñ", 100)],  # the pickle is not offered
        [("estilo", 16)],
        [("xl", 16)],
        [],
        [("mi-modelo", 50)],  # a diffusers folder counts once, not its inner files
    ]
    assert list_models(folders[0])[0].path.parent == a1111 / "models/Stable-diffusion"
    assert _snapshot(tmp_path) == before


def test_first_run_search_looks_in_usual_places(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COMFYUI_PATH", str(tmp_path / "Mi ComfyUI"))
    roots = candidate_roots(tmp_path)
    assert tmp_path / "stable-diffusion-webui" in roots
    assert tmp_path / "Documents" / "ComfyUI" in roots
    assert tmp_path / "Mi ComfyUI" in roots
