"""A real `studio serve` in a subprocess (demo model, CPU), shared by the server tests."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from serve_support import PASSWORD, USER, RunningServer, free_port, serve_env, wait_until_up


@pytest.fixture(scope="session")
def api_server(
    session_home: Path, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[RunningServer]:
    """`studio serve` with the demo model and Basic auth, on a free loopback port."""
    port = free_port()
    log = tmp_path_factory.mktemp("serve") / "serve.log"
    command = [sys.executable, "-m", "studio", "serve", "--port", str(port), "--model", "demo"]
    command += ["--device", "cpu", "--api-auth", f"{USER}:{PASSWORD}"]
    with log.open("wb") as out:
        process = subprocess.Popen(command, env=serve_env(session_home), stdout=out, stderr=out)
    server = RunningServer(port, session_home, log)
    try:
        wait_until_up(server, process)
        yield server
    finally:
        process.terminate()
        process.wait(timeout=30)
