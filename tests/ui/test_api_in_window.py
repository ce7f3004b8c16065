"""With the window open and "Allow other programs" on, API requests are the window's jobs:
its queue (marked API, never saved), its engine, its gallery; interrupt and quitting."""

from __future__ import annotations

import base64
import json
import socket
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import httpx
import pytest
from fastapi.testclient import TestClient
from PIL import Image
from pytestqt.qtbot import QtBot
from runtime_support import pngs

from studio.core.base.paths import AppPaths
from studio.core.base.settings import load_settings
from studio.core.generation.engine import Engine
from studio.core.generation.request import GenerationRequest
from studio.core.imagemeta.lienzo_format import read_lienzo_payload
from studio.runtime.jobs import QUEUE_FILE_NAME, read_jobs
from studio.server.app import create_app
from studio.server.embedded import local_engine_factory
from studio.server.jobs import JobRunner
from studio.ui.main_window import MainWindow
from studio.ui.settings_dialog import SettingsDialog

SMALL = {"prompt": "un faro", "steps": 2, "width": 64, "height": 64, "seed": 7}


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _switch(window: MainWindow, on: bool) -> None:
    dialog = SettingsDialog(window.controller.settings, window)
    dialog.api_check.setChecked(on)
    window.apply_settings(dialog.settings())
    dialog.deleteLater()


def _serving(window: MainWindow) -> str:
    window.api.port = port = _free_port()
    _switch(window, True)
    assert window.api.running
    return f"http://127.0.0.1:{port}/sdapi/v1"


@contextmanager
def _posting(url: str, body: dict[str, Any]) -> Iterator[dict[str, httpx.Response]]:
    """POST from another thread (the GUI thread must keep running the window's queue)."""
    answer: dict[str, httpx.Response] = {}
    thread = threading.Thread(
        target=lambda: answer.update(response=httpx.post(url, json=body, timeout=120))
    )
    thread.start()
    try:
        yield answer
    finally:
        thread.join(timeout=120)


def _window_answer(qtbot: QtBot, url: str, body: dict[str, Any]) -> httpx.Response:
    with _posting(f"{url}/txt2img", body) as answer:
        qtbot.waitUntil(lambda: "response" in answer, timeout=60_000)
    return answer["response"]


def _serve_answer(home: AppPaths, window_engine: Engine, body: dict[str, Any]) -> httpx.Response:
    """The same request to `studio serve`'s app and its own worker and engine, on the window's
    settings; the engine's folders (<data>/loras) are those of the window's engine."""
    settings = load_settings(home.settings_file)
    factory = local_engine_factory(window_engine.paths, settings, "cpu")
    runner = JobRunner(factory, home.gallery)
    app = create_app(home, settings, runner, "demo")
    with TestClient(app, raise_server_exceptions=False) as client:
        return client.post("/sdapi/v1/txt2img", json=body)


@pytest.fixture
def engines_made(monkeypatch: pytest.MonkeyPatch) -> list[Engine]:
    """Every Engine built during the test (the window's own comes from the session)."""
    made: list[Engine] = []
    original = Engine.__init__

    def counting(self: Engine, *args: Any, **kwargs: Any) -> None:
        made.append(self)
        original(self, *args, **kwargs)

    monkeypatch.setattr(Engine, "__init__", counting)
    return made


def test_an_api_request_is_a_window_job_on_its_engine_and_in_its_gallery(
    qtbot: QtBot,
    open_window: Callable[..., MainWindow],
    ui_home: AppPaths,
    engines_made: list[Engine],
) -> None:
    window = open_window()
    url = _serving(window)
    queue = window.controller.queue
    window.controller.set_paused(True)  # the job waits where the user can see it
    with _posting(f"{url}/txt2img", SMALL) as answer:
        qtbot.waitUntil(lambda: queue.rowCount() == 1, timeout=30_000)
        label = queue.data(queue.index(0))
        assert label.startswith("API · un faro")
        assert read_jobs(ui_home.data / QUEUE_FILE_NAME) == []  # a waiting request's job
        state = httpx.get(f"{url}/progress", timeout=30).json()["state"]
        assert (state["job_count"], state["job"]) == (1, "")  # waiting, not running yet
        window.controller.set_paused(False)
        qtbot.waitUntil(lambda: "response" in answer, timeout=60_000)

    response = answer["response"]
    assert response.status_code == 200, response.text
    [saved] = pngs(ui_home.gallery)
    assert base64.b64decode(response.json()["images"][0]) == saved.read_bytes()
    with Image.open(saved) as image:
        payload = read_lienzo_payload(dict(image.text))
    assert payload is not None and payload["origin"] == "api"
    assert payload["request"]["prompt"] == "un faro"
    qtbot.waitUntil(lambda: window.gallery_panel.list_view.model().rowCount() == 1)
    assert queue.rowCount() == 0
    assert engines_made == []  # the window's engine made it: no second model load


def test_interrupt_from_the_api_stops_its_job_within_a_step_and_leaves_the_queue_running(
    qtbot: QtBot, open_window: Callable[..., MainWindow], ui_home: AppPaths
) -> None:
    window = open_window()
    url = _serving(window)
    steps: list[int] = []
    at_cancel: list[int] = []
    window.controller.step_completed.connect(lambda progress: steps.append(progress.step))
    cancel_job = window.controller.cancel_job

    def recording(job_id: str) -> bool:
        at_cancel.append(steps[-1] if steps else 0)
        return cancel_job(job_id)

    window.controller.cancel_job = recording  # type: ignore[method-assign]
    interrupter = threading.Thread(target=lambda: httpx.post(f"{url}/interrupt", timeout=30))
    window.controller.step_completed.connect(
        lambda _p: interrupter.start() if interrupter.ident is None else None
    )
    with _posting(f"{url}/txt2img", {**SMALL, "steps": 150}) as answer:
        qtbot.waitUntil(lambda: "response" in answer, timeout=120_000)
    response = answer["response"]
    assert response.status_code == 200, response.text
    interrupter.join(timeout=30)
    assert response.json()["images"] == [] and pngs(ui_home.gallery) == []
    assert len(at_cancel) == 1
    assert max(steps) <= at_cancel[0] + 2 < 150  # the step running, and one already reported
    assert not window.controller.paused  # the window's own queue goes on
    assert window.state_label.text() == "Cancelled: nothing was saved."  # not "paused"
    assert window.controller.queue.rowCount() == 0


def test_interrupt_from_the_api_leaves_the_windows_own_job_alone(
    qtbot: QtBot, open_window: Callable[..., MainWindow], ui_home: AppPaths
) -> None:
    window = open_window()
    url = _serving(window)
    interrupted = threading.Event()

    def interrupt_once(_progress: object) -> None:
        if not interrupted.is_set():
            interrupted.set()
            assert httpx.post(f"{url}/interrupt", timeout=30).status_code == 200

    window.controller.step_completed.connect(interrupt_once)
    request = GenerationRequest(prompt="mío", model="demo", seed=3, steps=6, width=64, height=64)
    with qtbot.waitSignal(window.controller.job_ended, timeout=60_000) as ended:
        window.controller.submit(request)
    assert interrupted.is_set() and ended.args == ["done"]
    assert len(pngs(ui_home.gallery)) == 1


def test_quitting_with_api_jobs_waiting_answers_them_503(
    qtbot: QtBot, open_window: Callable[..., MainWindow]
) -> None:
    window = open_window()
    url = _serving(window)
    window.controller.set_paused(True)
    with _posting(f"{url}/txt2img", SMALL) as answer:
        qtbot.waitUntil(lambda: window.controller.queue.rowCount() == 1, timeout=30_000)
        window.close()
    response = answer["response"]
    assert response.status_code == 503
    assert "stopping" in json.loads(response.text)["detail"]


def test_a_port_in_use_is_said_in_the_window_and_the_switch_goes_back_off(
    open_window: Callable[..., MainWindow], ui_home: AppPaths
) -> None:
    window = open_window(start=False)
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        window.api.port = port = taken.getsockname()[1]
        _switch(window, True)
    assert not window.api.running
    assert f"Port {port}" in window.banner.text() and "studio serve --port" in window.banner.text()
    assert window.controller.settings.api_server is False
    assert load_settings(ui_home.settings_file).api_server is False


def test_a_port_in_use_at_startup_is_said_and_the_switch_is_off(
    open_window: Callable[..., MainWindow], ui_home: AppPaths, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings = json.loads(ui_home.settings_file.read_text(encoding="utf-8"))
    ui_home.settings_file.write_text(json.dumps({**settings, "api_server": True}), "utf-8")
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        monkeypatch.setattr("studio.ui.window.api_switch.DEFAULT_PORT", port)
        window = open_window(start=False)
    assert not window.api.running and f"Port {port}" in window.banner.text()
    assert load_settings(ui_home.settings_file).api_server is False


def test_a_failure_the_user_can_fix_is_a_400_with_the_same_error_as_studio_serve(
    qtbot: QtBot, open_window: Callable[..., MainWindow], ui_home: AppPaths, engine: Engine
) -> None:
    body = {**SMALL, "prompt": "un faro <lora:no-such-lora:0.8>"}  # found missing at run time
    in_window = _window_answer(qtbot, _serving(window := open_window()), body)
    standalone = _serve_answer(ui_home, engine, body)
    assert in_window.status_code == standalone.status_code == 400, in_window.text
    assert in_window.json() == standalone.json()
    assert "'no-such-lora' not found" in in_window.json()["detail"]
    assert window.controller.queue.rowCount() == 0 and pngs(ui_home.gallery) == []


def test_an_unexpected_failure_is_a_500_with_the_same_error_as_studio_serve(
    qtbot: QtBot,
    open_window: Callable[..., MainWindow],
    ui_home: AppPaths,
    engine: Engine,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def broken(self: Engine, *args: Any, **kwargs: Any) -> Iterator[object]:
        raise RuntimeError("the device went away")
        yield  # a generator, as Engine.generate is

    monkeypatch.setattr(Engine, "generate", broken)
    in_window = _window_answer(qtbot, _serving(open_window()), SMALL)
    standalone = _serve_answer(ui_home, engine, SMALL)
    assert in_window.status_code == standalone.status_code == 500, in_window.text
    assert in_window.json() == standalone.json()
    assert "Unexpected error: the device went away" in in_window.json()["detail"]
