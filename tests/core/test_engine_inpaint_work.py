"""Inpainting through the engine does the work diffusers' inpaint pipeline does, no more (issue
17, target 4): the same UNet, VAE and text-encoder calls for an ordinary (4-channel, latent
blending) and an inpainting (9-channel) UNet, previews on or off, and the same picture inside
the mask; outside it the engine keeps the original's exact pixels."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pytest
import torch
from PIL import Image
from test_engine_img2img_work import counted_calls  # tests/core sibling: the same hooks

from studio.core.generation.engine import Engine
from studio.core.generation.request import GenerationRequest
from studio.core.generation.samplers import make_scheduler

Factory = Callable[..., GenerationRequest]
SIZE = 64


def _picture_and_mask(folder: Path) -> tuple[Path, Path]:
    """A noise picture and a mask over its middle half (a band from 1/4 to 3/4 of the height)."""
    rng = np.random.default_rng(5)
    picture, mask = folder / "start.png", folder / "mask.png"
    Image.fromarray(rng.integers(0, 256, (SIZE, SIZE, 3), dtype=np.uint8)).save(picture)
    band = Image.new("L", (SIZE, SIZE), 0)
    band.paste(255, (0, SIZE // 4, SIZE, SIZE * 3 // 4))
    band.save(mask)
    return picture, mask


def _diffusers_inpaint(engine: Engine, request: GenerationRequest) -> tuple[Any, Counter[str]]:
    """The same request through a plain diffusers inpaint pipeline on the engine's weights."""
    from diffusers import AutoPipelineForInpainting

    loaded = engine.load(request.model)
    scheduler = make_scheduler(request.sampler, loaded.scheduler_config)
    pipe = AutoPipelineForInpainting.from_pipe(loaded.pipeline, scheduler=scheduler)
    pipe.set_progress_bar_config(disable=True)
    inputs = {
        "image": Image.open(str(request.init_image)).convert("RGB"),
        "mask_image": Image.open(str(request.mask)).convert("L"),
        "strength": request.strength,
        "width": request.width,
        "height": request.height,
        "generator": torch.Generator("cpu").manual_seed(request.seed or 0),
    }
    with counted_calls(pipe) as calls:
        image = pipe(
            request.prompt, num_inference_steps=request.steps, guidance_scale=request.guidance,
            **inputs,
        ).images[0]  # fmt: skip
    return image, calls


def _engine_inpaint(
    engine: Engine, request: GenerationRequest, preview: bool
) -> tuple[Image.Image, Counter[str]]:
    pipeline = engine.load(request.model).pipeline
    with counted_calls(pipeline) as calls:
        result = next(iter(engine.generate(request, lambda _p: None, preview=preview)))
    return result.image, calls


@pytest.mark.parametrize(
    ("model", "steps", "strength", "preview", "unet_calls", "encodes"),
    [
        ("demo", 4, 0.5, False, 2, 2),
        ("demo", 3, 1.0, True, 3, 2),
        ("demo-inpaint", 4, 0.75, False, 3, 2),
        ("demo-inpaint", 2, 1.0, True, 2, 1),  # from pure noise: only the masked picture
    ],
)
def test_inpainting_runs_the_calls_diffusers_runs_and_draws_the_same_masked_part(
    engine: Engine,
    demo_request: Factory,
    tmp_path: Path,
    model: str,
    steps: int,
    strength: float,
    preview: bool,
    unet_calls: int,
    encodes: int,
) -> None:
    picture, mask = _picture_and_mask(tmp_path)
    request = demo_request(
        model=model, init_image=str(picture), mask=str(mask), mask_blur=0, strength=strength,
        steps=steps, width=SIZE, height=SIZE, guidance=5.0,
    )  # fmt: skip
    ours_image, ours = _engine_inpaint(engine, request, preview)
    theirs_image, theirs = _diffusers_inpaint(engine, request)

    # Both encode the picture (unless a 9-channel UNet starts from pure noise) and the masked
    # picture (a 4-channel UNet never reads it, but diffusers encodes it all the same), run
    # int(steps × strength) UNet calls and decode once; with guidance the text encoder reads
    # the prompt and the negative prompt.
    assert ours == theirs
    assert ours["unet"] == unet_calls
    assert (ours["vae encoder"], ours["vae decoder"], ours["text encoder"]) == (encodes, 1, 2)
    ours_pixels = np.asarray(ours_image, dtype=np.int16)
    inside = np.asarray(Image.open(mask)) == 255
    difference = np.abs(ours_pixels - np.asarray(theirs_image, dtype=np.int16))
    assert difference[inside].max() <= 1  # the same redrawn part (rounding aside)
    original = np.asarray(Image.open(picture), dtype=np.int16)
    assert np.array_equal(ours_pixels[~inside], original[~inside])  # no VAE round trip outside
