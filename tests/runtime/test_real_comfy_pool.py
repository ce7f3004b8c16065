"""'Run jobs on: All' with two REAL ComfyUI servers (two ports), through the controller and
its worker threads: both servers are used, and a server killed mid-job hands its job to the
other. Runs when test_comfy_real_server can start ComfyUI here (LIENZO_COMFYUI_VENV or
LIENZO_COMFYUI_URL); skips with its reason otherwise."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import threading
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot
from runtime_support import pngs

from studio.core.backends.comfy import ComfyBackend
from studio.core.base.paths import AppPaths
from studio.core.base.progress import StepProgress
from studio.core.base.settings import load_settings
from studio.core.generation.engine import GeneratedImage
from studio.runtime.controller import GenerationController
from studio.runtime.jobs import QUEUE_FILE_NAME, JobQueueModel
from studio.runtime.pool import Target

sys.path.insert(0, str(Path(__file__).parents[1] / "core" / "backends"))
sys.path.insert(0, str(Path(__file__).parents[1] / "core"))
from test_comfy_real_server import REQUEST, VENV, _free_port, _start

pytestmark = pytest.mark.slow
if not VENV:
    pytest.skip("two servers are started here: needs LIENZO_COMFYUI_VENV", allow_module_level=True)


@pytest.fixture
def servers() -> Iterator[list[subprocess.Popen[bytes]]]:
    started = [_start(_free_port()), _start(_free_port())]
    yield started
    for process in started:
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
        process.wait(30)


def _url(process: subprocess.Popen[bytes]) -> str:
    arguments = list(process.args)  # type: ignore[arg-type]
    return f"http://127.0.0.1:{arguments[arguments.index('--port') + 1]}"


def test_all_uses_both_real_servers_and_a_killed_one_hands_its_job_over(
    qtbot: QtBot, home: AppPaths, servers: list[subprocess.Popen[bytes]]
) -> None:
    backends = [ComfyBackend(_url(process)) for process in servers]
    targets = [Target(backend.name, backend) for backend in backends]
    queue = JobQueueModel(home.data / QUEUE_FILE_NAME)
    settings = load_settings(home.settings_file)
    controller = GenerationController(home, settings, queue, targets=targets)
    saved: list[GeneratedImage] = []
    controller.image_saved.connect(lambda _path, result: saved.append(result))
    outcomes: list[str] = []
    controller.job_ended.connect(outcomes.append)
    problems: list[str] = []
    controller.problem_reported.connect(problems.append)
    try:
        with qtbot.waitSignal(controller.model_ready, timeout=10_000):
            controller.start()
        controller.submit(REQUEST)
        controller.submit(replace(REQUEST, seed=2))
        both = sorted(queue.worker_of(job_id) or "" for job_id in queue.running_ids)
        qtbot.waitUntil(lambda: len(outcomes) == 2, timeout=120_000)
        assert outcomes == ["done", "done"]
        assert both == sorted(backend.name for backend in backends)  # ran at the same time
        assert sorted(image.device for image in saved) == both

        killed = threading.Event()

        def kill_first_at_step_2(progress: StepProgress) -> None:
            if progress.step == 2 and not killed.is_set():
                killed.set()
                servers[0].kill()  # the shown job is the one on the first server

        controller.step_completed.connect(kill_first_at_step_2)
        controller.submit(replace(REQUEST, seed=3, steps=60))
        qtbot.waitUntil(lambda: len(outcomes) == 4, timeout=240_000)
        assert outcomes[2:] == ["kept", "done"] and killed.is_set()
        assert saved[-1].device == backends[1].name and saved[-1].request.seed == 3
        assert "another worker" in problems[-1]
        assert len(pngs(home.gallery)) == 3
        facts = {"devices": [image.device for image in saved], "problem": problems[-1]}
        sys.stderr.write(f"[real ComfyUI pool] {json.dumps(facts)}\n")
    finally:
        controller.shutdown()
        for backend in backends:
            backend.close()
