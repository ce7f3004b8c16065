"""The settings dialog driven from the File menu, and the light/dark theme."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtGui import QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication, QDialogButtonBox
from pytestqt.qtbot import QtBot

from studio.core.base.paths import AppPaths
from studio.core.base.settings import load_settings
from studio.ui.main_window import MainWindow
from studio.ui.settings_dialog import SettingsDialog


def _fill_settings_dialog(qtbot: QtBot, language: str, theme: str, folder: Path) -> list[bool]:
    """When the dialog opens, choose as a user would and press OK; returns [True] once done."""
    done: list[bool] = []

    def fill() -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, SettingsDialog)
        dialog.language_combo.setCurrentIndex(dialog.language_combo.findData(language))
        dialog.theme_combo.setCurrentIndex(dialog.theme_combo.findData(theme))
        dialog.output_edit.clear()
        qtbot.keyClicks(dialog.output_edit, str(folder))
        buttons = dialog.findChild(QDialogButtonBox)
        buttons.button(QDialogButtonBox.StandardButton.Ok).click()
        done.append(True)

    QTimer.singleShot(0, fill)
    return done


def _window_lightness() -> int:
    return QGuiApplication.palette().color(QPalette.ColorRole.Window).lightness()


def _canvas_lightness(window: MainWindow) -> int:
    return window.canvas.palette().color(QPalette.ColorRole.Base).lightness()


def test_settings_chosen_in_the_dialog_are_saved_and_applied_at_once(
    qtbot: QtBot, open_window: Callable[..., MainWindow], ui_home: AppPaths, tmp_path: Path
) -> None:
    window = open_window(start=False)
    folder = tmp_path / "mis dibujos"
    done = _fill_settings_dialog(qtbot, "es", "dark", folder)

    window.actions.settings.trigger()  # File ▸ Settings…, as the menu does

    assert done == [True]
    saved = load_settings(ui_home.settings_file)
    assert (saved.language, saved.theme, saved.output_dir) == ("es", "dark", str(folder))
    assert not [p for p in ui_home.config.iterdir() if p.name.endswith(".tmp")]
    qtbot.waitUntil(lambda: window.prompt_panel.generate_button.text().startswith("Generar"))
    assert _window_lightness() < 80
    assert window.controller.output_folder() == folder
    assert window.gallery_panel._title.text() == "Galería (0)"


def test_settings_that_cannot_be_saved_leave_the_file_and_the_window_as_they_were(
    qtbot: QtBot,
    open_window: Callable[..., MainWindow],
    ui_home: AppPaths,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    window = open_window(start=False)
    before = ui_home.settings_file.read_bytes()

    def disk_full(*_args: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("studio.core.base.atomic.os.replace", disk_full)
    _fill_settings_dialog(qtbot, "es", "dark", tmp_path / "x")

    window.actions.settings.trigger()

    assert "could not be saved" in window.banner.text()
    assert "No space left" in window.banner.text()
    assert ui_home.settings_file.read_bytes() == before
    assert [p.name for p in ui_home.config.iterdir() if p.suffix == ".tmp"] == []
    assert window.prompt_panel.generate_button.text().startswith("Generate")
    assert window.controller.settings.language == "en"


def test_switching_between_dark_and_light_changes_the_palette(
    qtbot: QtBot, open_window: Callable[..., MainWindow], ui_home: AppPaths
) -> None:
    window = open_window(start=False)
    settings = load_settings(ui_home.settings_file)

    window.apply_settings(settings.updated(theme="dark"))
    dark_text = QGuiApplication.palette().color(QPalette.ColorRole.WindowText).lightness()
    assert _window_lightness() < 80 and dark_text > 180
    qtbot.waitUntil(lambda: _canvas_lightness(window) < 80)  # widgets follow via events

    window.apply_settings(settings.updated(theme="light"))
    assert _window_lightness() > 180
    qtbot.waitUntil(lambda: _canvas_lightness(window) > 180)
    assert load_settings(ui_home.settings_file).theme == "light"
