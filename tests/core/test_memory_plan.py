"""Memory is planned before the first run: tiling or offload chosen from free memory."""

from __future__ import annotations

from pathlib import Path

import pytest

from studio.core.base.devices import FoundDevice, choose_device
from studio.core.generation.memory_plan import first_rung
from studio.core.generation.recovery import MemoryLadder

CPU = FoundDevice("cpu", "CPU", 16.0)
GPU = choose_device((FoundDevice("cuda", "RTX 3060", 12.0), CPU))
CPU_PLAN = choose_device((CPU,))


@pytest.mark.parametrize(
    ("family", "size", "plan", "free_gb", "rung"),
    [
        ("sd1", 512, GPU, 11.0, "as_is"),
        ("sdxl", 1024, GPU, 11.0, "as_is"),
        ("sdxl", 2048, GPU, 11.0, "vae_tiling"),  # 4 MP decode needs ~9 GB in fp16
        ("sdxl", 1024, GPU, 4.0, "cpu_offload"),  # weights alone do not fit
        ("sd-turbo", 512, CPU_PLAN, 20.0, "as_is"),
        ("sdxl", 2048, CPU_PLAN, 20.0, "vae_tiling"),  # no offload on CPU: tile instead
        ("sd1", 512, GPU, None, "as_is"),  # unknown free memory: try as is
    ],
)
def test_first_rung_follows_free_memory(
    family: str, size: int, plan: object, free_gb: float | None, rung: str
) -> None:
    assert first_rung(family, size, size, plan, free_gb) == rung  # type: ignore[arg-type]


def test_ladder_starts_at_the_planned_rung_unless_one_worked_before() -> None:
    tried: list[bool] = []

    class Vae:
        use_tiling = False

        def enable_tiling(self) -> None:
            self.use_tiling = True

        def enable_slicing(self) -> None:
            pass

    class Pipeline:
        vae = Vae()

    pipeline = Pipeline()
    ladder = MemoryLadder()
    ladder.run(
        "m",
        64,
        64,
        pipeline,
        "cpu",
        lambda: tried.append(pipeline.vae.use_tiling),
        planned="vae_tiling",
    )
    assert tried == [True]
    assert ladder.rung_for("m", 64, 64) == "vae_tiling"


def test_needed_rung_is_remembered_across_sessions(tmp_path: Path) -> None:
    store = tmp_path / "rungs.json"
    first = MemoryLadder(store)
    first.run("modelo", 1024, 1024, object(), "cpu", lambda: None, planned="vae_tiling")
    assert MemoryLadder(store).rung_for("modelo", 1024, 1024) == "vae_tiling"
    store.write_text("{roto")
    assert MemoryLadder(store).rung_for("modelo", 1024, 1024) == "as_is"
