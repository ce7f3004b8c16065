"""Single-file checkpoints load fully offline from the configs shipped with the app."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from ldm_layout import write_sd1_single_file

from studio.core.base.devices import DevicePlan
from studio.core.base.errors import ModelError
from studio.core.base.paths import AppPaths
from studio.core.models import loader
from studio.core.models.demo import demo_model_dir
from studio.core.models.loader import load_model
from studio.core.models.single_file import shipped_families, single_file_config_dir
from studio.core.models.source import resolve_model

A_PHOTO_OF_A_CAT = [49406, 320, 1125, 539, 320, 2368, 49407]  # what OpenAI's CLIP gives


@pytest.mark.parametrize("family", ["sd1", "sd2", "sd-turbo", "sdxl", "sdxl-turbo"])
def test_shipped_tokenizers_are_the_real_clip_vocabulary(family: str, tmp_path: Path) -> None:
    from transformers import CLIPTokenizer

    folder = single_file_config_dir(family, tmp_path)
    for name in ("tokenizer", "tokenizer_2"):
        if (folder / name).is_dir():
            tokenizer = CLIPTokenizer.from_pretrained(folder / name)
            assert tokenizer("a photo of a cat").input_ids == A_PHOTO_OF_A_CAT
            assert len(tokenizer) == 49408


@pytest.mark.parametrize(
    ("family", "unet_params", "text_params"),
    [("sd1", 859_520_964, 123_060_480), ("sdxl", 2_567_463_684, 123_060_480)],
)
def test_shipped_configs_describe_the_published_architectures(
    family: str, unet_params: int, text_params: int, tmp_path: Path
) -> None:
    import torch
    from diffusers import AutoencoderKL, UNet2DConditionModel
    from transformers import CLIPTextConfig, CLIPTextModel

    folder = single_file_config_dir(family, tmp_path)
    with torch.device("meta"):  # shapes only: no memory, no weights
        unet = UNet2DConditionModel.from_config(UNet2DConditionModel.load_config(folder / "unet"))
        vae = AutoencoderKL.from_config(AutoencoderKL.load_config(folder / "vae"))
        text = CLIPTextModel(CLIPTextConfig.from_pretrained(folder / "text_encoder"))
    count = lambda model: sum(p.numel() for p in model.parameters())  # noqa: E731
    assert (count(unet), count(vae), count(text)) == (unet_params, 83_653_863, text_params)


def test_unknown_family_has_a_clear_message(tmp_path: Path) -> None:
    with pytest.raises(ModelError, match="No offline configuration") as caught:
        single_file_config_dir("flux", tmp_path)
    assert "sd1" in caught.value.es and not (tmp_path / "model_configs").exists()
    assert {"sd1", "sd2", "sdxl"} <= set(shipped_families())


def _demo_config(paths: AppPaths, target: Path) -> Path:
    """The demo model's configs and tokenizer, without its weights."""
    demo = demo_model_dir(paths.models_cache)
    shutil.copytree(demo, target, ignore=shutil.ignore_patterns("*.safetensors"))
    return target


def test_converted_single_file_loads_offline_and_draws_like_the_original(
    paths: AppPaths, cpu_plan: DevicePlan, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from diffusers import StableDiffusionPipeline

    demo = StableDiffusionPipeline.from_pretrained(
        demo_model_dir(paths.models_cache), safety_checker=None, requires_safety_checker=False
    )
    folder = tmp_path / "Imágenes" / "Modelos"
    folder.mkdir(parents=True)
    checkpoint = write_sd1_single_file(demo, folder / "mi_modelo.safetensors")
    source = resolve_model(str(checkpoint))
    assert (source.kind, source.family.key) == ("single_file", "sd1")
    # The real sd1 configs describe an 860M-parameter UNet; the demo's own fit its weights.
    config = _demo_config(paths, tmp_path / "config")
    monkeypatch.setattr(loader, "single_file_config_dir", lambda family, cache: config)
    loaded = load_model(source, cpu_plan, paths)
    assert _draw(loaded.pipeline) == pytest.approx(_draw(demo), abs=1e-5)


def _draw(pipeline: Any) -> list[float]:
    import torch

    image = pipeline(
        "un gato",
        num_inference_steps=2,
        height=64,
        width=64,
        generator=torch.Generator().manual_seed(3),
        output_type="np",
    ).images[0]
    return np.asarray(image, dtype=float).ravel().tolist()


def test_loader_gives_from_single_file_the_shipped_config_and_no_hub(
    paths: AppPaths, cpu_plan: DevicePlan, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from diffusers import StableDiffusionXLPipeline
    from safetensors.numpy import save_file

    checkpoint = tmp_path / "xl.safetensors"
    key = "conditioner.embedders.1.model.ln_final.weight"
    save_file({key: np.zeros(4, dtype=np.float32)}, str(checkpoint))
    seen: dict[str, Any] = {}

    def fake_from_single_file(path: str, **kwargs: Any) -> Any:
        seen.update(kwargs)
        raise ValueError("shapes do not match")

    monkeypatch.setattr(StableDiffusionXLPipeline, "from_single_file", fake_from_single_file)
    with pytest.raises(ModelError, match="Could not load xl as a Stable Diffusion XL") as caught:
        load_model(resolve_model(str(checkpoint)), cpu_plan, paths)
    assert "otro tipo de modelo" in caught.value.es
    assert seen["local_files_only"] is True
    assert (Path(seen["config"]) / "tokenizer_2" / "vocab.json").is_file()
