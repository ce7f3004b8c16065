"""Out-of-memory recovery, each rung proven by injecting the fault."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
import pytest
import torch

from studio.core.generation.engine import Engine
from studio.core.generation.recovery import MemoryLadder, OutOfMemory, is_out_of_memory
from studio.core.generation.request import GenerationRequest


class _FlakyPipeline:
    """Wraps a pipeline: fails with out-of-memory until VAE tiling is on, then succeeds."""

    def __init__(self, real: Any, error: BaseException) -> None:
        self._real, self._error, self.calls = real, error, 0

    def __getattr__(self, name: str) -> Any:
        return getattr(self._real, name)

    def __call__(self, **kwargs: Any) -> Any:
        self.calls += 1
        if not self._real.vae.use_tiling:
            raise self._error
        return self._real(**kwargs)


@pytest.mark.parametrize(
    "error",
    [
        torch.OutOfMemoryError("CUDA out of memory. Tried to allocate 2.00 GiB"),
        RuntimeError("MPS backend out of memory (MPS allocated: 8.00 GB)"),
    ],
)
def test_out_of_memory_retries_with_vae_tiling_and_remembers(
    engine: Engine, demo_request: Callable[..., GenerationRequest], error: BaseException
) -> None:
    loaded = engine.load("demo")
    expected = next(iter(engine.generate(demo_request(seed=11))))
    flaky = _FlakyPipeline(loaded.pipeline, error)
    ladder = MemoryLadder()
    try:
        image = ladder.run(
            "demo",
            64,
            64,
            flaky,
            "cpu",
            lambda: flaky(
                prompt="un gato",
                num_inference_steps=3,
                guidance_scale=5.0,
                width=64,
                height=64,
                generator=torch.Generator("cpu").manual_seed(11),
            ).images[0],
        )
        assert flaky.calls == 2
        assert ladder.rung_for("demo", 64, 64) == "vae_tiling"
        assert np.array_equal(np.asarray(image), np.asarray(expected.image))
    finally:
        loaded.pipeline.vae.disable_tiling()
        loaded.pipeline.vae.disable_slicing()


def test_when_nothing_fits_the_user_is_told_a_smaller_size() -> None:
    ladder = MemoryLadder()

    def attempt() -> None:
        raise torch.OutOfMemoryError("CUDA out of memory")

    with pytest.raises(OutOfMemory) as caught:
        ladder.run("m", 1024, 1024, object(), "cpu", attempt)
    assert "Try 704×704" in caught.value.en and "Prueba 704×704" in caught.value.es


def test_other_errors_are_not_mistaken_for_memory() -> None:
    assert not is_out_of_memory(RuntimeError("expected 3 channels"))
    assert is_out_of_memory(
        RuntimeError("DefaultCPUAllocator: not enough memory: failed to allocate")
    )

    def attempt() -> None:
        raise ValueError("bad shape")

    with pytest.raises(ValueError, match="bad shape"):
        MemoryLadder().run("m", 64, 64, object(), "cpu", attempt)
