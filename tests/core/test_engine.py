"""The engine on the demo model: progress, seeds, reproducibility, cancel, img2img."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from studio.core.base.devices import DevicePlan
from studio.core.base.errors import GenerationCancelled, ImageInputError
from studio.core.base.paths import AppPaths
from studio.core.base.progress import CancelToken, StepProgress
from studio.core.generation.engine import Engine, GeneratedImage
from studio.core.generation.request import MAX_SEED, GenerationRequest

Factory = Callable[..., GenerationRequest]


def _pixels(result: GeneratedImage) -> np.ndarray:
    return np.asarray(result.image)


def test_generates_an_image_of_the_requested_size_with_progress_each_step(
    engine: Engine, demo_request: Factory
) -> None:
    steps: list[StepProgress] = []
    results = list(
        engine.generate(demo_request(width=96, height=64, steps=3), steps.append, preview=True)
    )  # 3 steps: cheap 1/8-size previews only (the tiny autoencoder's come every 4th step)
    assert len(results) == 1
    assert results[0].image.size == (96, 64)
    assert [(p.step, p.total_steps) for p in steps] == [(1, 3), (2, 3), (3, 3)]
    assert all(p.preview is not None and p.preview.size == (12, 8) for p in steps)
    assert results[0].request.seed == 7
    assert results[0].device == engine.plan.label


def test_same_seed_gives_identical_pixels_and_another_seed_does_not(
    engine: Engine, demo_request: Factory
) -> None:
    first = next(iter(engine.generate(demo_request(seed=42))))
    again = next(iter(engine.generate(demo_request(seed=42))))
    other = next(iter(engine.generate(demo_request(seed=43))))
    assert np.array_equal(_pixels(first), _pixels(again))
    assert not np.array_equal(_pixels(first), _pixels(other))


def test_batch_uses_consecutive_seeds_and_each_image_reproduces_alone(
    engine: Engine, demo_request: Factory
) -> None:
    batch = list(engine.generate(demo_request(seed=100, count=3, steps=2)))
    assert [r.request.seed for r in batch] == [100, 101, 102]
    alone = next(iter(engine.generate(demo_request(seed=102, steps=2))))
    assert np.array_equal(_pixels(batch[2]), _pixels(alone))


def test_random_seed_is_reported(engine: Engine, demo_request: Factory) -> None:
    result = next(iter(engine.generate(demo_request(seed=None, steps=1))))
    assert isinstance(result.request.seed, int)
    replay = next(iter(engine.generate(demo_request(seed=result.request.seed, steps=1))))
    assert np.array_equal(_pixels(result), _pixels(replay))


def test_seeds_from_other_tools_up_to_2_64_minus_1_work(
    engine: Engine, demo_request: Factory
) -> None:
    result = next(iter(engine.generate(demo_request(seed=MAX_SEED, steps=1))))
    assert result.request.seed == MAX_SEED


@pytest.mark.parametrize(
    "sampler", ["Euler", "DPM++ 2M", "DPM++ 2M Karras", "DDIM", "UniPC", "LCM"]
)
def test_every_sampler_runs(engine: Engine, demo_request: Factory, sampler: str) -> None:
    result = next(iter(engine.generate(demo_request(sampler=sampler, steps=2))))
    assert result.request.sampler == sampler
    assert result.image.size == (64, 64)


def test_cancel_stops_within_one_step_and_produces_no_image(
    engine: Engine, demo_request: Factory
) -> None:
    token = CancelToken()
    seen: list[int] = []

    def cancel_after_second(progress: StepProgress) -> None:
        seen.append(progress.step)
        if progress.step == 2:
            token.cancel()

    produced = []
    with pytest.raises(GenerationCancelled):
        for result in engine.generate(demo_request(steps=10, count=2), cancel_after_second, token):
            produced.append(result)
    assert seen == [1, 2]
    assert produced == []


def test_img2img_changes_the_input_and_shares_the_loaded_model(
    engine: Engine, demo_request: Factory, tmp_path: Path
) -> None:
    source = tmp_path / "foto.png"
    Image.new("RGB", (80, 80), (200, 30, 30)).save(source)
    steps: list[StepProgress] = []
    request = demo_request(init_image=str(source), strength=0.5, steps=4)
    result = next(iter(engine.generate(request, steps.append)))
    assert result.image.size == (64, 64)
    assert [p.total_steps for p in steps] == [2, 2]  # int(4 × 0.5) steps actually run
    loaded = engine.loaded
    assert loaded is not None
    assert loaded.pipeline_for(img2img=True).unet is loaded.pipeline.unet


@pytest.mark.parametrize("mode", ["RGBA", "CMYK", "L", "P", "I;16", "LA"])
def test_img2img_accepts_any_image_mode(
    engine: Engine, demo_request: Factory, tmp_path: Path, mode: str
) -> None:
    source = tmp_path / ("in.tiff" if mode in ("CMYK", "I;16") else "in.png")
    Image.new(mode, (70, 50)).save(source)
    result = next(iter(engine.generate(demo_request(init_image=str(source), strength=0.5))))
    assert result.image.mode == "RGB"
    assert result.image.size == (64, 64)


def test_img2img_with_a_broken_file_says_so(
    engine: Engine, demo_request: Factory, tmp_path: Path
) -> None:
    source = tmp_path / "notas.png"
    source.write_text("esto no es una imagen")
    with pytest.raises(ImageInputError, match="not an image"):
        list(engine.generate(demo_request(init_image=str(source))))


def test_prompt_longer_than_77_tokens_is_used_whole_not_cut(
    engine: Engine, demo_request: Factory
) -> None:
    prompt = "un faro al atardecer " * 8  # the demo tokenizer has one token per character
    whole = next(iter(engine.generate(demo_request(prompt=prompt, steps=1))))
    cut = next(iter(engine.generate(demo_request(prompt=prompt[:75], steps=1))))
    assert whole.warnings == ()
    assert not np.array_equal(_pixels(whole), _pixels(cut))


def test_weighted_prompt_changes_the_picture(engine: Engine, demo_request: Factory) -> None:
    plain = next(iter(engine.generate(demo_request(prompt="un gato al sol", steps=1))))
    weighted = next(iter(engine.generate(demo_request(prompt="un (gato:1.5) al sol", steps=1))))
    assert not np.array_equal(_pixels(plain), _pixels(weighted))


def test_tiny_autoencoder_preview_every_fourth_step_but_not_the_last(
    engine: Engine, demo_request: Factory
) -> None:
    steps: list[StepProgress] = []
    list(engine.generate(demo_request(width=96, height=64, steps=8), steps.append, preview=True))
    sizes = [p.preview.size for p in steps if p.preview]
    assert sizes == [(12, 8)] * 3 + [(96, 64)] + [(12, 8)] * 4


def test_the_first_load_runs_no_full_garbage_collection_but_a_model_switch_does(
    paths: AppPaths, cpu_plan: DevicePlan, engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A full collection right after torch and diffusers were imported holds the GIL ~0.2 s,
    # a stall of the window, and frees nothing when no model was loaded before.
    import studio.core.generation.recovery as recovery

    collections: list[int] = []
    monkeypatch.setattr(recovery.gc, "collect", lambda *a: collections.append(1) or 0)
    fresh = Engine(paths, cpu_plan)
    fresh.load("demo")
    assert collections == []
    fresh.load("demo-inpaint")  # the demo model is freed first
    assert collections == [1]
