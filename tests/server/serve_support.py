"""Starting and reaching a real `studio serve` subprocess: credentials, free port, environment,
waiting until it answers. Imported by name (not from conftest, whose module name other test
folders share)."""

from __future__ import annotations

import os
import socket
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

import httpx

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
