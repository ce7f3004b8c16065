"""The controller's state machine over the real worker thread and the demo model."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from pytestqt.qtbot import QtBot
from runtime_support import pngs

from studio.core.base.errors import InvalidRequestError
from studio.core.base.paths import AppPaths
from studio.core.base.settings import load_settings
from studio.core.generation.engine import Engine
from studio.core.generation.request import GenerationRequest
from studio.runtime.controller import GenerationController, State
from studio.runtime.jobs import QUEUE_FILE_NAME, JobQueueModel


@pytest.fixture
def controller(home: AppPaths, engine: Engine) -> Iterator[GenerationController]:
    queue = JobQueueModel(home.data / QUEUE_FILE_NAME)
    made = GenerationController(home, load_settings(home.settings_file), queue, engine)
    yield made
    made.shutdown()
    assert not made._thread.isRunning()


def _started(qtbot: QtBot, controller: GenerationController) -> GenerationController:
    with qtbot.waitSignal(controller.model_ready, timeout=60_000):
        controller.start()
    assert controller.state is State.IDLE
    return controller


def test_a_job_runs_through_loading_generating_idle_and_saves_a_png(
    qtbot: QtBot,
    controller: GenerationController,
    home: AppPaths,
    demo_request: Callable[..., GenerationRequest],
) -> None:
    states: list[State] = []
    controller.state_changed.connect(states.append)
    _started(qtbot, controller)
    steps: list[int] = []
    controller.step_completed.connect(lambda progress: steps.append(progress.step))

    with qtbot.waitSignal(controller.job_ended, timeout=60_000) as ended:
        controller.submit(demo_request(steps=3))

    assert ended.args == ["done"]
    assert states == [State.LOADING, State.IDLE, State.GENERATING, State.IDLE]
    assert steps == [1, 2, 3]
    assert len(pngs(home.gallery)) == 1
    assert controller.queue.rowCount() == 0


def test_an_invalid_request_is_refused_before_it_is_queued(
    controller: GenerationController, home: AppPaths, demo_request: Callable[..., GenerationRequest]
) -> None:
    with pytest.raises(InvalidRequestError) as error:
        controller.submit(demo_request(width=100))
    assert error.value.field == "width"
    assert controller.queue.rowCount() == 0
    assert not (home.data / QUEUE_FILE_NAME).exists()


def test_cancel_stops_the_job_writes_nothing_and_pauses_the_queue(
    qtbot: QtBot,
    controller: GenerationController,
    home: AppPaths,
    demo_request: Callable[..., GenerationRequest],
) -> None:
    _started(qtbot, controller)
    controller.step_completed.connect(lambda _progress: controller.cancel())
    controller.submit(demo_request(steps=20, prompt="primero"))

    with qtbot.waitSignal(controller.job_ended, timeout=60_000) as ended:
        controller.submit(demo_request(steps=2, prompt="segundo"))

    assert ended.args == ["cancelled"]
    assert pngs(home.gallery) == []
    assert controller.paused
    assert [job.request.prompt for job in controller.queue.jobs] == ["segundo"]


def test_jobs_restored_from_disk_wait_until_resumed(
    qtbot: QtBot, home: AppPaths, engine: Engine, demo_request: Callable[..., GenerationRequest]
) -> None:
    JobQueueModel(home.data / QUEUE_FILE_NAME).add(demo_request(steps=2))
    queue = JobQueueModel(home.data / QUEUE_FILE_NAME)
    controller = GenerationController(home, load_settings(home.settings_file), queue, engine)
    try:
        _started(qtbot, controller)
        assert controller.paused and controller.state is State.IDLE and pngs(home.gallery) == []
        with qtbot.waitSignal(controller.job_ended, timeout=60_000):
            controller.set_paused(False)
        assert len(pngs(home.gallery)) == 1
    finally:
        controller.shutdown()
