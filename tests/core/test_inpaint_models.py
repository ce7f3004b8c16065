"""Dedicated (9-channel) inpainting models next to ordinary ones, and the outpainting fill."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest
from ldm_layout import write_sd1_single_file
from PIL import Image

from studio.core.base.devices import DevicePlan
from studio.core.base.paths import AppPaths
from studio.core.generation.engine import Engine
from studio.core.generation.inpaint import OUTPAINT_OVERLAP, prepare_inpaint
from studio.core.generation.masks import feathered
from studio.core.generation.request import GenerationRequest
from studio.core.models import loader
from studio.core.models.demo import demo_model_dir
from studio.core.models.loader import load_model
from studio.core.models.single_file import unet_in_channels
from studio.core.models.source import resolve_model

Factory = Callable[..., GenerationRequest]


@pytest.fixture
def photo(tmp_path: Path) -> Path:
    rng = np.random.default_rng(5)
    path = tmp_path / "foto.png"
    Image.fromarray(rng.integers(0, 255, (64, 64, 3), dtype=np.uint8)).save(path)
    return path


@pytest.fixture
def mask(tmp_path: Path) -> Path:
    image = Image.new("L", (64, 64), 0)
    image.paste(255, (16, 24, 44, 48))
    path = tmp_path / "mascara.png"
    image.save(path)
    return path


def test_the_channels_of_the_unet_tell_an_inpainting_model(paths: AppPaths) -> None:
    assert unet_in_channels(demo_model_dir(paths.models_cache)) == 4
    assert unet_in_channels(demo_model_dir(paths.models_cache, inpainting=True)) == 9


@pytest.mark.parametrize("inpainting", [False, True], ids=["blending", "inpainting-model"])
def test_both_kinds_of_model_redraw_only_the_mask(
    engine: Engine,
    demo_request: Factory,
    paths: AppPaths,
    photo: Path,
    mask: Path,
    inpainting: bool,
) -> None:
    model = str(demo_model_dir(paths.models_cache, inpainting=True)) if inpainting else "demo"
    request = demo_request(
        model=model, init_image=str(photo), mask=str(mask), strength=0.9, steps=2
    )
    result = next(iter(engine.generate(request)))
    assert engine.load(model).inpainting is inpainting
    original = np.asarray(Image.open(photo).convert("RGB"))
    changed = (np.asarray(result.image) != original).any(-1)
    soft = np.asarray(feathered(Image.open(mask).convert("L"), request.mask_blur))
    assert changed[24:48, 16:44].mean() > 0.9
    assert not changed[soft == 0].any()  # identical wherever the feathered mask is zero


def test_an_inpainting_model_also_draws_without_a_mask(
    engine: Engine, demo_request: Factory, paths: AppPaths
) -> None:
    model = str(demo_model_dir(paths.models_cache, inpainting=True))
    result = next(iter(engine.generate(demo_request(model=model, steps=2))))
    pixels = np.asarray(result.image, dtype=float)
    assert result.image.size == (64, 64)
    assert np.abs(pixels - 127).mean() > 5  # drawn, not the grey canvas it started from


def test_an_inpainting_single_file_loads_with_a_nine_channel_unet(
    paths: AppPaths, cpu_plan: DevicePlan, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from diffusers import StableDiffusionPipeline

    folder = demo_model_dir(paths.models_cache, inpainting=True)
    demo = StableDiffusionPipeline.from_pretrained(
        folder, safety_checker=None, requires_safety_checker=False
    )
    checkpoint = write_sd1_single_file(demo, tmp_path / "relleno-inpainting.safetensors")
    assert unet_in_channels(checkpoint) == 9
    # The real sd1 configs describe an 860M-parameter UNet; the demo's own fit its weights.
    config = tmp_path / "config"
    shutil.copytree(folder, config, ignore=shutil.ignore_patterns("*.safetensors"))
    asked: list[str] = []
    monkeypatch.setattr(loader, "inpainting_config_dir", lambda f, c: asked.append(f) or config)
    loaded = load_model(resolve_model(str(checkpoint)), cpu_plan, paths)
    assert asked == ["sd1"] and loaded.inpainting
    assert loaded.pipeline.unet.conv_in.weight.shape[1] == 9


def test_a_file_that_is_not_a_model_has_no_channel_count(tmp_path: Path) -> None:
    junk = tmp_path / "junk.safetensors"
    junk.write_bytes(b"\xff" * 64)
    assert unet_in_channels(junk) is None
    assert unet_in_channels(tmp_path) is None  # a folder with no unet/config.json


def test_outpainting_starts_the_new_area_from_noisy_edges(
    demo_request: Factory, tmp_path: Path
) -> None:
    flat = tmp_path / "plano.png"
    Image.new("RGB", (64, 64), (40, 120, 200)).save(flat)
    request = demo_request(init_image=str(flat), outpaint=(0, 0, 64, 0), seed=3)
    job = prepare_inpaint(request)
    canvas = np.asarray(job.canvas, dtype=float)
    assert canvas.shape == (64, 128, 3)
    assert (canvas[:, :64] == (40, 120, 200)).all()  # the picture itself is untouched
    band = canvas[:, 64:]
    assert band.std(axis=(0, 1)).min() > 10  # texture, not a flat smear of the edge colour
    assert np.abs(band.mean(axis=(0, 1)) - (40, 120, 200)).max() < 12  # still its colours
    # The seam is redrawn: the mask reaches into the picture, the blend fades there.
    mask = np.asarray(job.mask)
    assert (mask[:, 64 - OUTPAINT_OVERLAP :] == 255).all() and (mask[:, : 64 - 32] == 0).all()
    again = np.asarray(prepare_inpaint(request).canvas)
    assert (again == canvas).all()  # the same seed, the same fill


@pytest.mark.parametrize("masked_area_only", [True, False], ids=["masked-area-only", "whole"])
def test_previews_of_the_masked_area_only_show_the_whole_picture(
    engine: Engine, demo_request: Factory, tmp_path: Path, masked_area_only: bool
) -> None:
    """Either way, the user watches only the masked part change: the rest stays as it is."""
    from studio.core.base.progress import StepProgress

    pixels = np.zeros((64, 128, 3), dtype=np.uint8)
    pixels[:, :64] = np.random.default_rng(2).integers(0, 255, (64, 64, 3))
    pixels[:, 64:] = (200, 30, 30)
    photo, mask = tmp_path / "foto.png", Image.new("L", (128, 64), 0)
    Image.fromarray(pixels).save(photo)
    mask.paste(255, (4, 4, 20, 20))
    mask.save(tmp_path / "mascara.png")
    request = demo_request(
        init_image=str(photo), mask=str(tmp_path / "mascara.png"), width=128, height=64,
        strength=0.9, steps=2, inpaint_full_res=masked_area_only, inpaint_padding=4,
    )  # fmt: skip
    previews: list[Image.Image] = []

    def on_step(progress: StepProgress) -> None:
        if progress.preview is not None:
            previews.append(progress.preview)

    list(engine.generate(request, on_step, preview=True))
    assert previews
    for preview in previews:
        # The crop is 32×16 picture pixels (4×2 latents): the preview is the whole picture.
        assert abs(preview.width / preview.height - 2) < 0.1
        assert preview.width > 16 or not masked_area_only
        right = np.asarray(preview.convert("RGB"), dtype=float)[:, -preview.width // 4 :]
        assert np.abs(right - (200, 30, 30)).max() < 4  # the untouched part, as it is


def test_a_folder_saved_as_an_inpaint_pipeline_loads_and_inpaints(
    engine: Engine, demo_request: Factory, photo: Path, mask: Path, tmp_path: Path
) -> None:
    """The catalog's inpainting repos name StableDiffusionInpaintPipeline in model_index.json."""
    from diffusers import StableDiffusionInpaintPipeline

    from studio.core.models.demo import build_demo_pipeline

    folder = tmp_path / "sd15-inpainting"
    StableDiffusionInpaintPipeline(**build_demo_pipeline(9).components).save_pretrained(folder)
    request = demo_request(model=str(folder), init_image=str(photo), mask=str(mask), steps=2)
    result = next(iter(engine.generate(request)))
    assert engine.load(str(folder)).inpainting
    original = np.asarray(Image.open(photo).convert("RGB"))
    changed = (np.asarray(result.image) != original).any(-1)
    soft = np.asarray(feathered(Image.open(mask).convert("L"), request.mask_blur))
    assert changed[24:48, 16:44].mean() > 0.9 and not changed[soft == 0].any()
