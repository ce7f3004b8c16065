"""Qt fixtures for the window tests: offscreen, a fresh home each, the session's demo engine."""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot
from window_support import close_windows

from studio.core.base.paths import AppPaths, app_paths
from studio.core.generation.engine import Engine
from studio.ui.app import build_main_window
from studio.ui.main_window import MainWindow

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "runtime"))


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Qt warnings fail the window tests, except the offscreen plugin's own limits (it cannot
    propagate size hints, raise a popup menu or grab the keyboard for it)."""
    offscreen = ("propagateSizeHints", "does not support raise", "does not support grabbing")
    for item in items:
        if Path(str(item.fspath)).parent.name == "ui":
            item.add_marker(pytest.mark.qt_log_level_fail("WARNING"))
            item.add_marker(pytest.mark.qt_log_ignore(*offscreen))


@pytest.fixture
def ui_home(tmp_path: Path, paths: AppPaths) -> AppPaths:
    """A fresh app home (settings: demo model, English) sharing the session's model cache."""
    home = tmp_path / "home"
    (home / "config").mkdir(parents=True)
    settings = {"default_model": "demo", "language": "en"}
    (home / "config" / "settings.json").write_text(json.dumps(settings), encoding="utf-8")
    paths.cache.mkdir(parents=True, exist_ok=True)
    (home / "cache").symlink_to(paths.cache, target_is_directory=True)
    return app_paths(home)


@pytest.fixture
def open_window(
    qtbot: QtBot, ui_home: AppPaths, engine: Engine
) -> Iterator[Callable[..., MainWindow]]:
    """Open real main windows on `ui_home`; each is closed and its thread checked at the end."""
    opened: list[MainWindow] = []

    def open_one(start: bool = True) -> MainWindow:
        app = QApplication.instance()
        assert isinstance(app, QApplication)
        window = build_main_window(app, ui_home, engine)
        qtbot.addWidget(window)
        window.show()
        opened.append(window)
        if start:
            with qtbot.waitSignal(window.controller.model_ready, timeout=60_000):
                window.controller.start()
        return window

    yield open_one
    close_windows(opened)
