"""Run jobs on: All, where each worker has its own models: a worker that lacks the job's model
hands the job to one that has not refused it yet, stays healthy (takes the next job at once),
and the job fails, naming where it was tried, only when every worker lacks the model."""

from __future__ import annotations

import threading
from dataclasses import replace

from fake_servers import FakeServer, pool_controller
from pytestqt.qtbot import QtBot
from runtime_support import pngs

from studio.core.base.paths import AppPaths
from studio.core.base.settings import load_settings
from studio.core.generation.engine import Engine
from studio.core.generation.request import GenerationRequest
from studio.runtime.controller import GenerationController
from studio.runtime.jobs import QUEUE_FILE_NAME, JobQueueModel
from studio.runtime.pool import LOCAL, Target

REQUEST = GenerationRequest(prompt="fox", model="tiny", seed=1, steps=2, width=64, height=64)


class Watch:
    """What the controller told the window: outcomes, messages, closed jobs."""

    def __init__(self, controller: GenerationController) -> None:
        self.controller = controller
        self.outcomes: list[str] = []
        self.problems: list[str] = []
        self.closed: list[tuple[str, str]] = []
        controller.job_ended.connect(self.outcomes.append)
        controller.problem_reported.connect(self.problems.append)
        controller.job_closed.connect(
            lambda _id, outcome, text: self.closed.append((outcome, text))
        )


def _two_servers(
    qtbot: QtBot, home: AppPaths, stop: list[GenerationController], gate: threading.Event | None
) -> tuple[FakeServer, FakeServer, GenerationController, Watch]:
    """gpu-a (free first, so asked first) has "other"; gpu-b has "tiny" and waits at `gate`."""
    first = FakeServer("gpu-a:8188", models=("other.safetensors",))
    second = FakeServer("gpu-b:8188", gate, models=("tiny.safetensors",))
    controller = pool_controller(qtbot, home, first, second)
    stop.append(controller)
    return first, second, controller, Watch(controller)


def _submit(controller: GenerationController, prompt: str, model: str) -> None:
    controller.submit(replace(REQUEST, prompt=prompt, model=model))


def _run(qtbot: QtBot, watch: Watch, prompt: str, model: str, ended: int) -> list[str]:
    """Submit a job and wait until `ended` jobs have ended (or gone back) in all; the outcomes."""
    _submit(watch.controller, prompt, model)
    qtbot.waitUntil(lambda: len(watch.outcomes) == ended, timeout=60_000)
    return watch.outcomes


def test_a_job_goes_to_the_worker_that_has_its_model_and_the_other_stays_in_use(
    qtbot: QtBot, home: AppPaths, stop: list[GenerationController]
) -> None:
    first, second, controller, watch = _two_servers(qtbot, home, stop, None)
    _run(qtbot, watch, "fox", "tiny", 2)
    assert watch.outcomes == ["kept", "done"]
    assert first.refused == ["fox"] and first.started == []
    assert second.started == ["fox"]
    assert watch.problems == []  # a handed-over job is no trouble for the user
    # gpu-a is not resting: the next job, which only it has, runs there at once (a rested
    # gpu-a would leave it with gpu-b, which refuses it, then wait a minute: a timeout here).
    _run(qtbot, watch, "owl", "other", 3)
    assert watch.outcomes == ["kept", "done", "done"]
    assert first.started == ["owl"] and second.refused == []
    assert len(pngs(home.gallery)) == 2 and controller.queue.rowCount() == 0
    assert not controller.paused


def test_a_job_no_worker_has_fails_naming_where_it_was_tried(
    qtbot: QtBot, home: AppPaths, stop: list[GenerationController]
) -> None:
    first, second, controller, watch = _two_servers(qtbot, home, stop, None)
    _run(qtbot, watch, "fox", "nowhere", 2)
    assert watch.outcomes == ["kept", "failed"]
    assert first.refused == ["fox"] and second.refused == ["fox"]  # each asked once
    [message] = watch.problems
    assert "tried on: gpu-a:8188, gpu-b:8188" in message
    assert "has no model 'nowhere'" in message
    assert watch.closed[-1] == ("refused", message)  # the API answers 400: the user can fix it
    assert controller.queue.rowCount() == 0 and pngs(home.gallery) == []
    _run(qtbot, watch, "owl", "tiny", 4)
    assert watch.outcomes[2:] == ["kept", "done"] and second.started == ["owl"]


def test_a_single_worker_without_the_model_fails_at_once_with_its_own_words(
    qtbot: QtBot, home: AppPaths, stop: list[GenerationController]
) -> None:
    only = FakeServer("gpu-a:8188", models=("other.safetensors",))
    controller = pool_controller(qtbot, home, only)
    stop.append(controller)
    watch = Watch(controller)
    _run(qtbot, watch, "fox", "tiny", 1)
    assert watch.outcomes == ["failed"] and not controller.paused
    assert watch.problems == ["The ComfyUI server has no model 'tiny'. It has: other.safetensors."]
    assert controller.queue.rowCount() == 0


def test_a_refused_job_waits_for_the_busy_worker_while_the_free_one_runs_the_next(
    qtbot: QtBot, home: AppPaths, stop: list[GenerationController]
) -> None:
    gate = threading.Event()
    first, second, controller, watch = _two_servers(qtbot, home, stop, gate)
    try:
        _submit(controller, "fox", "tiny")  # gpu-a refuses it, gpu-b holds it at the gate
        qtbot.waitUntil(lambda: second.started == ["fox"], timeout=30_000)
        _submit(controller, "cat", "tiny")  # gpu-a refuses it too: it waits for gpu-b
        qtbot.waitUntil(lambda: first.refused == ["fox", "cat"], timeout=30_000)
        _submit(controller, "owl", "other")  # behind "cat" in the queue, but gpu-a has it
        qtbot.waitUntil(lambda: watch.outcomes[-1:] == ["done"], timeout=30_000)
        assert first.started == ["owl"] and second.started == ["fox"]
        labels = [job.request.prompt for job in controller.queue.jobs]
        assert labels == ["fox", "cat"]  # cat still waits, first after the running one
    finally:
        gate.set()
    qtbot.waitUntil(lambda: controller.queue.rowCount() == 0, timeout=30_000)
    assert second.started == ["fox", "cat"] and watch.outcomes.count("done") == 3
    assert watch.problems == []


def test_a_server_checkpoint_this_computer_lacks_runs_on_the_server(
    qtbot: QtBot, home: AppPaths, engine: Engine, stop: list[GenerationController]
) -> None:
    server = FakeServer("gpu-box:8188", models=("dreamshaper_8.safetensors",))
    queue = JobQueueModel(home.data / QUEUE_FILE_NAME)
    targets = [Target(LOCAL), Target(server.name, server)]
    settings = load_settings(home.settings_file)
    controller = GenerationController(home, settings, queue, engine, targets=targets)
    stop.append(controller)
    with qtbot.waitSignal(controller.model_ready, timeout=60_000):
        controller.start()
    watch = Watch(controller)
    _run(qtbot, watch, "fox", "dreamshaper_8.safetensors", 2)
    assert watch.outcomes == ["kept", "done"] and server.started == ["fox"]
    _run(qtbot, watch, "owl", "nowhere.safetensors", 4)
    assert watch.outcomes[2:] == ["kept", "failed"]
    assert "tried on: this computer, gpu-box:8188" in watch.problems[-1]
    assert len(pngs(home.gallery)) == 1
