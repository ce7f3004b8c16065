"""A new user's first five minutes: empty home, offline, no model; then the demo; then a restart.

The window is started exactly as `studio` starts it (no settings file at all), so what these
tests see is what a new user sees.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QPushButton
from pytestqt.qtbot import QtBot
from window_support import close_windows

from studio.core.base.paths import AppPaths, app_paths
from studio.core.generation.engine import Engine
from studio.ui.app import build_main_window
from studio.ui.main_window import MainWindow
from studio.ui.models_dialog_picker import select_ref


@pytest.fixture
def new_user_home(tmp_path: Path, paths: AppPaths, monkeypatch: pytest.MonkeyPatch) -> AppPaths:
    """No settings file, nothing downloaded, offline; the session's demo model cache is shared."""
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    monkeypatch.setenv("HF_HOME", str(tmp_path / "hf"))  # an empty Hugging Face cache
    home = tmp_path / "home"
    home.mkdir()
    paths.cache.mkdir(parents=True, exist_ok=True)
    (home / "cache").symlink_to(paths.cache, target_is_directory=True)
    return app_paths(home)


@pytest.fixture
def start_window(
    qtbot: QtBot, new_user_home: AppPaths, engine: Engine
) -> Iterator[Callable[[], MainWindow]]:
    """Start real main windows on the new user's home, as `studio` does; closed at the end."""
    opened: list[MainWindow] = []

    def start() -> MainWindow:
        app = QApplication.instance()
        assert isinstance(app, QApplication)
        window = build_main_window(app, new_user_home, engine)
        qtbot.addWidget(window)
        window.show()
        opened.append(window)
        window.controller.start()
        return window

    yield start
    close_windows(opened)
    engine.load("demo")  # the shared engine stays on the demo model for the next tests


def _offer_buttons(window: MainWindow) -> dict[str, QPushButton]:
    return {b.text(): b for b in window.banner.choices()}


def _wait_for_offer(qtbot: QtBot, window: MainWindow) -> dict[str, QPushButton]:
    qtbot.waitUntil(lambda: len(_offer_buttons(window)) == 2, timeout=60_000)
    return _offer_buttons(window)


def test_generate_without_a_model_offers_download_or_demo_never_a_path_error(
    qtbot: QtBot, start_window: Callable[[], MainWindow], new_user_home: AppPaths
) -> None:
    window = start_window()
    _wait_for_offer(qtbot, window)
    assert window.models_ui.dialog is None, "one message, not a dialog popping up as well"
    window.banner.hide()
    window.prompt_panel.prompt_edit.setPlainText("a cat")
    with qtbot.waitSignal(window.controller.job_ended, timeout=60_000) as ended:
        ctrl = Qt.KeyboardModifier.ControlModifier
        qtbot.keyClick(window.prompt_panel.prompt_edit, Qt.Key.Key_Return, ctrl)
    assert ended.args == ["failed"]
    buttons = _wait_for_offer(qtbot, window)
    text = window.banner.text()
    assert "SD-Turbo is not on this computer" in text
    assert "folder" not in text and "''" not in text
    download = next(t for t in buttons if t.startswith("Download it ("))
    assert "GB)" in download or "MB)" in download
    assert "Use the demo model now" in buttons
    assert not list((new_user_home.gallery).rglob("*.png"))


def test_use_demo_makes_a_picture_and_a_restart_asks_nothing(
    qtbot: QtBot, start_window: Callable[[], MainWindow], new_user_home: AppPaths
) -> None:
    window = start_window()
    buttons = _wait_for_offer(qtbot, window)
    window.prompt_panel.prompt_edit.setPlainText("a cat")
    window.prompt_panel.steps_spin.setValue(2)
    with qtbot.waitSignal(window.controller.job_ended, timeout=60_000) as ended:
        buttons["Use the demo model now"].click()
    assert ended.args == ["done"]
    assert window.prompt_panel.model_ref() == "demo"
    assert len(list(new_user_home.gallery.rglob("*.png"))) == 1
    assert window.banner.text() == ""
    saved = json.loads(new_user_home.settings_file.read_text(encoding="utf-8"))
    assert saved["default_model"] == "demo"
    window.close()

    again = start_window()
    with qtbot.waitSignal(again.controller.model_ready, timeout=60_000) as ready:
        pass
    assert ready.args == ["demo"]
    qtbot.wait(200)  # anything queued behind the load (a dialog, a banner) has had its turn
    assert again.models_ui.dialog is None
    assert again.banner.text() == ""
    assert again.prompt_panel.model_ref() == "demo"


def test_the_model_picker_is_in_view_and_explains_the_demo(
    qtbot: QtBot, start_window: Callable[[], MainWindow]
) -> None:
    window = start_window()
    panel = window.prompt_panel
    assert not panel.advanced_toggle.isChecked()
    assert panel.model_combo.isVisibleTo(window)
    qtbot.waitUntil(lambda: panel.model_combo.findData("demo") >= 0, timeout=10_000)
    index = panel.model_combo.findData("demo")
    tip = panel.model_combo.itemData(index, Qt.ItemDataRole.ToolTipRole)
    assert "draws noise" in panel.model_combo.itemText(index) + tip
    assert "proves the app works" in tip


def test_a_typed_model_name_completed_to_an_item_runs_that_item(
    qtbot: QtBot, start_window: Callable[[], MainWindow]
) -> None:
    window = start_window()
    combo = window.prompt_panel.model_combo
    qtbot.waitUntil(lambda: combo.findData("demo") >= 0, timeout=10_000)
    combo.setCurrentIndex(0)  # "automatic"
    combo.lineEdit().setText(combo.itemText(combo.findData("demo")))  # what the completer does
    assert window.prompt_panel.model_ref() == "demo"


def test_a_chosen_model_shows_the_start_of_its_name(
    qtbot: QtBot, start_window: Callable[[], MainWindow]
) -> None:
    window = start_window()
    combo = window.prompt_panel.model_combo
    qtbot.waitUntil(lambda: combo.findData("demo") >= 0, timeout=10_000)
    combo.lineEdit().setCursorPosition(len(combo.currentText()))
    select_ref(combo, "demo")
    assert combo.currentText().startswith("demo")
    # The box shows the text from its first letter, not its tail ("emo — draws noise…").
    assert combo.lineEdit().cursorPosition() == 0
