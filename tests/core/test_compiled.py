"""Compiled mode compiles on a side thread and is used only once warm, for that size."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from studio.core.base.devices import DevicePlan
from studio.core.base.paths import AppPaths
from studio.core.base.progress import StepProgress
from studio.core.generation.engine import Engine
from studio.core.generation.request import GenerationRequest


def _unet_kinds(engine: Engine, request: GenerationRequest) -> tuple[list[str], Any]:
    kinds: list[str] = []
    loaded = engine.load("demo")

    def spy(_progress: StepProgress) -> None:
        kinds.append(type(loaded.pipeline.unet).__name__)

    result = next(iter(engine.generate(request, spy)))
    return kinds, np.asarray(result.image)


def test_compiled_unet_is_swapped_in_only_when_warm_and_same_size(
    paths: AppPaths, cpu_plan: DevicePlan, demo_request: Callable[..., GenerationRequest]
) -> None:
    # The "eager" backend runs torch.compile's whole machinery without minutes of codegen.
    engine = Engine(paths, cpu_plan, compiled_mode=True, compile_backend="eager")
    first_kinds, first = _unet_kinds(engine, demo_request(steps=2))
    assert set(first_kinds) == {"UNet2DConditionModel"}  # never waits for the compile
    assert engine._compiler is not None
    engine._compiler.wait(timeout=300)
    second_kinds, second = _unet_kinds(engine, demo_request(steps=2))
    assert set(second_kinds) == {"OptimizedModule"}
    assert np.allclose(first, second, atol=2)
    other_size, _ = _unet_kinds(engine, demo_request(steps=2, width=128))
    assert set(other_size) == {"UNet2DConditionModel"}  # would recompile: not used
    engine.unload()


def test_compiled_mode_is_off_by_default(
    engine: Engine, demo_request: Callable[..., GenerationRequest]
) -> None:
    kinds, _ = _unet_kinds(engine, demo_request(steps=1))
    assert set(kinds) == {"UNet2DConditionModel"}
    assert engine._compiler is None


def test_compiled_unet_is_warmed_up_for_the_pipelines_own_calls(
    paths: AppPaths, cpu_plan: DevicePlan, demo_request: Callable[..., GenerationRequest]
) -> None:
    # The warm-up must call the UNet as the pipeline does (positional sample and timestep,
    # inference tensors): otherwise its first real use recompiles, minutes on a GPU.
    import torch

    engine = Engine(paths, cpu_plan, compiled_mode=True, compile_backend="eager")
    _unet_kinds(engine, demo_request(steps=2))
    assert engine._compiler is not None
    engine._compiler.wait(timeout=300)
    torch.compiler.set_stance("fail_on_recompile")
    try:
        kinds, _ = _unet_kinds(engine, demo_request(steps=2))
    finally:
        torch.compiler.set_stance("default")
    assert set(kinds) == {"OptimizedModule"}
    engine.unload()
