"""A real `studio serve` in a subprocess (demo model, CPU), shared by the server tests."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

USER, PASSWORD = "ana", "s3cret-Ñ"
STARTUP_TIMEOUT_S = 60


@dataclass(frozen=True)
class RunningServer:
    port: int
    home: Path
    log: Path

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}/sdapi/v1"

    def client(self, auth: tuple[str, str] | None = (USER, PASSWORD)) -> httpx.Client:
        return httpx.Client(base_url=self.base, auth=auth, timeout=120)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def serve_env(home: Path) -> dict[str, str]:
    return {
        **os.environ,
        "STUDIO_HOME": str(home),
        "HF_HUB_OFFLINE": "1",
        "LIENZO_LANG": "en",
        "LIENZO_CPU_DTYPE": "float32",
        "OMP_NUM_THREADS": "2",
    }


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


def wait_until_up(
    server: RunningServer,
    process: subprocess.Popen[bytes],
    auth: tuple[str, str] | None = (USER, PASSWORD),
) -> None:
    """Poll until the server answers (or fail with its log when it exits or never does)."""
    deadline = time.monotonic() + STARTUP_TIMEOUT_S
    with server.client(auth) as client:
        while time.monotonic() < deadline:
            if process.poll() is not None:
                raise AssertionError(f"studio serve exited:\n{server.log.read_text()}")
            try:
                if client.get("/samplers").status_code == 200:
                    return
            except httpx.TransportError:
                pass
            time.sleep(0.2)  # polling another process: there is no signal to wait on
    raise AssertionError(f"studio serve did not answer:\n{server.log.read_text()}")
