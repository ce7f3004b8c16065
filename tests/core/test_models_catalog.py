"""The catalog: sizes, licences, hardware fit, the first-run recommendation, the CLI."""

from __future__ import annotations

import argparse
from pathlib import Path

import numpy as np
import pytest

from studio.cli.models import register, run
from studio.core.base.devices import DevicePlan, FoundDevice, choose_device
from studio.core.base.errors import ModelError
from studio.core.base.paths import AppPaths
from studio.core.base.settings import Settings
from studio.core.models.catalog import CATALOG, fits_hardware, recommended, require_entry
from studio.core.models.families import FAMILIES


def _plan(kind: str, memory_gb: float) -> DevicePlan:
    found = (FoundDevice(kind, f"Test {kind}", memory_gb),)
    if kind != "cpu":
        found += (FoundDevice("cpu", "CPU", 64.0),)
    return choose_device(found)


def test_every_entry_is_complete_and_safetensors_only() -> None:
    for entry in CATALOG:
        assert entry.family in FAMILIES and entry.licence
        assert 0 < entry.size_fp16 <= entry.size_fp32
        for half in (True, False):
            assert all(p.endswith((".json", ".txt", ".safetensors")) for p in entry.patterns(half))
    kinds = {e.repo_id: e.kind for e in CATALOG}
    assert kinds["madebyollin/sdxl-vae-fp16-fix"] == "vae"
    assert {"stabilityai/sd-turbo", "stabilityai/sdxl-turbo"} <= set(kinds)
    turbo = require_entry("stabilityai/sd-turbo")
    assert "unet/diffusion_pytorch_model.fp16.safetensors" in turbo.patterns(True)
    assert "unet/diffusion_pytorch_model.safetensors" in turbo.patterns(False)
    # The safety checker (~600 MB) is never loaded, so it is never downloaded.
    assert not any(
        p.startswith("safety_checker/") and p.endswith(".safetensors")
        for p in turbo.patterns(True) + turbo.patterns(False)
    )


def test_fit_compares_memory_of_the_chosen_device() -> None:
    sdxl, turbo = require_entry("stabilityai/sdxl-turbo"), require_entry("stabilityai/sd-turbo")
    small_gpu = _plan("cuda", 6.0)
    assert fits_hardware(turbo, small_gpu).ok
    verdict = fits_hardware(sdxl, small_gpu)
    assert not verdict.ok and "6 GB" in verdict.en and "6 GB" in verdict.es
    assert not fits_hardware(turbo, _plan("cpu", 4.0)).ok
    assert fits_hardware(sdxl, _plan("cpu", 32.0)).ok


def test_first_run_recommendation_suits_the_hardware() -> None:
    assert recommended(_plan("cpu", 64.0)).repo_id == "stabilityai/sd-turbo"
    assert recommended(_plan("cuda", 4.0)).repo_id == "stabilityai/sd-turbo"
    assert recommended(_plan("cuda", 12.0)).repo_id == "stabilityai/sdxl-turbo"


def test_unknown_catalog_entry_lists_the_known_ones() -> None:
    with pytest.raises(ModelError, match="stabilityai/sd-turbo"):
        require_entry("acme/nope")


def _cli(argv: list[str], paths: AppPaths) -> int:
    parser = argparse.ArgumentParser()
    register(parser.add_subparsers(dest="command"))
    return run(parser.parse_args(argv), paths, Settings())


def test_cli_catalog_marks_the_recommendation(
    paths: AppPaths, capsys: pytest.CaptureFixture[str]
) -> None:
    assert _cli(["models", "--device", "cpu", "catalog"], paths) == 0
    out = capsys.readouterr().out
    recommended_line = next(line for line in out.splitlines() if "(recommended)" in line)
    assert "stabilityai/sd-turbo" in recommended_line and "GB" in recommended_line


def test_cli_import_and_convert(
    paths: AppPaths, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import torch
    from safetensors.numpy import save_file

    checkpoint = tmp_path / "Modelos" / "mío.safetensors"
    checkpoint.parent.mkdir()
    key = "cond_stage_model.transformer.text_model.w"
    save_file({key: np.zeros(2, dtype=np.float32)}, str(checkpoint))
    assert _cli(["models", "import", str(checkpoint)], paths) == 0
    assert "Stable Diffusion 1.x" in capsys.readouterr().out
    legacy = tmp_path / "old.ckpt"
    torch.save({"state_dict": {key: torch.zeros(2)}}, legacy)
    assert _cli(["models", "convert", str(legacy)], paths) == 0
    assert (tmp_path / "old.safetensors").is_file()
    with pytest.raises(ModelError, match="pickle"):
        _cli(["models", "import", str(legacy)], paths)


def test_a_model_folder_missing_a_components_weights_is_not_complete(tmp_path: Path) -> None:
    import json

    from studio.core.models.hf_cache import _looks_complete

    snapshot = tmp_path / "snapshot"
    (snapshot / "unet").mkdir(parents=True)
    (snapshot / "vae").mkdir()
    index = {
        "unet": ["diffusers", "UNet2DConditionModel"],
        "vae": ["diffusers", "AutoencoderKL"],
        "safety_checker": [None, None],
    }
    (snapshot / "model_index.json").write_text(json.dumps(index))
    (snapshot / "unet" / "diffusion_pytorch_model.safetensors").write_bytes(b"x")
    assert not _looks_complete(snapshot)  # the VAE's weights never arrived
    (snapshot / "vae" / "diffusion_pytorch_model.safetensors").write_bytes(b"x")
    assert _looks_complete(snapshot)
