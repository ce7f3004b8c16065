"""Quitting the window in the middle of a picture keeps that job, paused, at the top."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot
from runtime_support import pngs

from studio.core.base.paths import AppPaths
from studio.core.generation.request import GenerationRequest
from studio.runtime.controller import State
from studio.ui.main_window import MainWindow


def test_quitting_mid_generation_keeps_the_job_paused_at_the_top_of_the_queue(
    qtbot: QtBot,
    open_window: Callable[..., MainWindow],
    ui_home: AppPaths,
    monkeypatch: pytest.MonkeyPatch,
    demo_request: Callable[..., GenerationRequest],
) -> None:
    window = open_window()
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    controller = window.controller
    closed: list[bool] = []
    controller.step_completed.connect(
        lambda _p: closed.append(window.close()) if not closed else None
    )

    with qtbot.waitSignal(controller.job_ended, timeout=60_000) as ended:
        controller.submit(demo_request(steps=30, prompt="el que corre"))
        controller.submit(demo_request(steps=2, prompt="el siguiente"))

    assert closed == [True] and ended.args == ["cancelled"]
    assert pngs(ui_home.gallery) == []
    reopened = open_window(start=False)
    assert [job.request.prompt for job in reopened.controller.queue.jobs] == [
        "el que corre",
        "el siguiente",
    ]
    assert reopened.controller.paused and reopened.controller.state is State.IDLE
