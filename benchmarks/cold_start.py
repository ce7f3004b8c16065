"""Cold start to the first picture, the way a user meets it, phase by phase.

A fresh process per run: process start → imports (studio.ui.app) → the window's first paint →
model loaded (the app's worker, started after the paint as `run_app` does) → the first
SD-Turbo-architecture image at 512², 1 step (random weights on disk in the HF layout, made
once by the other benchmarks; by default hard-linked into the Hugging Face cache's layout, as
a downloaded model sits). The median of a few more images in the same process gives denoise
+ decode, so
   loading overhead = first picture − (a later image's time)
which the issue compares with just reading the weights files from a warm disk cache (timed in
the parent, right before each run). The same is reported in CPU seconds, which other work on
the cores disturbs far less than wall time.
    QT_QPA_PLATFORM=offscreen .venv/bin/python benchmarks/cold_start.py [--runs 2] [--size 512]
        [--layout hub|folder]
Run it with the Python of an environment installed as users install it (no dev/quant extras:
bitsandbytes and torchao add ~1.5 s of imports to diffusers when present).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from report import machine_line, publish  # benchmarks/ sibling

ROOT = Path(__file__).resolve().parents[1]
LAYOUTS = {
    "hub": "download in the Hugging Face cache",
    "folder": "plain folder loaded for the first time",
}
PHASES = ("imports", "window", "model loaded", "first image")


def child(home: Path, spawned: float, size: int, later: int) -> dict[str, Any]:
    """In a fresh process: the timestamps of each phase, seconds since the spawn."""
    marks = {"process start": time.time() - spawned}
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QEvent, QEventLoop, QObject, QTimer
    from PySide6.QtWidgets import QApplication

    from studio.core.base.paths import app_paths
    from studio.core.generation.request import GenerationRequest
    from studio.ui.app import ENGINE_START_DELAY_MS, build_main_window

    marks["imports"] = time.time() - spawned
    cpu = marks["cpu"] = {}  # this process's CPU seconds (all threads) at each mark
    cpu["imports"] = time.process_time()
    app = QApplication(sys.argv[:1])
    window = build_main_window(app, app_paths(home))
    loop = QEventLoop()

    class FirstPaint(QObject):
        def eventFilter(self, watched: QObject, event: QEvent) -> bool:
            if event.type() == QEvent.Type.Paint and "window" not in marks:
                marks["window"] = time.time() - spawned
                QTimer.singleShot(0, loop.quit)
            return False

    painted = FirstPaint(window)
    window.installEventFilter(painted)
    window.show()
    loop.exec()
    controller = window.controller
    controller.model_ready.connect(loop.quit)
    controller.problem_reported.connect(lambda text: print("problem:", text, file=sys.stderr))
    QTimer.singleShot(ENGINE_START_DELAY_MS, controller.start)  # as run_app does
    loop.exec()
    marks["model loaded"] = time.time() - spawned
    cpu["model loaded"] = time.process_time()
    controller.job_ended.connect(loop.quit)
    request = GenerationRequest(
        prompt="un faro", steps=1, guidance=0.0, width=size, height=size, seed=1
    )
    controller.submit(request)
    loop.exec()
    marks["first image"] = time.time() - spawned
    cpu["first image"] = time.process_time()
    walls, cpus = [], []
    for _ in range(later):  # the median of a few: one image's time varies by seconds
        started, cpu_started = time.time(), time.process_time()
        controller.submit(request)
        loop.exec()
        walls.append(time.time() - started)
        cpus.append(time.process_time() - cpu_started)
    marks["second image alone"] = statistics.median(walls)
    cpu["second image alone"] = statistics.median(cpus)
    window.close()
    return marks


def read_weights(folder: Path) -> tuple[float, float]:
    """Wall and CPU seconds to read every weights file from a warm cache (the first pass
    warms it)."""
    files = sorted(folder.rglob("*.safetensors"))
    for _ in range(2):  # the first pass warms the cache; the second is timed
        started, cpu_started = time.perf_counter(), time.process_time()
        for file in files:
            with file.open("rb") as handle:
                while handle.read(64 << 20):
                    pass
        seconds, cpu_seconds = time.perf_counter() - started, time.process_time() - cpu_started
    return seconds, cpu_seconds


def hub_layout(folder: Path) -> Path:
    """The same files laid out as huggingface_hub stores a download (snapshot links to blobs
    named by SHA-256), hard-linked, made once: the app meets a downloaded model this way."""
    repo = folder.with_name(folder.name + "-hub") / "models--lienzo--reference-sd-turbo"
    snapshot = repo / "snapshots" / "0000000000000000000000000000000000000000"
    done = repo / "layout-complete"
    if done.is_file():
        return snapshot
    shutil.rmtree(repo, ignore_errors=True)  # what an interrupted build left
    (repo / "blobs").mkdir(parents=True)
    for file in sorted(p for p in folder.rglob("*") if p.is_file()):
        digest = hashlib.sha256()
        with file.open("rb") as handle:
            while chunk := handle.read(8 << 20):
                digest.update(chunk)
        blob = repo / "blobs" / digest.hexdigest()
        if not blob.exists():
            os.link(file, blob)
        link = snapshot / file.relative_to(folder)
        link.parent.mkdir(parents=True, exist_ok=True)
        link.symlink_to(os.path.relpath(blob, link.parent))
    done.write_text("ok", encoding="utf-8")
    return snapshot


def fresh_home(model: Path) -> Path:
    home = Path(tempfile.mkdtemp(prefix="lienzo-cold-"))
    (home / "config").mkdir()
    settings = {"default_model": str(model), "language": "en", "preview": False}
    (home / "config" / "settings.json").write_text(json.dumps(settings), encoding="utf-8")
    return home


def run_once(model: Path, size: int, later: int) -> dict[str, Any]:
    read_s, read_cpu = read_weights(model)
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    home = str(fresh_home(model))
    command = [
        sys.executable,
        __file__,
        "--child",
        home,
        "--size",
        str(size),
        "--later",
        str(later),
    ]
    spawned = time.time()
    out = subprocess.run(
        [*command, "--spawned", repr(spawned)],
        env=env, capture_output=True, text=True, check=True, cwd=ROOT,
    ).stdout  # fmt: skip
    marks = json.loads(out.strip().splitlines()[-1])
    marks["read weights (warm)"] = read_s
    marks["cpu"]["read weights (warm)"] = read_cpu
    marks["load average"] = os.getloadavg()[0]
    return marks


def table(runs: list[dict[str, Any]], size_gb: float, size: int, layout: str) -> str:
    rows = []
    for i, m in enumerate(runs, 1):
        previous = ("process start", *PHASES[:-1])
        steps = [m["process start"]] + [m[p] - m[q] for p, q in zip(PHASES, previous, strict=True)]
        overhead = m["first image"] - m["second image alone"]
        rows.append(
            f"| {i} | " + " | ".join(f"{s:.1f}" for s in steps) + f" | {m['first image']:.1f} | "
            f"{m['second image alone']:.1f} | {overhead:.1f} | {m['read weights (warm)']:.1f} | "
            f"{overhead / m['read weights (warm)']:.1f}× | {m['load average']:.1f} |"
        )
    ratio = statistics.median(
        (m["first image"] - m["second image alone"]) / m["read weights (warm)"] for m in runs
    )
    return "\n".join(
        [
            machine_line("Cold start to the first picture"),
            f"SD-Turbo architecture, random weights on disk ({size_gb:.1f} GB of safetensors), "
            f"{size}², 1 step, CPU; model laid out as a {LAYOUTS[layout]}; fresh process and "
            f"app home per run, offscreen, Python {platform.python_version()}."
            " Seconds per phase (each since the previous one).",
            "",
            "| run | process start | imports | window | model loaded | first image | "
            "total | later image (median) | overhead | read weights | overhead ÷ read | load avg |",
            "|---|---|---|---|---|---|---|---|---|---|---|---|",
            *rows,
            "",
            f"Median loading overhead ÷ warm read: **{ratio:.1f}×** (target ≤ 2×).",
            "",
            *cpu_table(runs),
        ]
    )


def cpu_table(runs: list[dict[str, Any]]) -> list[str]:
    """The same in CPU seconds (all threads), which other processes on the cores disturb far
    less than wall time: loading = CPU up to "model loaded" + the first image's CPU beyond
    the second's."""
    rows, ratios = [], []
    for i, m in enumerate(runs, 1):
        cpu = m["cpu"]
        first_extra = cpu["first image"] - cpu["model loaded"] - cpu["second image alone"]
        loading = cpu["model loaded"] + first_extra
        ratios.append(loading / cpu["read weights (warm)"])
        rows.append(
            f"| {i} | {cpu['imports']:.1f} | {cpu['model loaded'] - cpu['imports']:.1f} | "
            f"{first_extra:.1f} | {cpu['second image alone']:.1f} | {loading:.1f} | "
            f"{cpu['read weights (warm)']:.1f} | {ratios[-1]:.1f}× |"
        )
    return [
        "The same in CPU seconds of the app's process (all threads):",
        "",
        "| run | to imports | window + worker imports + load | first image's extra | "
        "later image (median) | loading overhead | read weights | overhead ÷ read |",
        "|---|---|---|---|---|---|---|---|",
        *rows,
        "",
        f"Median loading overhead ÷ warm read, CPU seconds: **{statistics.median(ratios):.1f}×**.",
    ]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=2)
    parser.add_argument("--size", type=int, default=512)
    parser.add_argument("--no-write", action="store_true")
    parser.add_argument("--later", type=int, default=3, help="images after the first (median)")
    parser.add_argument(
        "--layout",
        choices=("hub", "folder"),
        default="hub",
        help="hub: as a download sits in the HF cache (hash known from the blob name); "
        "folder: a plain model folder loaded for the first time (its hash read in the background)",
    )
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("--spawned", type=float, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(child(Path(args.child), args.spawned, args.size, args.later)))
        return 0
    from cpu_fast_path import reference_folder  # builds the random-weights folder once

    model = reference_folder() if args.layout == "folder" else hub_layout(reference_folder())
    runs = []
    for _ in range(args.runs):
        runs.append(run_once(model, args.size, args.later))
        print(runs[-1], flush=True)
    size_gb = sum(f.stat().st_size for f in model.rglob("*.safetensors")) / 1e9
    publish(table(runs, size_gb, args.size, args.layout), write=not args.no_write)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
