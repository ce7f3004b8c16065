"""Dropped images, language switch, and what the window remembers across restarts."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from drop_support import drop_files
from PIL import Image
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox
from pytestqt.qtbot import QtBot

from studio.core.base.paths import AppPaths
from studio.core.base.settings import load_settings
from studio.core.gallery.output import save_image
from studio.core.generation.engine import Engine
from studio.core.generation.request import GenerationRequest
from studio.ui.main_window import MainWindow


def _bad_files(folder: Path) -> dict[str, Path]:
    text = folder / "notes.png"
    text.write_text("not a picture", encoding="utf-8")
    truncated = folder / "cut.png"
    Image.new("RGB", (300, 300), "red").save(truncated)
    truncated.write_bytes(truncated.read_bytes()[:200])
    sub = folder / "a folder"
    sub.mkdir()
    return {"not an image": text, "damaged": truncated, "folder": sub}


@pytest.mark.parametrize("kind", ["not an image", "damaged", "folder"])
def test_a_bad_dropped_file_is_explained_and_changes_nothing(
    open_window: Callable[..., MainWindow], ui_home: AppPaths, tmp_path: Path, kind: str
) -> None:
    window = open_window(start=False)
    bad = _bad_files(tmp_path)[kind]
    before = sorted(p for p in ui_home.config.parent.rglob("*") if "cache" not in p.parts)

    drop_files(window, bad)

    assert bad.name in window.banner.text()
    assert kind.split()[-1] in window.banner.text()
    assert window.prompt_panel.init_box.isHidden()
    assert window.prompt_panel.build_request().init_image is None
    after = sorted(p for p in ui_home.config.parent.rglob("*") if "cache" not in p.parts)
    assert after == before


def test_a_dropped_picture_becomes_the_input_and_offers_its_settings(
    qtbot: QtBot, open_window: Callable[..., MainWindow], engine: Engine, tmp_path: Path
) -> None:
    made = GenerationRequest(prompt="un barco", model="demo", seed=99, steps=2, width=64, height=64)
    picture = save_image(next(engine.generate(made)), tmp_path)
    window = open_window(start=False)
    panel = window.prompt_panel

    drop_files(window, picture)

    assert not panel.init_box.isHidden()
    assert panel.build_request().init_image == str(picture)
    assert window.banner.text() == ""
    qtbot.mouseClick(panel.init_box._reuse, Qt.MouseButton.LeftButton)
    request = panel.build_request()
    assert (request.prompt, request.seed, request.steps) == ("un barco", 99, 2)
    qtbot.mouseClick(panel.init_box._remove, Qt.MouseButton.LeftButton)
    assert panel.build_request().init_image is None


def test_switching_to_spanish_changes_the_visible_text_and_is_saved(
    qtbot: QtBot, open_window: Callable[..., MainWindow], ui_home: AppPaths
) -> None:
    window = open_window(start=False)
    assert window.prompt_panel.generate_button.text().startswith("Generate")

    window.apply_settings(load_settings(ui_home.settings_file).updated(language="es"))

    # Qt delivers LanguageChange through the event loop.
    qtbot.waitUntil(lambda: window.prompt_panel.generate_button.text().startswith("Generar"))
    assert window.state_label.text() == "Listo"
    assert window.file_menu.title() == "&Archivo"
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)  # Qt's own catalogue
    assert buttons.button(QDialogButtonBox.StandardButton.Cancel).text() == "Cancelar"
    assert load_settings(ui_home.settings_file).language == "es"


def test_a_new_window_restores_the_queue_the_prompt_and_the_layout(
    open_window: Callable[..., MainWindow],
) -> None:
    first = open_window(start=False)
    first.prompt_panel.prompt_edit.setPlainText("un bosque")
    first.prompt_panel.set_advanced(True)
    first.generate()
    first.generate()
    first.resize(780, 540)  # within the offscreen screen (800×600)
    first.close()

    second = open_window(start=False)

    assert [j.request.prompt for j in second.controller.queue.jobs] == ["un bosque"] * 2
    assert second.controller.paused
    assert second.queue_panel.list_view.model().rowCount() == 2
    assert second.prompt_panel.prompt_edit.toPlainText() == "un bosque"
    assert second.prompt_panel.advanced_toggle.isChecked()
    assert (second.width(), second.height()) == (780, 540)
