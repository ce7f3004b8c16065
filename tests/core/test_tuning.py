"""Device tuning applies the right settings for each kind of device."""

from __future__ import annotations

import pytest
import torch

from studio.core.base.devices import FoundDevice, choose_device
from studio.core.models.demo import build_demo_pipeline
from studio.core.models.tuning import cpu_threads, tune_pipeline

CPU = FoundDevice("cpu", "Test CPU", 16.0)


def test_cuda_gets_tf32_and_channels_last() -> None:
    previous = torch.get_float32_matmul_precision()
    pipeline = build_demo_pipeline()
    plan = choose_device((FoundDevice("cuda", "RTX", 12.0), CPU))
    try:
        assert tune_pipeline(pipeline, plan) == ["tf32", "channels_last"]
        assert torch.get_float32_matmul_precision() == "high"
    finally:
        torch.set_float32_matmul_precision(previous)
    weight = pipeline.unet.conv_in.weight
    assert weight.is_contiguous(memory_format=torch.channels_last)


@pytest.mark.parametrize(("memory", "sliced"), [(16.0, True), (128.0, False)])
def test_mps_slices_attention_below_64_gb(memory: float, sliced: bool) -> None:
    pipeline = build_demo_pipeline()
    plan = choose_device((FoundDevice("mps", "Apple Silicon", memory), CPU))
    assert ("attention_slicing" in tune_pipeline(pipeline, plan)) is sliced


def test_cpu_thread_override(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LIENZO_THREADS", "3")
    assert cpu_threads() == 3
    monkeypatch.setenv("LIENZO_THREADS", "muchos")
    assert cpu_threads() == torch.get_num_threads()
