"""benchmarks/gpu.sh's Python part runs end to end on the CPU (`--smoke`), so it cannot rot
before a GPU is there to run it for real."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
UNET_CASES = ("SD-Turbo + TAESD", "SD-Turbo + full VAE", "SD 1.5, CFG", "SDXL, CFG")
CASES = (*UNET_CASES, "FLUX.1 schnell", "SD 3.5 Medium, CFG")


def _smoke(tmp_path: Path, *options: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "OUT": str(tmp_path)}
    script = str(ROOT / "benchmarks" / "gpu_bench.py")
    return subprocess.run(
        [sys.executable, script, "--smoke", *options],
        capture_output=True,
        text=True,
        env=env,
        timeout=600,
        check=False,
    )


def test_gpu_bench_smoke_measures_every_case_raw_and_engine(tmp_path: Path) -> None:
    done = _smoke(tmp_path)
    assert done.returncode == 0, done.stderr[-3000:]
    rows = json.loads((tmp_path / "gpu_bench.json").read_text(encoding="utf-8"))
    assert {(r["case"], r["config"]) for r in rows} == {
        (case, config) for case in CASES for config in ("diffusers", "engine")
    }
    for row in rows:
        assert row["seconds_per_image"] > 0 and row["it_per_s"] > 0
        assert row["peak_vram_gb"] is None  # no GPU: nothing pretends to be VRAM
    engine_rows = [r for r in rows if r["config"] == "engine"]
    # The engine's compile path ran (eager backend in a smoke run), once per UNet; the
    # engine does not compile FLUX/SD3 transformers, and the table says so.
    assert all((r["compile_s"] is not None) == (r["case"] in UNET_CASES) for r in engine_rows)
    table = (tmp_path / "gpu_bench.md").read_text(encoding="utf-8")
    assert table.strip() in done.stdout
    assert "n/a (CPU smoke)" in table and ": met" not in table  # no verdicts from tiny models


def test_time_guard_skips_a_group_that_would_overrun_and_says_so(tmp_path: Path) -> None:
    # SD-Turbo (about 60 s on a GPU) fits 70 s; FLUX (about 90 s) no longer does after it.
    done = _smoke(tmp_path, "--total-s", "70", "--only", "turbo", "flux")
    assert done.returncode == 0, done.stderr[-3000:]
    rows = json.loads((tmp_path / "gpu_bench.json").read_text(encoding="utf-8"))
    assert {r["case"] for r in rows} == {"SD-Turbo + TAESD", "SD-Turbo + full VAE"}
    table = (tmp_path / "gpu_bench.md").read_text(encoding="utf-8")
    assert "flux: skipped" in table and "--only flux" in table


def test_gpu_sh_refuses_clearly_without_diffusers_or_wheels(tmp_path: Path) -> None:
    # A Python without diffusers (the bare interpreter) and no wheels: a clear message.
    env = {**os.environ, "LIENZO_GPU_WHEELS": str(tmp_path / "none"), "OUT": str(tmp_path)}
    env["PYTHON"] = "/usr/bin/python3" if Path("/usr/bin/python3").exists() else sys.executable
    env.pop("PYTHONPATH", None)
    probe = subprocess.run([env["PYTHON"], "-c", "import diffusers"], capture_output=True)
    if probe.returncode == 0:
        return  # this interpreter has diffusers: nothing to refuse
    done = subprocess.run(
        ["bash", str(ROOT / "benchmarks" / "gpu.sh"), "--smoke"],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
        check=False,
    )
    assert done.returncode == 2
    assert "gpu_wheels.sh" in done.stderr
