"""img2img through the engine does the work diffusers' img2img pipeline does, no more (issue 17,
target 4): the same number of UNet, VAE and text-encoder calls for every steps × strength, and
the same picture for the same seed."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import numpy as np
import pytest
import torch
from PIL import Image

from studio.core.base.progress import StepProgress
from studio.core.generation.engine import Engine
from studio.core.generation.request import GenerationRequest
from studio.core.generation.samplers import make_scheduler

Factory = Callable[..., GenerationRequest]


@contextmanager
def counted_calls(pipeline: Any) -> Iterator[Counter[str]]:
    """Count forward calls of the UNet, the VAE's encoder and decoder and the text encoder."""
    calls: Counter[str] = Counter()
    modules = {
        "unet": pipeline.unet,
        "vae encoder": pipeline.vae.encoder,
        "vae decoder": pipeline.vae.decoder,
        "text encoder": pipeline.text_encoder,
    }
    hooks = [
        module.register_forward_hook(lambda *_a, name=name: calls.update([name]))
        for name, module in modules.items()
    ]
    try:
        yield calls
    finally:
        for hook in hooks:
            hook.remove()


def _start_picture(folder: Path) -> Path:
    rng = np.random.default_rng(3)
    path = folder / "start.png"
    Image.fromarray(rng.integers(0, 256, (64, 64, 3), dtype=np.uint8)).save(path)
    return path


def _diffusers_img2img(engine: Engine, request: GenerationRequest) -> tuple[Any, Counter[str]]:
    """The same request through a plain diffusers img2img pipeline on the engine's weights."""
    from diffusers import AutoPipelineForImage2Image

    loaded = engine.load(request.model)
    pipe = AutoPipelineForImage2Image.from_pipe(loaded.pipeline)
    pipe.set_progress_bar_config(disable=True)
    pipe.scheduler = make_scheduler(request.sampler, loaded.scheduler_config)
    with counted_calls(pipe) as calls:
        image = pipe(
            prompt=request.prompt,
            image=Image.open(str(request.init_image)).convert("RGB"),
            strength=request.strength,
            num_inference_steps=request.steps,
            guidance_scale=request.guidance,
            generator=torch.Generator("cpu").manual_seed(request.seed or 0),
        ).images[0]
    return image, calls


@pytest.mark.parametrize(
    ("steps", "strength", "denoising_steps"), [(4, 0.5, 2), (3, 0.6, 1), (10, 0.35, 3), (2, 1.0, 2)]
)
def test_img2img_runs_as_many_unet_calls_as_diffusers_and_draws_the_same_picture(
    engine: Engine,
    demo_request: Factory,
    tmp_path: Path,
    steps: int,
    strength: float,
    denoising_steps: int,
) -> None:
    request = demo_request(
        init_image=str(_start_picture(tmp_path)), strength=strength, steps=steps, guidance=5.0
    )
    progress: list[StepProgress] = []
    pipeline = engine.load(request.model).pipeline
    with counted_calls(pipeline) as ours:
        result = next(iter(engine.generate(request, progress.append)))
    theirs_image, theirs = _diffusers_img2img(engine, request)

    # With guidance the two halves (prompt, negative) go through the UNet in one batched call.
    assert ours == theirs
    assert ours["unet"] == denoising_steps  # int(steps × strength), as in diffusers
    assert (ours["vae encoder"], ours["vae decoder"]) == (1, 1)
    assert [p.total_steps for p in progress] == [denoising_steps] * denoising_steps
    difference = np.abs(
        np.asarray(result.image, dtype=np.int16) - np.asarray(theirs_image, dtype=np.int16)
    )
    assert difference.max() <= 1  # the same picture (rounding aside)
