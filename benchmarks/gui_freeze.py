"""Worst GUI-thread stall while the app loads the model and makes a demo picture.

A 5 ms QTimer on the GUI thread records the gap between its ticks; the longest gap is how
long the window could not repaint or react. Run:
    QT_QPA_PLATFORM=offscreen .venv/bin/python benchmarks/gui_freeze.py [--runs 3]
Each run is a fresh process (torch not yet imported). As in `run_app`, the window paints
first and the engine starts ENGINE_START_DELAY_MS later; the timer starts with the
engine. Prints a table; appends it to docs/performance.md unless --no-write.

--gallery N opens the window on a gallery of N small PNGs with our metadata (made once by
gallery_index.make_gallery and kept under the benchmarks cache; each run hard-links them into a
fresh home at a fixed path, with the index a first session built, so the window opens as a
restart does: first page from the index, the pool re-checking the folder, thumbnails made from
the files on the first run and read from the thumbnail cache after). The gallery's row count and
total are reported, to show the view really lists them.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from datetime import date
from pathlib import Path
from types import FrameType
from typing import Any

from report import publish  # benchmarks/ sibling

ROOT = Path(__file__).resolve().parents[1]
TICK_MS = 5
TARGET_MS = 50
SAMPLE_MS = 10  # how often the stall sampler looks at the threads while a tick is overdue
# The gallery home's fixed place: the index it is copied with names the gallery folder.
GALLERY_HOME = Path(tempfile.gettempdir()).resolve() / "lienzo-freeze-gallery-home"


class GapRecorder:
    """The GUI thread's gaps between ticks, per phase; for the worst gap, the GUI thread's own
    CPU time in it and the garbage collections overlapping it; and, while a tick is overdue,
    samples (every SAMPLE_MS) of where each thread is: what held the GUI thread up."""

    def __init__(self) -> None:
        self.phase = "load"
        self.gaps: dict[str, list[float]] = {"load": [], "generate": []}
        self.last, self.last_cpu = time.perf_counter(), time.thread_time()
        self.last_process = time.process_time()
        # The worst gap (ms), when it began, the GUI thread's and the process's CPU in it (ms).
        self.worst = (0.0, 0.0, 0.0, 0.0)
        self.collections: list[tuple[float, float]] = []  # garbage collections: start, end
        self.stalls: Counter[str] = Counter()
        self._gc_began: dict[int, float] = {}
        self._gui = threading.get_ident()
        self._stop = threading.Event()
        self._sampler = threading.Thread(target=self._sample, name="sampler", daemon=True)

    def start(self) -> None:
        gc.callbacks.append(self._on_gc)
        self._sampler.start()

    def stop(self) -> None:
        self._stop.set()
        self._sampler.join()
        gc.callbacks.remove(self._on_gc)

    def tick(self) -> None:
        now, cpu, process = time.perf_counter(), time.thread_time(), time.process_time()
        gap = (now - self.last) * 1000
        self.gaps[self.phase].append(gap)
        if gap > self.worst[0]:
            used = ((cpu - self.last_cpu) * 1000, (process - self.last_process) * 1000)
            self.worst = (gap, self.last, *used)
        self.last, self.last_cpu, self.last_process = now, cpu, process

    def worst_gap_gc_ms(self) -> float:
        gap, began, *_cpu = self.worst
        ended = began + gap / 1000
        overlap = (min(end, ended) - max(start, began) for start, end in self.collections)
        return 1000 * sum(max(0.0, part) for part in overlap)

    def _on_gc(self, phase: str, _info: dict[str, int]) -> None:
        thread = threading.get_ident()
        if phase == "start":
            self._gc_began[thread] = time.perf_counter()
        elif thread in self._gc_began:
            self.collections.append((self._gc_began.pop(thread), time.perf_counter()))

    def _sample(self) -> None:
        while not self._stop.wait(SAMPLE_MS / 1000):
            if (time.perf_counter() - self.last) * 1000 > TARGET_MS:
                names = {t.ident: t.name for t in threading.enumerate()}
                for ident, frame in sys._current_frames().items():
                    if ident != threading.get_ident():
                        name = "GUI" if ident == self._gui else names.get(ident, "worker")
                        self.stalls[f"{name}: {_where(frame)}"] += 1


def _where(frame: FrameType | None) -> str:
    """The innermost frame outside the import machinery, as folder/file:line function."""
    while frame is not None and frame.f_code.co_filename.startswith("<frozen"):
        frame = frame.f_back
    if frame is None:
        return "importing"
    place = "/".join(Path(frame.f_code.co_filename).parts[-2:])
    return f"{place}:{frame.f_lineno} {frame.f_code.co_name}"


def measure_once(home: Path) -> dict[str, Any]:
    """In this process: open the window, load the demo model, generate; return the gaps."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QEventLoop, QTimer
    from PySide6.QtWidgets import QApplication

    from studio.core.base.paths import app_paths
    from studio.core.generation.request import GenerationRequest
    from studio.ui.app import ENGINE_START_DELAY_MS, build_main_window

    app = QApplication(sys.argv[:1])
    opening = time.perf_counter()
    window = build_main_window(app, app_paths(home))
    window.show()
    app.processEvents()  # the first paint, gallery tiles included
    window_ms = (time.perf_counter() - opening) * 1000
    settle = QEventLoop()
    QTimer.singleShot(ENGINE_START_DELAY_MS, settle.quit)  # as run_app: first paint, then load
    settle.exec()
    recorder = GapRecorder()
    timer = QTimer()
    timer.setInterval(TICK_MS)
    timer.timeout.connect(recorder.tick)
    loop = QEventLoop()
    window.controller.model_ready.connect(loop.quit)
    window.controller.problem_reported.connect(lambda text: print("problem:", text))
    recorder.start()
    timer.start()
    started = time.perf_counter()
    window.controller.start()
    loop.exec()
    load_s = time.perf_counter() - started
    recorder.phase = "generate"
    window.controller.job_ended.connect(loop.quit)
    window.controller.submit(GenerationRequest(prompt="un faro", steps=4, width=64, height=64))
    loop.exec()
    timer.stop()
    recorder.stop()
    gallery = window.gallery_panel.list_view.model()
    window.close()
    return {**summary(recorder, load_s), "window_ms": window_ms,
            "gallery_rows": gallery.rowCount(),  # the rows the view has fetched
            "gallery_total": getattr(gallery, "total", -1)}  # fmt: skip


def summary(recorder: GapRecorder, load_s: float) -> dict[str, Any]:
    gaps = recorder.gaps
    return {
        "load_worst_ms": max(gaps["load"]),
        "generate_worst_ms": max(gaps["generate"] or [0.0]),
        "load_s": load_s,
        "ticks_over_50ms": sum(g > TARGET_MS for g in gaps["load"] + gaps["generate"]),
        "worst_gap_gui_cpu_ms": recorder.worst[2],
        "worst_gap_process_cpu_ms": recorder.worst[3],  # all threads: 2 cores give up to 2×
        "worst_gap_gc_ms": recorder.worst_gap_gc_ms(),
        "stall_samples": recorder.stalls.most_common(6),
    }


def fresh_home(cache: Path, home: Path | None = None) -> Path:
    home = home or Path(tempfile.mkdtemp(prefix="lienzo-freeze-"))
    (home / "config").mkdir(parents=True)
    settings = {"default_model": "demo", "language": "en", "preview": True}
    (home / "config" / "settings.json").write_text(json.dumps(settings), encoding="utf-8")
    (home / "cache").symlink_to(cache, target_is_directory=True)
    return home


def gallery_template(cache: Path, count: int) -> Path:
    """`count` PNGs with our metadata under the benchmarks cache, made once."""
    template = cache / "benchmarks" / f"gallery-{count}"
    done = template / "complete"
    if not done.is_file():
        from gallery_index import make_gallery  # benchmarks/ sibling

        shutil.rmtree(template, ignore_errors=True)
        print(f"making {count} gallery PNGs in {template} (once)…", flush=True)
        make_gallery(template / "gallery", count)
        done.write_text(f"{count}\n", encoding="utf-8")
    return template


def gallery_home(cache: Path, count: int) -> Path:
    """A fresh home at GALLERY_HOME: the template's PNGs hard-linked into its gallery and the
    index of a first session beside them (built here once, then copied from the template)."""
    from studio.core.gallery.store import INDEX_FILE_NAME, GalleryStore

    template = gallery_template(cache, count)
    shutil.rmtree(GALLERY_HOME, ignore_errors=True)
    home = fresh_home(cache, GALLERY_HOME)
    shutil.copytree(template / "gallery", home / "gallery", copy_function=os.link)
    index, kept = home / "data" / INDEX_FILE_NAME, template / "index.sqlite3"
    index.parent.mkdir(parents=True)
    if kept.is_file():
        shutil.copyfile(kept, index)
    else:
        with GalleryStore(home / "gallery", index) as store:
            print(f"indexing the gallery (once): {store.sync()}", flush=True)
        shutil.copyfile(index, kept)
    return home


def versions() -> str:
    import importlib

    names = ("PySide6", "torch", "diffusers")
    found = [f"{n} {importlib.import_module(n).__version__}" for n in names]
    return ", ".join(found) + f", Python {platform.python_version()}"


def table(results: list[dict[str, Any]], gallery: int) -> str:
    rows = [
        f"| {i + 1} | {r['load_worst_ms']:.0f} | {r['generate_worst_ms']:.0f} | "
        f"{r['ticks_over_50ms']:.0f} | {r['worst_gap_gui_cpu_ms']:.0f} | "
        f"{r['worst_gap_process_cpu_ms']:.0f} | "
        f"{r['worst_gap_gc_ms']:.0f} | {r['window_ms']:.0f} | {r['load_s']:.1f} | "
        f"{r['gallery_rows']:.0f} of {r['gallery_total']:.0f} |"
        for i, r in enumerate(results)
    ]
    worst = [max(r["load_worst_ms"], r["generate_worst_ms"]) for r in results]
    shown = f", the window's gallery holding {gallery:,} images" if gallery else ""
    return "\n".join(
        [
            f"### GUI freeze during model load + generation{shown} — {date.today()}, "
            f"{platform.machine()}, {os.cpu_count()} CPUs, {versions()}",
            f"5 ms QTimer on the GUI thread, offscreen, demo model, 4 steps at 64², engine "
            f"started after the first paint as in the app. Target ≤ {TARGET_MS} ms.",
            "",
            "| run | worst gap, load (ms) | worst gap, generate (ms) | gaps > 50 ms "
            "| GUI thread's CPU in the worst gap (ms) | the process's CPU in it (ms) "
            "| garbage collection in it (ms) | window built and shown (ms) | load (s) "
            "| gallery rows fetched, of total |",
            "|---|---|---|---|---|---|---|---|---|---|",
            *rows,
            "",
            f"Median worst gap: **{statistics.median(worst):.0f} ms**. {stall_line(results)}",
        ]
    )


def stall_line(results: list[dict[str, Any]]) -> str:
    """Where the threads were while a tick was overdue, over all runs (10 ms samples)."""
    found: Counter[str] = Counter()
    for result in results:
        found.update(dict(result["stall_samples"]))
    if not found:
        return "No tick was overdue long enough to be sampled."
    places = "; ".join(f"`{place}` ×{count}" for place, count in found.most_common(4))
    return f"Where the threads were while a tick was {TARGET_MS}+ ms late: {places}."


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--no-write", action="store_true")
    parser.add_argument("--gallery", type=int, default=0, metavar="N", help="N images shown")
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
        home = gallery_home(cache, args.gallery) if args.gallery else fresh_home(cache)
        out = subprocess.run(
            [sys.executable, __file__, "--child", str(home)],
            env=env, capture_output=True, text=True, check=True, cwd=ROOT,
        ).stdout  # fmt: skip
        results.append(json.loads(out.strip().splitlines()[-1]))
        print(results[-1], flush=True)
    text = table(results, args.gallery)
    publish(text, write=not args.no_write)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
