"""FLUX/SD3 transformers quantized as they load (--quantize / the `quantize` setting).

int8 goes through diffusers' TorchAoConfig (torchao), which runs on this CPU; NF4
(bitsandbytes) needs CUDA and is refused clearly elsewhere, before anything loads.
"""

from __future__ import annotations

import builtins
import json
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from flow_support import build_tiny_flux, flow_request, save_transformer_file
from PIL import Image

from studio.core.base.devices import DevicePlan
from studio.core.base.errors import ModelError
from studio.core.base.paths import AppPaths
from studio.core.base.settings import load_settings
from studio.core.generation.engine import Engine
from studio.core.imagemeta.lienzo_format import png_info, read_lienzo_payload


@pytest.fixture(scope="module")
def flux(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("flux-quant")
    pipeline = build_tiny_flux()
    pipeline.save_pretrained(root / "FLUX.1-schnell")
    save_transformer_file(pipeline, root / "flux1-schnell.safetensors")
    return root / "FLUX.1-schnell"


@pytest.fixture(scope="module")
def engines(paths: AppPaths, cpu_plan: DevicePlan) -> Iterator[dict[str, Engine]]:
    pytest.importorskip("torchao", reason="int8 quantization needs torchao (extra 'quant')")
    made = {q: Engine(paths, replace(cpu_plan, quantize=q)) for q in ("none", "int8")}
    yield made
    for engine in made.values():
        engine.unload()


def _draw(engine: Engine, model: Path, seed: int = 7) -> tuple[Any, np.ndarray]:
    (result,) = list(engine.generate(flow_request(model, seed=seed)))
    return result, np.asarray(result.image).astype(np.int16)


def _linear_weight_types(engine: Engine) -> set[str]:
    import torch

    assert engine.loaded is not None
    modules = engine.loaded.pipeline.transformer.modules()
    return {type(m.weight).__name__ for m in modules if isinstance(m, torch.nn.Linear)}


@pytest.mark.parametrize("single_file", [False, True], ids=["folder", "single-file"])
def test_int8_quantizes_every_linear_and_draws_close_to_full_weights(
    engines: dict[str, Engine], flux: Path, single_file: bool
) -> None:
    model = flux.parent / "flux1-schnell.safetensors" if single_file else flux
    _full, full = _draw(engines["none"], model)
    _other, other_seed = _draw(engines["none"], model, seed=8)
    result, quantized = _draw(engines["int8"], model)
    assert _linear_weight_types(engines["int8"]) == {"Int8Tensor"}  # torchao's, none left full
    assert result.model.quantization == "torchao-int8"
    # int8 rounding moves pixels a little; another seed changes the whole picture.
    assert np.abs(quantized - full).mean() < np.abs(other_seed - full).mean() / 4


def test_metadata_records_int8(engines: dict[str, Engine], flux: Path, tmp_path: Path) -> None:
    result, _pixels = _draw(engines["int8"], flux)
    saved = tmp_path / "fox.png"
    result.image.save(saved, pnginfo=png_info(result.request, result.model, result.device))
    with Image.open(saved) as reopened:
        payload = read_lienzo_payload(dict(reopened.text))
    assert payload is not None and payload["model"]["quantization"] == "torchao-int8"


def test_nf4_on_a_cpu_names_bitsandbytes_and_the_alternatives(
    paths: AppPaths, cpu_plan: DevicePlan, flux: Path
) -> None:
    engine = Engine(paths, replace(cpu_plan, quantize="nf4"))
    with pytest.raises(ModelError) as caught:
        list(engine.generate(flow_request(flux)))
    assert "bitsandbytes" in str(caught.value) and "GGUF" in str(caught.value)
    assert "int8" in str(caught.value)
    assert engine.loaded is None  # nothing loaded


def test_missing_torchao_is_a_clear_message_and_nothing_loads(
    paths: AppPaths, cpu_plan: DevicePlan, flux: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real_import = builtins.__import__

    def no_torchao(name: str, *args: Any, **kwargs: Any) -> Any:
        if name.startswith("torchao"):
            raise ImportError(f"No module named {name!r}")
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_torchao)
    engine = Engine(paths, replace(cpu_plan, quantize="int8"))
    with pytest.raises(ModelError, match="pip install torchao") as caught:
        list(engine.generate(flow_request(flux)))
    assert "GGUF" in str(caught.value)
    assert engine.loaded is None


@pytest.mark.parametrize("stored", ["int8", "nf4"])
def test_the_quantize_setting_is_read(tmp_path: Path, stored: str) -> None:
    path = tmp_path / "settings.json"
    path.write_text(json.dumps({"quantize": stored}), encoding="utf-8")
    assert load_settings(path).quantize == stored


@pytest.mark.parametrize("hostile", ["int4", "", 8, None, "int8; rm -rf", ["nf4"]])
def test_a_hostile_quantize_setting_falls_back_to_none(tmp_path: Path, hostile: object) -> None:
    path = tmp_path / "settings.json"
    path.write_text(json.dumps({"quantize": hostile, "preview": False}), encoding="utf-8")
    settings = load_settings(path)
    assert settings.quantize == "none" and settings.preview is False


def test_the_flag_overrides_the_setting_in_the_device_plan() -> None:
    from studio.core.base.devices import device_plan
    from studio.core.base.settings import Settings

    assert device_plan("cpu", Settings(quantize="int8")).quantize == "int8"
    assert device_plan("cpu", Settings(quantize="int8"), "none").quantize == "none"
    assert device_plan("cpu", Settings()).quantize == "none"


def test_studio_generate_quantize_nf4_on_a_cpu_says_why_and_saves_nothing(
    flux: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from studio.cli.main import main

    args = ["--lang", "en", "generate", "--model", str(flux), "--prompt", "a fox"]
    args += ["--device", "cpu", "--steps", "1", "--width", "64", "--height", "64"]
    assert main([*args, "--out", str(tmp_path), "--quantize", "nf4"]) != 0
    assert "bitsandbytes" in capsys.readouterr().err
    assert not list(tmp_path.iterdir())
    with pytest.raises(SystemExit):  # argparse refuses what it does not know
        main([*args, "--quantize", "int4"])
