"""Ctrl+C on `studio serve` during a long job: the job stops within a step, the client gets
its answer, a waiting client is told the server is stopping, and the process exits."""

from __future__ import annotations

import signal
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import pytest
from serve_support import RunningServer, free_port, serve_env, wait_until_up

pytestmark = pytest.mark.slow
LONG = {"prompt": "largo", "width": 128, "height": 128, "steps": 150, "batch_size": 16}
SHORT = {"prompt": "corto", "width": 64, "height": 64, "steps": 2}


def test_ctrl_c_stops_the_running_job_and_the_server(session_home: Path, tmp_path: Path) -> None:
    server = RunningServer(free_port(), session_home, tmp_path / "serve.log")
    command = [sys.executable, "-m", "studio", "serve", "--port", str(server.port)]
    with server.log.open("wb") as out:
        process = subprocess.Popen(
            [*command, "--model", "demo", "--device", "cpu"],
            env=serve_env(session_home),
            stdout=out,
            stderr=out,
        )
    try:
        wait_until_up(server, process, auth=None)
        with ThreadPoolExecutor(2) as pool:
            long_answer = pool.submit(_post, server, LONG)
            _wait_for(server, lambda state: state["sampling_step"] >= 2)
            short_answer = pool.submit(_post, server, SHORT)
            _wait_for(server, lambda state: state["job_count"] >= 2)
            process.send_signal(signal.SIGINT)
            assert process.wait(timeout=60) == 130  # stopped by Ctrl+C, as shells expect
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    assert long_answer.result().status_code == 200
    assert '"interrupted": true' in long_answer.result().json()["info"]
    assert short_answer.result().status_code == 503
    assert "stopping" in short_answer.result().json()["detail"]


def _post(server: RunningServer, body: dict[str, object]) -> httpx.Response:
    with server.client(auth=None) as client:
        return client.post("/txt2img", json=body)


def _wait_for(server: RunningServer, ready: object) -> None:
    deadline = time.monotonic() + 60
    with server.client(auth=None) as client:
        while time.monotonic() < deadline:
            if ready(client.get("/progress").json()["state"]):  # type: ignore[operator]
                return
            time.sleep(0.05)  # polling another process: nothing to wait on
    raise AssertionError(f"the server never got there:\n{server.log.read_text()}")
