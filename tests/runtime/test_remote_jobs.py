"""Jobs run on a server (the fake ComfyUI replaying a real one) through the controller and
worker thread: pictures land in the local gallery; a server that drops the job keeps it."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from PIL import Image
from pytestqt.qtbot import QtBot
from runtime_support import pngs

from studio.core.backends.comfy import ComfyBackend
from studio.core.base.paths import AppPaths
from studio.core.base.settings import load_settings
from studio.core.generation.request import GenerationRequest
from studio.runtime.controller import GenerationController, State
from studio.runtime.jobs import QUEUE_FILE_NAME, JobQueueModel

sys.path.insert(0, str(Path(__file__).parents[1] / "core" / "backends"))
from fake_comfy_server import DROP, FakeComfy, running, script_from

REQUEST = GenerationRequest(
    prompt="a red fox", model="tiny-sd1", seed=42, steps=4, width=64, height=64
)


@pytest.fixture
def fake() -> Iterator[FakeComfy]:
    with running(FakeComfy()) as server:
        yield server


@pytest.fixture
def controller(qtbot: QtBot, home: AppPaths, fake: FakeComfy) -> Iterator[GenerationController]:
    queue = JobQueueModel(home.data / QUEUE_FILE_NAME)
    backend = ComfyBackend(fake.url)
    made = GenerationController(home, load_settings(home.settings_file), queue, backend=backend)
    with qtbot.waitSignal(made.model_ready, timeout=10_000):
        made.start()
    yield made
    made.shutdown()
    backend.close()
    assert not made._thread.isRunning()


def test_a_job_on_a_server_lands_in_the_local_gallery(
    qtbot: QtBot, controller: GenerationController, fake: FakeComfy, home: AppPaths
) -> None:
    fake.scripts.append(script_from("txt2img"))
    steps: list[int] = []
    controller.step_completed.connect(lambda progress: steps.append(progress.step))
    with qtbot.waitSignal(controller.job_ended, timeout=20_000) as ended:
        controller.submit(REQUEST)
    assert ended.args == ["done"]
    assert steps == [1, 2, 3, 4]
    [saved] = pngs(home.gallery)
    with Image.open(saved) as png:
        assert json.loads(png.text["prompt"])["1"]["inputs"]["ckpt_name"] == "tiny-sd1.safetensors"
    assert controller.queue.rowCount() == 0 and controller.state is State.IDLE


def test_a_dropped_job_stays_queued_and_the_queue_pauses(
    qtbot: QtBot, controller: GenerationController, fake: FakeComfy, home: AppPaths
) -> None:
    script = script_from("txt2img")
    first = next(i for i, m in enumerate(script.messages) if '"progress"' in m.get("text", ""))
    script.messages = [*script.messages[: first + 1], DROP]
    fake.scripts.append(script)
    problems: list[str] = []
    controller.problem_reported.connect(problems.append)
    with qtbot.waitSignal(controller.job_ended, timeout=20_000) as ended:
        controller.submit(REQUEST)
    assert ended.args == ["kept"]
    assert controller.queue.rowCount() == 1 and controller.paused
    assert "dropped the connection" in problems[0] and "stays in the queue" in problems[0]
    assert pngs(home.gallery) == []
    fake.scripts.append(script_from("txt2img"))  # the server is back: Resume runs it again
    with qtbot.waitSignal(controller.job_ended, timeout=20_000) as again:
        controller.set_paused(False)
    assert again.args == ["done"] and controller.queue.rowCount() == 0
    assert len(pngs(home.gallery)) == 1
