"""Progress: what the setup reports, pip's output turned into a fraction, a console reporter."""

from __future__ import annotations

import re
import time
from typing import Protocol, TextIO

_PROGRESS = re.compile(r"^Progress (\d+) of (\d+)")
_DOWNLOADING = re.compile(r"^\s*Downloading (\S+)")
DOWNLOAD_SHARE = 0.85  # of a pip stage; unpacking and installing take the rest


class Reporter(Protocol):
    """Receives the setup's progress; implementations must be cheap and never raise."""

    def stage(self, title: str, fraction: float) -> None:
        """A new stage began; `fraction` is the overall progress 0…1."""

    def progress(self, fraction: float, detail: str) -> None:
        """Overall progress 0…1 within the current stage, with a short detail line."""

    def log(self, line: str) -> None:
        """One line of tool output, for the log."""


class PipProgress:
    """Turns `pip install --progress-bar raw` output into a fraction of the pip stage."""

    def __init__(self) -> None:
        self._done: dict[str, int] = {}
        self._total: dict[str, int] = {}
        self._current = ""
        self.fraction = 0.0

    def feed(self, line: str) -> str | None:
        """Update from one output line; returns a detail text when the line was news."""
        if match := _DOWNLOADING.match(line):
            self._current = match.group(1).rsplit("/", 1)[-1]
            return f"downloading {self._current}"
        if match := _PROGRESS.match(line):
            return self._on_bytes(int(match.group(1)), int(match.group(2)))
        if line.startswith("Installing collected packages"):
            self._advance(0.9)
            return "installing (this can take a few minutes)"
        return None

    def _on_bytes(self, done: int, total: int) -> str:
        self._done[self._current], self._total[self._current] = done, max(total, 1)
        self._advance(DOWNLOAD_SHARE * sum(self._done.values()) / sum(self._total.values()))
        return f"downloading {self._current}: {_mb(done)} of {_mb(total)}"

    def _advance(self, fraction: float) -> None:
        self.fraction = max(self.fraction, min(fraction, 1.0))  # never moves backwards


def _mb(size: int) -> str:
    return f"{size / 1e6:,.0f} MB" if size >= 1e6 else f"{size / 1e3:,.0f} kB"


class ConsoleReporter:
    """Plain-text progress for a terminal: stages and a percentage at most every few seconds."""

    def __init__(self, stream: TextIO, interval_s: float = 3.0) -> None:
        self._stream = stream
        self._interval_s = interval_s
        self._last = 0.0

    def stage(self, title: str, fraction: float) -> None:
        self._write(f"[{fraction:4.0%}] {title}")

    def progress(self, fraction: float, detail: str) -> None:
        now = time.monotonic()
        if now - self._last >= self._interval_s:
            self._last = now
            self._write(f"[{fraction:4.0%}]   {detail}")

    def log(self, line: str) -> None:
        """Tool output goes to the setup log only."""

    def _write(self, text: str) -> None:
        self._stream.write(text + "\n")
        self._stream.flush()
