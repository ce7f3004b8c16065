"""Several workers at once ("Run jobs on: All"): the queue hands each job to the first free
worker, a failing server rests while another worker takes its job, cancel reaches the right
worker, and the queue names the worker running each job."""

from __future__ import annotations

import threading
from dataclasses import replace

import pytest
from fake_servers import FakeServer, pool_controller
from pytestqt.qtbot import QtBot
from runtime_support import pngs

from studio.core.base.paths import AppPaths
from studio.core.base.progress import StepProgress
from studio.core.base.settings import load_settings
from studio.core.generation.engine import Engine
from studio.core.generation.request import GenerationRequest
from studio.runtime.controller import GenerationController, State
from studio.runtime.jobs import QUEUE_FILE_NAME, JobQueueModel
from studio.runtime.pool import LOCAL, Target

REQUEST = GenerationRequest(prompt="a red fox", model="tiny", seed=1, steps=2, width=64, height=64)


def _submit(controller: GenerationController, *prompts: str) -> None:
    for prompt in prompts:
        controller.submit(replace(REQUEST, prompt=prompt))


def test_two_servers_each_run_a_job_at_the_same_time(
    qtbot: QtBot, home: AppPaths, stop: list[GenerationController]
) -> None:
    both = threading.Barrier(2)  # each job waits until the other one is running too
    first, second = FakeServer("gpu-a:8188", both), FakeServer("gpu-b:8188", both)
    controller = pool_controller(qtbot, home, first, second)
    stop.append(controller)
    outcomes: list[str] = []
    controller.job_ended.connect(outcomes.append)
    _submit(controller, "one", "two")
    qtbot.waitUntil(lambda: len(outcomes) == 2, timeout=30_000)
    assert outcomes == ["done", "done"]  # a broken barrier (one at a time) fails the jobs
    assert first.started == ["one"] and second.started == ["two"]
    assert len(pngs(home.gallery)) == 2
    assert controller.queue.rowCount() == 0 and controller.state is State.IDLE


def test_a_server_dropping_a_job_hands_it_to_the_other_worker(
    qtbot: QtBot, home: AppPaths, stop: list[GenerationController]
) -> None:
    flaky, steady = FakeServer("gpu-a:8188"), FakeServer("gpu-b:8188")
    flaky.fail_next = True
    controller = pool_controller(qtbot, home, flaky, steady)
    stop.append(controller)
    problems: list[str] = []
    controller.problem_reported.connect(problems.append)
    outcomes: list[str] = []
    controller.job_ended.connect(outcomes.append)
    _submit(controller, "fox")
    qtbot.waitUntil(lambda: len(outcomes) == 2, timeout=30_000)
    assert outcomes == ["kept", "done"]
    assert flaky.started == ["fox"] and steady.started == ["fox"]
    assert "gpu-a:8188 dropped the connection" in problems[0]
    assert "another worker" in problems[0] and not controller.paused
    _submit(controller, "owl")  # the failed server rests: the other one takes the next job
    qtbot.waitUntil(lambda: len(outcomes) == 3, timeout=30_000)
    assert steady.started == ["fox", "owl"] and flaky.started == ["fox"]
    assert len(pngs(home.gallery)) == 2 and controller.queue.rowCount() == 0


def test_cancel_reaches_the_worker_running_that_job_and_the_queue_names_workers(
    qtbot: QtBot, home: AppPaths, stop: list[GenerationController]
) -> None:
    gate = threading.Event()
    first, second = FakeServer("gpu-a:8188", gate), FakeServer("gpu-b:8188", gate)
    controller = pool_controller(qtbot, home, first, second)
    stop.append(controller)
    steps: list[StepProgress] = []
    controller.step_completed.connect(steps.append)
    started: list[str] = []
    controller.job_started.connect(lambda request: started.append(request.prompt))
    _submit(controller, "one", "two")
    qtbot.waitUntil(lambda: len(first.started) == len(second.started) == 1, timeout=10_000)
    queue = controller.queue
    labels = [queue.data(queue.index(row)) for row in range(queue.rowCount())]
    assert labels[0].startswith("▶ [gpu-a:8188] one  ·  ")
    assert labels[1].startswith("▶ [gpu-b:8188] two  ·  ")
    second_job = queue.jobs[1].id
    outcomes: list[str] = []
    controller.job_ended.connect(outcomes.append)
    assert controller.cancel_job(second_job)
    qtbot.waitUntil(lambda: outcomes == ["cancelled"], timeout=10_000)
    assert second.cancelled == ["two"] and first.cancelled == []
    # Both reported a step; the window is shown only the first job's, never two interleaved.
    assert len(steps) == 1 and started == ["one"]
    assert controller.state is State.GENERATING  # the other job goes on
    gate.set()
    qtbot.waitUntil(lambda: outcomes == ["cancelled", "done"], timeout=10_000)
    assert len(pngs(home.gallery)) == 1 and controller.queue.rowCount() == 0


class _GatedEngine:
    """The real engine, whose jobs wait at `gate` first (a Barrier shared with a server)."""

    def __init__(self, engine: Engine, gate: threading.Barrier) -> None:
        self.__dict__.update(_engine=engine, _gate=gate)

    def __getattr__(self, name: str) -> object:
        return getattr(self._engine, name)

    def __setattr__(self, name: str, value: object) -> None:
        setattr(self._engine, name, value)

    def generate(self, *args: object, **kwargs: object) -> object:
        self._gate.wait(timeout=30)
        return self._engine.generate(*args, **kwargs)


def test_all_runs_on_this_computer_and_a_server_at_once(
    qtbot: QtBot, home: AppPaths, engine: Engine, stop: list[GenerationController]
) -> None:
    both = threading.Barrier(2)  # each job waits until the other one is running too
    server = FakeServer("gpu-box:8188", both)
    queue = JobQueueModel(home.data / QUEUE_FILE_NAME)
    targets = [Target(LOCAL), Target(server.name, server)]
    settings = load_settings(home.settings_file)
    here = _GatedEngine(engine, both)
    controller = GenerationController(home, settings, queue, here, targets=targets)  # type: ignore[arg-type]
    stop.append(controller)
    with qtbot.waitSignal(controller.model_ready, timeout=60_000):
        controller.start()
    devices: list[str] = []
    controller.image_saved.connect(lambda _path, result: devices.append(result.device))
    outcomes: list[str] = []
    controller.job_ended.connect(outcomes.append)
    controller.submit(replace(REQUEST, model="demo", prompt="here"))
    controller.submit(replace(REQUEST, prompt="there"))
    qtbot.waitUntil(lambda: len(outcomes) == 2, timeout=60_000)
    assert outcomes == ["done", "done"]  # a broken barrier (one at a time) fails the jobs
    assert server.started == ["there"] and "gpu-box:8188" in devices and len(devices) == 2
    assert len(pngs(home.gallery)) == 2


def test_a_resting_server_takes_jobs_again_when_its_rest_is_over(
    qtbot: QtBot, home: AppPaths, stop: list[GenerationController], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("studio.runtime.controller.REST_S", 0.3)
    gate = threading.Event()
    flaky, busy = FakeServer("gpu-a:8188"), FakeServer("gpu-b:8188", gate)
    flaky.fail_next = True
    controller = pool_controller(qtbot, home, flaky, busy)
    stop.append(controller)
    outcomes: list[str] = []
    controller.job_ended.connect(outcomes.append)
    _submit(controller, "fox", "owl")  # fox on gpu-a (drops it), owl on gpu-b (held)
    qtbot.waitUntil(lambda: outcomes == ["kept", "done"], timeout=10_000)
    assert flaky.started == ["fox", "fox"] and busy.started == ["owl"]  # fox waited, then ran
    gate.set()
    qtbot.waitUntil(lambda: len(outcomes) == 3, timeout=10_000)
    assert len(pngs(home.gallery)) == 2 and controller.queue.rowCount() == 0
