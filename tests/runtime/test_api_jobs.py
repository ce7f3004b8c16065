"""The API's jobs in the window's queue (runtime/api_jobs.py), with fake servers as workers:
answered from another thread, a dead server's job answered at once when the queue pauses (or
handed to another worker), and stopping answers every waiting request."""

from __future__ import annotations

import threading
from concurrent.futures import Future

from fake_servers import FakeServer, pool_controller
from PIL import Image
from pytestqt.qtbot import QtBot

from studio.core.base.paths import AppPaths
from studio.core.generation.request import GenerationRequest
from studio.core.imagemeta.lienzo_format import read_lienzo_payload
from studio.runtime.api_jobs import ApiJobResult, ApiJobs
from studio.runtime.controller import GenerationController
from studio.runtime.jobs import QUEUE_FILE_NAME, read_jobs


def _from_another_thread(bridge: ApiJobs, prompt: str) -> Future[ApiJobResult]:
    """Submit as the HTTP server does: from a thread that is not the GUI thread."""
    holder: list[Future[ApiJobResult]] = []
    thread = threading.Thread(target=lambda: holder.append(bridge.submit(_ask(prompt), "txt2img")))
    thread.start()
    thread.join(timeout=10)
    return holder[0]


def _ask(prompt: str) -> GenerationRequest:
    return GenerationRequest(prompt=prompt, model="tiny", seed=1, steps=2, width=64, height=64)


def test_a_job_submitted_from_another_thread_is_answered_with_its_saved_picture(
    qtbot: QtBot, home: AppPaths, stop: list[GenerationController]
) -> None:
    controller = pool_controller(qtbot, home, FakeServer("gpu-a:8188"))
    stop.append(controller)
    bridge = ApiJobs(controller)
    future = _from_another_thread(bridge, "un faro")
    qtbot.waitUntil(future.done, timeout=30_000)
    result = future.result()
    assert result.outcome == "done"
    [(path, image)] = result.saved
    assert image.request.prompt == "un faro" and path.parent.parent == home.gallery
    with Image.open(path) as saved:
        payload = read_lienzo_payload(dict(saved.text))
    assert payload is not None and payload["origin"] == "api"
    assert bridge.progress().waiting == 0 and bridge.progress().label == ""


def test_a_dead_server_answers_the_request_when_the_queue_pauses(
    qtbot: QtBot, home: AppPaths, stop: list[GenerationController]
) -> None:
    server = FakeServer("gpu-a:8188")
    server.fail_next = True
    controller = pool_controller(qtbot, home, server)
    stop.append(controller)
    future = _from_another_thread(ApiJobs(controller), "un faro")
    qtbot.waitUntil(future.done, timeout=30_000)
    result = future.result()
    assert result.outcome == "kept" and "dropped the connection" in result.message
    assert controller.paused and controller.queue.rowCount() == 0  # not retried later


def test_with_another_worker_a_dropped_api_job_runs_there(
    qtbot: QtBot, home: AppPaths, stop: list[GenerationController]
) -> None:
    flaky, steady = FakeServer("gpu-a:8188"), FakeServer("gpu-b:8188")
    flaky.fail_next = True
    controller = pool_controller(qtbot, home, flaky, steady)
    stop.append(controller)
    future = _from_another_thread(ApiJobs(controller), "un faro")
    qtbot.waitUntil(future.done, timeout=30_000)
    assert future.result().outcome == "done" and len(future.result().saved) == 1
    assert flaky.started == ["un faro"] and steady.started == ["un faro"]


def test_stopping_answers_the_running_and_the_waiting_requests_and_empties_the_queue(
    qtbot: QtBot, home: AppPaths, stop: list[GenerationController]
) -> None:
    gate = threading.Event()  # the server holds its job until cancelled
    server = FakeServer("gpu-a:8188", gate)
    controller = pool_controller(qtbot, home, server)
    stop.append(controller)
    bridge = ApiJobs(controller)
    running, waiting = (_from_another_thread(bridge, p) for p in ("primero", "segundo"))
    qtbot.waitUntil(lambda: bridge.progress().label == "txt2img", timeout=30_000)
    assert bridge.progress().waiting == 1
    assert read_jobs(home.data / QUEUE_FILE_NAME) == []  # never written to the queue file
    bridge.stop()
    assert running.result(timeout=1).outcome == "stopped"
    assert waiting.result(timeout=1).outcome == "stopped"
    qtbot.waitUntil(lambda: server.cancelled == ["primero"], timeout=30_000)  # within a step
    qtbot.waitUntil(lambda: controller.queue.rowCount() == 0, timeout=30_000)
    assert server.started == ["primero"]
    late = bridge.submit(_ask("tarde"), "txt2img")  # after stop: answered at once, nothing queued
    assert late.result(timeout=1).outcome == "stopped" and controller.queue.rowCount() == 0
