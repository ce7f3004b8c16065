"""Worst GUI-thread stall while the app loads the model and makes a demo picture.

A 5 ms QTimer on the GUI thread records the gap between its ticks; the longest gap is how
long the window could not repaint or react. Run:
    QT_QPA_PLATFORM=offscreen .venv/bin/python benchmarks/gui_freeze.py [--runs 3]
Each run is a fresh process (torch not yet imported). As in `run_app`, the window paints
first and the engine starts ENGINE_START_DELAY_MS later; the timer starts with the
engine. Prints a table; appends it to docs/performance.md unless --no-write.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

from report import publish  # benchmarks/ sibling

ROOT = Path(__file__).resolve().parents[1]
TICK_MS = 5
TARGET_MS = 50


def measure_once(home: Path) -> dict[str, float]:
    """In this process: open the window, load the demo model, generate; return the gaps."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QEventLoop, QTimer
    from PySide6.QtWidgets import QApplication

    from studio.core.base.paths import app_paths
    from studio.core.generation.request import GenerationRequest
    from studio.ui.app import ENGINE_START_DELAY_MS, build_main_window

    app = QApplication(sys.argv[:1])
    window = build_main_window(app, app_paths(home))
    window.show()
    settle = QEventLoop()
    QTimer.singleShot(ENGINE_START_DELAY_MS, settle.quit)  # as run_app: first paint, then load
    settle.exec()
    gaps: dict[str, list[float]] = {"load": [], "generate": []}
    phase = ["load"]
    last = [time.perf_counter()]

    def tick() -> None:
        now = time.perf_counter()
        gaps[phase[0]].append((now - last[0]) * 1000)
        last[0] = now

    timer = QTimer()
    timer.setInterval(TICK_MS)
    timer.timeout.connect(tick)
    loop = QEventLoop()
    window.controller.model_ready.connect(loop.quit)
    window.controller.problem_reported.connect(lambda text: print("problem:", text))
    timer.start()
    started = time.perf_counter()
    window.controller.start()
    loop.exec()
    load_s = time.perf_counter() - started
    phase[0] = "generate"
    window.controller.job_ended.connect(loop.quit)
    window.controller.submit(GenerationRequest(prompt="un faro", steps=4, width=64, height=64))
    loop.exec()
    timer.stop()
    window.close()
    return {
        "load_worst_ms": max(gaps["load"]),
        "generate_worst_ms": max(gaps["generate"] or [0.0]),
        "load_s": load_s,
        "ticks_over_50ms": sum(g > TARGET_MS for g in gaps["load"] + gaps["generate"]),
    }


def fresh_home(cache: Path) -> Path:
    home = Path(tempfile.mkdtemp(prefix="lienzo-freeze-"))
    (home / "config").mkdir()
    settings = {"default_model": "demo", "language": "en", "preview": True}
    (home / "config" / "settings.json").write_text(json.dumps(settings), encoding="utf-8")
    (home / "cache").symlink_to(cache, target_is_directory=True)
    return home


def versions() -> str:
    import importlib

    names = ("PySide6", "torch", "diffusers")
    found = [f"{n} {importlib.import_module(n).__version__}" for n in names]
    return ", ".join(found) + f", Python {platform.python_version()}"


def table(results: list[dict[str, float]]) -> str:
    rows = [
        f"| {i + 1} | {r['load_worst_ms']:.0f} | {r['generate_worst_ms']:.0f} | "
        f"{r['ticks_over_50ms']:.0f} | {r['load_s']:.1f} |"
        for i, r in enumerate(results)
    ]
    worst = [max(r["load_worst_ms"], r["generate_worst_ms"]) for r in results]
    return "\n".join(
        [
            f"### GUI freeze during model load + generation — {date.today()}, "
            f"{platform.machine()}, {os.cpu_count()} CPUs, {versions()}",
            f"5 ms QTimer on the GUI thread, offscreen, demo model, 4 steps at 64², engine "
            f"started after the first paint as in the app. Target ≤ {TARGET_MS} ms.",
            "",
            "| run | worst gap, load (ms) | worst gap, generate (ms) | gaps > 50 ms | load (s) |",
            "|---|---|---|---|---|",
            *rows,
            "",
            f"Median worst gap: **{statistics.median(worst):.0f} ms**.",
        ]
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--no-write", action="store_true")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(measure_once(Path(args.child))))
        return 0
    cache = Path(os.environ.get("STUDIO_CACHE", Path.home() / ".cache" / "LienzoStudio"))
    cache.mkdir(parents=True, exist_ok=True)
    results = []
    for _ in range(args.runs):
        env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
        out = subprocess.run(
            [sys.executable, __file__, "--child", str(fresh_home(cache))],
            env=env, capture_output=True, text=True, check=True, cwd=ROOT,
        ).stdout  # fmt: skip
        results.append(json.loads(out.strip().splitlines()[-1]))
        print(results[-1], flush=True)
    text = table(results)
    publish(text, write=not args.no_write)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
