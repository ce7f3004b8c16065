"""The gallery panel on the index (search, favourites, tags, export), settings from an image,
and the denoising timeline after a run."""

from __future__ import annotations

import zipfile
from collections.abc import Callable
from pathlib import Path

from PIL import Image
from PySide6.QtCore import QItemSelectionModel
from PySide6.QtWidgets import QInputDialog
from pytest import MonkeyPatch
from pytestqt.qtbot import QtBot

from studio.core.gallery.export import ExportOptions
from studio.runtime.gallery import FavouriteRole, PathRole
from studio.ui.main_window import MainWindow


def _generate(qtbot: QtBot, window: MainWindow, prompt: str, steps: int = 3) -> None:
    panel = window.prompt_panel
    panel.prompt_edit.setPlainText(prompt)
    panel.set_advanced(True)
    panel.steps_spin.setValue(steps)
    panel.size_combo.addItem("64 × 64", [64, 64])
    panel.size_combo.setCurrentIndex(panel.size_combo.count() - 1)
    with qtbot.waitSignal(window.controller.job_ended, timeout=60_000):
        window.generate()


def test_typing_in_the_search_box_narrows_the_gallery(
    qtbot: QtBot, open_window: Callable[..., MainWindow]
) -> None:
    window = open_window()
    _generate(qtbot, window, "un faro al atardecer")
    _generate(qtbot, window, "un bosque de niebla")
    gallery = window.gallery_panel
    model = gallery.list_view.model()
    assert model.rowCount() == 2

    with qtbot.waitSignal(model.modelReset, timeout=5_000):  # after the typing pause
        qtbot.keyClicks(gallery.search_bar.search_edit, "faro")
    assert model.rowCount() == 1
    assert "faro" in model.index(0).data(PathRole)  # PathRole: the file

    gallery.search_bar.search_edit.clear()
    qtbot.waitUntil(lambda: model.rowCount() == 2)
    model.toggle_favourite(model.path_at(1))
    gallery.search_bar.favourites_button.click()  # favourites only, at once
    assert model.rowCount() == 1 and model.index(0).data(FavouriteRole) is True
    assert gallery._title.text() == "Gallery (1)"


def test_tags_are_edited_and_found(
    qtbot: QtBot, open_window: Callable[..., MainWindow], monkeypatch: MonkeyPatch
) -> None:
    window = open_window()
    _generate(qtbot, window, "un faro")
    gallery = window.gallery_panel
    path = gallery.list_view.model().path_at(0)
    monkeypatch.setattr(QInputDialog, "getText", lambda *_a, **_k: ("mar, favorita ,mar", True))

    gallery.edit_tags(path)

    assert gallery.list_view.model().store.item(path).tags == ("mar", "favorita")
    gallery.search_bar.search_edit.setText("favorita")
    with qtbot.waitSignal(gallery.list_view.model().modelReset, timeout=5_000):
        pass
    assert gallery.list_view.model().rowCount() == 1


def test_a_selection_is_exported_to_a_zip_in_the_background(
    qtbot: QtBot, open_window: Callable[..., MainWindow], tmp_path: Path
) -> None:
    window = open_window()
    _generate(qtbot, window, "uno")
    _generate(qtbot, window, "dos")
    gallery = window.gallery_panel
    view = gallery.list_view
    for row in (0, 1):
        view.selectionModel().select(
            view.model().index(row), QItemSelectionModel.SelectionFlag.Select
        )
    items = [view.model().store.item(p) for p in gallery.selected_paths()]
    target = tmp_path / "export.zip"

    with qtbot.waitSignal(gallery.exporter.export_ended, timeout=30_000) as ended:
        gallery.exporter.start(
            items, target, ExportOptions(kind="zip"), view.model().thumbnail_cache
        )

    assert ended.args[1] == ""
    with zipfile.ZipFile(target) as archive:
        assert len(archive.namelist()) == 2
    assert "Exported 2 images" in window.banner.text()
    assert len(gallery.context_menu(view.model().index(0)).actions()) == 5  # the selection menu


def test_settings_load_from_an_image_and_warnings_are_shown(
    qtbot: QtBot, open_window: Callable[..., MainWindow], tmp_path: Path
) -> None:
    window = open_window(start=False)
    foreign = tmp_path / "a1111.png"
    from PIL.PngImagePlugin import PngInfo

    info = PngInfo()
    info.add_text(
        "parameters",
        "a red fox\nNegative prompt: blurry\nSteps: 12, Sampler: Weird Sampler 9000, "
        "CFG scale: 6.5, Seed: 42, Size: 512x512, Model: someModel",
    )
    Image.new("RGB", (32, 32)).save(foreign, pnginfo=info)

    assert window.load_settings_from(foreign)

    panel = window.prompt_panel
    assert panel.prompt_edit.toPlainText() == "a red fox"
    assert panel.steps_spin.value() == 12 and panel.seed_edit.text() == "42"
    assert "Settings loaded from a1111.png" in window.banner.text()
    assert "Weird Sampler 9000" in window.banner.text()  # said plainly, not silently dropped

    plain = tmp_path / "plain.png"
    Image.new("RGB", (8, 8)).save(plain)
    assert not window.load_settings_from(plain)
    assert "No generation settings" in window.banner.text()
    assert panel.prompt_edit.toPlainText() == "a red fox"  # nothing changed


def test_the_timeline_scrubs_the_steps_and_exports_an_animation(
    qtbot: QtBot, open_window: Callable[..., MainWindow], tmp_path: Path
) -> None:
    window = open_window()
    timeline = window.timeline
    assert timeline.isHidden()
    _generate(qtbot, window, "un faro", steps=4)

    assert timeline.isVisible() and timeline.frame_count == 5  # 4 steps + the finished picture
    with qtbot.waitSignal(timeline.frame_selected):
        timeline.slider.setValue(0)
    assert window.canvas.is_preview and timeline.step_label.text() == "Step 1"

    target = tmp_path / "steps.webp"
    with qtbot.waitSignal(timeline.message_reported, timeout=30_000):
        timeline.write_animation_to(target)
    with Image.open(target) as animation:
        assert animation.n_frames == 5
    assert "Animation saved" in window.state_label.text()
