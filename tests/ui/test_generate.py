"""The real main window makes a picture with the demo model, cancels, and closes cleanly."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from PIL import Image
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot
from runtime_support import pngs

from studio.core.base.paths import AppPaths
from studio.core.imagemeta.lienzo_format import read_lienzo_request
from studio.runtime.controller import State
from studio.ui.main_window import MainWindow


def _type_request(qtbot: QtBot, window: MainWindow, prompt: str, steps: int) -> None:
    panel = window.prompt_panel
    qtbot.keyClicks(panel.prompt_edit, prompt)
    panel.set_advanced(True)
    panel.steps_spin.setValue(steps)
    panel.seed_edit.setText("1234")
    panel.size_combo.addItem("64 × 64", [64, 64])
    panel.size_combo.setCurrentIndex(panel.size_combo.count() - 1)


def test_ctrl_enter_makes_a_picture_shown_saved_and_in_the_gallery(
    qtbot: QtBot, open_window: Callable[..., MainWindow], ui_home: AppPaths
) -> None:
    window = open_window()
    _type_request(qtbot, window, "un faro al atardecer", steps=3)
    previews: list[int] = []
    window.controller.step_completed.connect(
        lambda progress: previews.append(progress.step) if progress.preview else None
    )

    with qtbot.waitSignal(window.controller.job_ended, timeout=60_000) as ended:
        qtbot.keyClick(
            window.prompt_panel.prompt_edit, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier
        )

    assert ended.args == ["done"]
    assert previews == [1, 2, 3]  # the canvas got a picture at every step
    [saved] = pngs(ui_home.gallery)
    with Image.open(saved) as image:
        request = read_lienzo_request(dict(image.text))
        assert image.size == (64, 64)
    assert request is not None
    assert (request.prompt, request.seed, request.steps) == ("un faro al atardecer", 1234, 3)
    assert window.gallery_panel.list_view.model().rowCount() == 1
    assert window.canvas.image is not None and not window.canvas.is_preview
    assert "Saved" in window.state_label.text()
    assert window.prompt_panel.history() == ["un faro al atardecer"]


def test_escape_cancels_within_a_step_and_leaves_no_file(
    qtbot: QtBot, open_window: Callable[..., MainWindow], ui_home: AppPaths
) -> None:
    window = open_window()
    _type_request(qtbot, window, "cancelado", steps=30)
    window.controller.step_completed.connect(
        lambda _p: qtbot.keyClick(window.canvas, Qt.Key.Key_Escape)
    )

    with qtbot.waitSignal(window.controller.job_ended, timeout=60_000) as ended:
        window.generate()

    assert ended.args == ["cancelled"]
    assert pngs(ui_home.gallery) == []
    assert window.controller.state is State.IDLE
    assert "nothing was saved" in window.state_label.text()
    assert window.controller.queue.rowCount() == 0


@pytest.mark.parametrize("answer", [QMessageBox.StandardButton.Yes, QMessageBox.StandardButton.No])
def test_closing_during_a_generation_asks_then_stops_cleanly(
    qtbot: QtBot,
    open_window: Callable[..., MainWindow],
    ui_home: AppPaths,
    monkeypatch: pytest.MonkeyPatch,
    answer: QMessageBox.StandardButton,
) -> None:
    window = open_window()
    asked: list[str] = []
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: asked.append(a[1]) or answer)
    _type_request(qtbot, window, "cerrar", steps=30)
    closed: list[bool] = []
    window.controller.step_completed.connect(
        lambda _p: closed.append(window.close()) if not closed else None
    )

    with qtbot.waitSignal(window.controller.job_ended, timeout=60_000) as ended:
        window.generate()
        if answer == QMessageBox.StandardButton.No:
            qtbot.waitUntil(lambda: bool(closed))
            window.controller.cancel()

    assert len(asked) == 1
    assert closed == [answer == QMessageBox.StandardButton.Yes]
    assert ended.args == ["cancelled"]
    assert pngs(ui_home.gallery) == []
    if answer == QMessageBox.StandardButton.Yes:
        assert not window.controller._thread.isRunning()
        assert not window.isVisible()
