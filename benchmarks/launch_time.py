"""Launch time: interpreter start to the first paint of the main window, in fresh processes.

Run: .venv/bin/python benchmarks/launch_time.py [--runs 7] [--platform offscreen]
The parent notes the wall clock just before starting each child Python; the child reports
the wall clock when the main window receives its first paint event. Prints the median and
appends a table to docs/performance.md unless --no-write.
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
TARGET_MS = 1000

CHILD = r"""
import sys, time
from PySide6.QtCore import QEvent, QObject, QTimer
from studio.ui import app as studio_app

class FirstPaint(QObject):
    def eventFilter(self, watched, event):
        if event.type() == QEvent.Type.Paint:
            print("PAINT", time.time(), flush=True)
            QTimer.singleShot(0, watched.close)
            watched.removeEventFilter(self)
        return False

original = studio_app.build_main_window
def build(*args, **kwargs):
    window = original(*args, **kwargs)
    window._first_paint = FirstPaint(window)
    window.installEventFilter(window._first_paint)
    return window
studio_app.build_main_window = build
studio_app.ENGINE_START_DELAY_MS = 10**6  # measure the window, not the model load
sys.exit(studio_app.run_app(sys.argv[1]))
"""


def launch_once(home: Path, env: dict[str, str]) -> float:
    """Milliseconds from starting Python to the window's first paint."""
    started = time.time()
    out = subprocess.run(
        [sys.executable, "-c", CHILD, str(home)],
        env=env, capture_output=True, text=True, check=True, cwd=ROOT, timeout=120,
    ).stdout  # fmt: skip
    painted = next(float(line.split()[1]) for line in out.splitlines() if line.startswith("PAINT"))
    return (painted - started) * 1000


def fresh_home() -> Path:
    home = Path(tempfile.mkdtemp(prefix="lienzo-launch-"))
    (home / "config").mkdir()
    settings = {"default_model": "demo", "language": "en"}
    (home / "config" / "settings.json").write_text(json.dumps(settings), encoding="utf-8")
    return home


def versions() -> str:
    import PySide6

    return f"PySide6 {PySide6.__version__}, Python {platform.python_version()}"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--platform", default=os.environ.get("QT_QPA_PLATFORM", "offscreen"))
    parser.add_argument("--no-write", action="store_true")
    args = parser.parse_args()
    env = {**os.environ, "QT_QPA_PLATFORM": args.platform}
    home = fresh_home()
    launch_once(home, env)  # warm the OS file cache, as a second launch would be
    times = [launch_once(home, env) for _ in range(args.runs)]
    text = "\n".join(
        [
            f"### Launch to first paint — {date.today()}, {platform.machine()}, "
            f"{os.cpu_count()} CPUs, {versions()}, QT_QPA_PLATFORM={args.platform}",
            f"Fresh process each run (warm file cache), {args.runs} runs. Target ≤ {TARGET_MS} ms.",
            "",
            "| median (ms) | min (ms) | max (ms) |",
            "|---|---|---|",
            f"| **{statistics.median(times):.0f}** | {min(times):.0f} | {max(times):.0f} |",
        ]
    )
    publish(text, write=not args.no_write)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
