"""The bfloat16 CPU path (CPUs with AMX): reproducible, the final decode in bfloat16 too, and
in float32 again when a bfloat16 decode overflows."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import numpy as np
import pytest
import torch

from studio.core.base.devices import FoundDevice, choose_device
from studio.core.base.paths import AppPaths
from studio.core.generation.engine import Engine
from studio.core.generation.request import GenerationRequest


@pytest.fixture(scope="module")
def bf16_engine(paths: AppPaths) -> Iterator[Engine]:
    with pytest.MonkeyPatch.context() as patch:
        patch.delenv("LIENZO_CPU_DTYPE")
        plan = choose_device((FoundDevice("cpu", "Xeon", 24.0, fast_bfloat16=True),))
    engine = Engine(paths, plan)
    yield engine
    engine.unload()


def test_bfloat16_model_gives_the_same_picture_for_the_same_seed(
    bf16_engine: Engine, demo_request: Callable[..., GenerationRequest]
) -> None:
    first = next(iter(bf16_engine.generate(demo_request(seed=4))))
    again = next(iter(bf16_engine.generate(demo_request(seed=4))))
    loaded = bf16_engine.loaded
    assert loaded is not None and loaded.pipeline.unet.dtype == torch.bfloat16
    assert first.device == "CPU · bfloat16"
    assert np.array_equal(np.asarray(first.image), np.asarray(again.image))
    assert loaded.pipeline.vae.dtype == torch.bfloat16  # upcast only while decoding


def test_bfloat16_full_decode_stays_in_bfloat16_like_diffusers(
    bf16_engine: Engine,
    demo_request: Callable[..., GenerationRequest],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from studio.core.generation import engine as engine_module

    seen: list[tuple[bool, torch.dtype]] = []
    real = engine_module.decode_latents

    def spy(vae: Any, latents: Any, force_float32: bool = False) -> Any:
        pixels = real(vae, latents, force_float32)
        seen.append((force_float32, pixels.dtype))
        return pixels

    monkeypatch.setattr(engine_module, "decode_latents", spy)
    full = next(iter(bf16_engine.generate(demo_request(seed=4))))
    next(iter(bf16_engine.generate(demo_request(seed=4, draft=True))))
    assert seen == [(False, torch.bfloat16), (False, torch.bfloat16)]
    assert np.asarray(full.image).std() > 0


def test_bfloat16_decode_that_overflows_to_inf_is_redone_in_float32(
    bf16_engine: Engine,
    demo_request: Callable[..., GenerationRequest],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    loaded = bf16_engine.load("demo")
    vae = loaded.pipeline.vae
    real_decode = vae.decode
    decoded_in: list[torch.dtype] = []

    def overflowing_in_bfloat16(latents: Any, return_dict: bool = True) -> Any:
        decoded_in.append(vae.dtype)
        out = real_decode(latents, return_dict=return_dict)
        if vae.dtype == torch.bfloat16:
            out[0].fill_(float("inf"))
        return out

    monkeypatch.setattr(vae, "decode", overflowing_in_bfloat16)
    try:
        result = next(iter(bf16_engine.generate(demo_request(seed=4))))
    finally:
        loaded.vae_needs_float32 = False
        (bf16_engine.paths.cache / "float32_vae_models.json").unlink(missing_ok=True)
    assert decoded_in == [torch.bfloat16, torch.float32]
    assert vae.dtype == torch.bfloat16  # upcast only for that decode
    picture = np.asarray(result.image)
    assert picture.std() > 0 and 0 < picture.mean() < 255  # a picture, not white or black
