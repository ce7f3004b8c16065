"""The bfloat16 CPU path (CPUs with AMX): reproducible, and the final decode in float32."""

from __future__ import annotations

from collections.abc import Callable, Iterator

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


def test_bfloat16_full_decode_runs_in_float32(
    bf16_engine: Engine,
    demo_request: Callable[..., GenerationRequest],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from studio.core.generation import engine as engine_module

    seen: list[bool] = []
    real = engine_module.decode_latents

    def spy(vae: object, latents: object, force_float32: bool = False) -> object:
        seen.append(force_float32)
        return real(vae, latents, force_float32)

    monkeypatch.setattr(engine_module, "decode_latents", spy)
    next(iter(bf16_engine.generate(demo_request(seed=4))))
    next(iter(bf16_engine.generate(demo_request(seed=4, draft=True))))
    assert seen == [True, False]  # full decode in float32; the draft keeps bfloat16
