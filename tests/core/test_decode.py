"""Draft (tiny autoencoder) decode and the float32 retry when a decode comes out NaN."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
import pytest
import torch

from studio.core.generation import engine as engine_module
from studio.core.generation.engine import Engine
from studio.core.generation.request import GenerationRequest

Factory = Callable[..., GenerationRequest]


def test_draft_uses_the_tiny_decoder_same_size_other_pixels(
    engine: Engine, demo_request: Factory
) -> None:
    full = next(iter(engine.generate(demo_request(seed=3))))
    draft = next(iter(engine.generate(demo_request(seed=3, draft=True))))
    assert draft.image.size == full.image.size == (64, 64)
    assert not np.array_equal(np.asarray(draft.image), np.asarray(full.image))
    assert draft.warnings == ()
    assert draft.request.draft and draft.request.to_dict()["draft"] is True


def test_nan_decode_is_redone_in_float32_and_remembered(
    engine: Engine, demo_request: Factory, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = engine_module.decode_latents
    calls: list[bool] = []

    def overflowing_fp16(vae: Any, latents: Any, force_float32: bool = False) -> Any:
        calls.append(force_float32)
        pixels = real(vae, latents, force_float32)
        return pixels if force_float32 else torch.full_like(pixels, float("nan"))

    monkeypatch.setattr(engine_module, "decode_latents", overflowing_fp16)
    loaded = engine.load("demo")
    try:
        first = next(iter(engine.generate(demo_request(seed=9))))
        second = next(iter(engine.generate(demo_request(seed=9))))
        remembered = (engine.paths.cache / "float32_vae_models.json").read_text()
    finally:
        loaded.vae_needs_float32 = False
        (engine.paths.cache / "float32_vae_models.json").unlink(missing_ok=True)
    assert calls == [False, True, True]  # retried once, then float32 straight away
    assert loaded.stamp.hash in remembered  # and remembered for the next session
    assert np.asarray(first.image).std() > 0  # a real picture, not a black square
    assert np.array_equal(np.asarray(first.image), np.asarray(second.image))
