"""A real `studio serve` (demo model, CPU, Basic auth) for the A1111Backend tests, started
with the server tests' own helpers."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parents[2] / "server"))

from serve_support import (
    PASSWORD,
    USER,
    RunningServer,
    free_port,
    serve_env,
    wait_until_up,
)

__all__ = ["PASSWORD", "USER", "RunningServer", "serve"]


@contextmanager
def serve(home: Path, log: Path) -> Iterator[tuple[RunningServer, subprocess.Popen[bytes]]]:
    """`studio serve --model demo` on a free loopback port; stopped (or killed) at the end."""
    port = free_port()
    command = [sys.executable, "-m", "studio", "serve", "--port", str(port), "--model", "demo"]
    command += ["--device", "cpu", "--api-auth", f"{USER}:{PASSWORD}"]
    with log.open("wb") as out:
        process = subprocess.Popen(command, env=serve_env(home), stdout=out, stderr=out)
    server = RunningServer(port, home, log)
    try:
        wait_until_up(server, process)
        yield server, process
    finally:
        if process.poll() is None:
            process.terminate()
        process.wait(timeout=30)
