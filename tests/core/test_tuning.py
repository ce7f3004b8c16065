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


@pytest.mark.parametrize(("setting", "nhwc"), [(None, True), ("0", False)])
def test_cpu_decodes_in_channels_last_unless_turned_off(
    monkeypatch: pytest.MonkeyPatch, setting: str | None, nhwc: bool
) -> None:
    if setting is None:
        monkeypatch.delenv("LIENZO_CPU_CHANNELS_LAST", raising=False)
    else:
        monkeypatch.setenv("LIENZO_CPU_CHANNELS_LAST", setting)
    threads = torch.get_num_threads()
    pipeline = build_demo_pipeline()
    latents = torch.randn(1, 4, 8, 8)
    with torch.inference_mode():
        before = pipeline.vae.decode(latents).sample
    try:
        applied = tune_pipeline(pipeline, choose_device((CPU,)))
    finally:
        torch.set_num_threads(threads)
    assert ("vae channels_last" in applied) is nhwc
    weight = pipeline.vae.decoder.conv_in.weight
    assert weight.is_contiguous(memory_format=torch.channels_last) is nhwc
    assert not pipeline.unet.conv_in.weight.is_contiguous(memory_format=torch.channels_last)
    with torch.inference_mode():  # the same picture either way
        assert torch.allclose(pipeline.vae.decode(latents).sample, before, atol=1e-4)
