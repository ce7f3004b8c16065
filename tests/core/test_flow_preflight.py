"""`studio benchmark --family flux|sd3`: real-width blocks timed and counted up to the model."""

from __future__ import annotations

import pytest
import torch

from studio.core.models import preflight
from studio.core.models.preflight import PreflightReport
from studio.core.models.reference import (
    FLOW_ARCHITECTURE,
    FLOW_BLOCKS,
    T5_XXL_LAYERS,
    build_flow_transformer,
    build_t5_xxl,
)


def _size(module: torch.nn.Module) -> int:
    # Parameters and buffers: SD 3's 384×384 position table is a buffer of 0.23B numbers.
    return sum(t.numel() for t in (*module.parameters(), *module.buffers()))


@pytest.mark.parametrize(
    ("family", "published"),
    [("flux-schnell", 11.9e9), ("flux-dev", 11.9e9), ("sd3", 2.47e9), ("sd3-turbo", 8.06e9)],
)
def test_the_blocks_counted_up_make_the_published_model_size(family: str, published: float) -> None:
    with torch.device("meta"):  # shapes only: no memory, no time
        model = build_flow_transformer(family)
    blocks = [
        (getattr(model, name)[index], count)
        for name, index, count in FLOW_BLOCKS[FLOW_ARCHITECTURE[family]]
    ]
    whole = _size(model) + sum(_size(block) * (count - 1) for block, count in blocks)
    assert whole == pytest.approx(published, rel=0.02)


def test_two_t5_layers_counted_up_make_t5_xxl() -> None:
    with torch.device("meta"):
        t5 = build_t5_xxl(2)
    whole = _size(t5) + _size(t5.encoder.block[1]) * (T5_XXL_LAYERS - 2)
    assert whole == pytest.approx(4.76e9, rel=0.02)


def test_each_timed_block_counts_as_many_times_as_the_model_has_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    clock = [0.0]

    class Costs(torch.nn.Module):
        def __init__(self, seconds: float) -> None:
            super().__init__()
            self.seconds = seconds

        def forward(self, x: torch.Tensor) -> torch.Tensor:
            clock[0] += self.seconds  # a fake clock: what this part "costs"
            return x

    double, single, rest = Costs(2.0), Costs(1.0), Costs(0.5)
    model = torch.nn.Sequential(rest, double, single)
    monkeypatch.setattr(preflight, "_now", lambda _device: clock[0])
    seconds = preflight._time_extrapolated(
        model, lambda m: m(torch.zeros(1)), [(double, 19), (single, 38)], "cpu", torch.float32
    )
    assert seconds == pytest.approx(0.5 + 19 * 2.0 + 38 * 1.0)


def test_an_extrapolated_report_counts_the_text_encoders_and_says_it_is_an_estimate() -> None:
    report = PreflightReport(
        "flux-schnell", 512, 512, 4, "CPU", 100.0, 10.0, 1.0, 4.0, 20.0, extrapolated=True
    )
    assert report.image_seconds == pytest.approx(20.0 + 4 * 100.0 + 10.0)
    assert "estimate" in report.summary() and "FLUX.1 schnell" in report.summary()


def test_studio_benchmark_family_flux_measures_flux_schnell_at_its_size(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from studio.cli.main import main
    from studio.core.models import library

    asked: list[tuple[str, tuple[int, int] | None]] = []

    def measure(_paths, _plan, family, size, _steps, _on_phase):  # type: ignore[no-untyped-def]
        asked.append((family, size))
        return PreflightReport(family, *size, 4, "CPU", 9.0, 2.0, 0.5, 3.0, 1.0, True)

    monkeypatch.setattr(library, "measure_family", measure)
    assert main(["benchmark", "--family", "flux", "--device", "cpu"]) == 0
    assert asked == [("flux-schnell", (1024, 1024))]
    assert "an estimate" in capsys.readouterr().out
