"""The preflight measures a step and both decoders, and turns them into a per-image estimate."""

from __future__ import annotations

import pytest

from studio.core.base.devices import DevicePlan
from studio.core.base.errors import set_language
from studio.core.models import preflight
from studio.core.models.demo import build_demo_pipeline


def test_preflight_reports_step_decode_and_estimate(
    monkeypatch: pytest.MonkeyPatch, cpu_plan: DevicePlan
) -> None:
    # The real-size builders take a minute on CPU; the demo's tiny parts have the same shapes
    # of inputs, so the measuring code is exercised end to end.
    tiny = build_demo_pipeline()
    monkeypatch.setattr(preflight, "build_unet", lambda _family: tiny.unet)
    monkeypatch.setattr(preflight, "build_vae", lambda: tiny.vae)
    monkeypatch.setattr(preflight, "build_tiny_vae", lambda: tiny.vae)
    monkeypatch.setattr(preflight, "unet_inputs", _demo_inputs)
    report = preflight.run_preflight("sd1", 128, 128, cpu_plan, steps=20)
    assert report.seconds_per_step > 0 and report.decode_seconds > 0
    assert report.image_seconds == pytest.approx(
        20 * report.seconds_per_step + report.decode_seconds
    )
    assert report.peak_memory_gb > 0
    assert f"20 steps on {cpu_plan.label}" in report.summary()
    set_language("es")
    try:
        assert f"20 pasos en {cpu_plan.label}" in report.summary()
    finally:
        set_language("en")


def _demo_inputs(_family: str, width: int, height: int, batch: int) -> dict[str, object]:
    import torch

    return {
        "sample": torch.randn(batch, 4, height // 8, width // 8),
        "timestep": torch.tensor(999),
        "encoder_hidden_states": torch.randn(batch, 77, 32),
    }
