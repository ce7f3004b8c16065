"""Images from anywhere in the window: a crafted file never raises, and reuse never surprises."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from drop_support import drop_files
from PIL import Image
from PIL.PngImagePlugin import PngInfo
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from studio.core.base.paths import AppPaths
from studio.core.base.settings import load_settings
from studio.core.generation.request import MAX_PROMPT_CHARS
from studio.ui.main_window import MainWindow

NESTED = "[" * 5000 + "]" * 5000


def _png(path: Path, **chunks: str) -> Path:
    info = PngInfo()
    for key, text in chunks.items():
        info.add_itxt(key, text)
    Image.new("RGB", (64, 64), "teal").save(path, pnginfo=info)
    return path


def _ours(path: Path, model: str, prompt: str = "un faro") -> Path:
    request = {"prompt": prompt, "model": model, "seed": 11, "steps": 3, "width": 64, "height": 64}
    return _png(path, lienzo=json.dumps({"request": request, "model": {"name": model}}))


def test_dropping_a_crafted_png_uses_the_picture_and_skips_its_settings(
    open_window: Callable[..., MainWindow], tmp_path: Path
) -> None:
    window = open_window(start=False)
    panel = window.prompt_panel

    drop_files(window, _png(tmp_path / "nested.png", lienzo=NESTED, prompt=NESTED))  # raised before

    assert panel.build_request().init_image == str(tmp_path / "nested.png")
    assert not panel.init_box._reuse.isVisible()  # no settings offered: none could be read
    assert window.load_settings_from(tmp_path / "nested.png") is False
    assert "damaged or too large to read safely" in window.banner.text()


def test_reuse_keeps_the_current_model_when_the_image_names_one_not_installed(
    qtbot: QtBot, open_window: Callable[..., MainWindow], ui_home: AppPaths, tmp_path: Path
) -> None:
    window = open_window(start=False)
    panel = window.prompt_panel
    before = panel.model_ref()
    downloaded = _ours(tmp_path / "downloaded.png", "/home/someone/evil.safetensors")

    assert window.load_settings_from(downloaded)

    assert panel.model_ref() == before == "demo"
    assert panel.prompt_edit.toPlainText() == "un faro" and panel.seed_edit.text() == "11"
    banner = window.banner.text()
    assert "made with the model /home/someone/evil.safetensors" in banner
    assert "not installed here; the current model (demo) was kept" in banner

    drop_files(window, _ours(tmp_path / "repo.png", "someone/unknown-model"))
    qtbot.mouseClick(panel.init_box._reuse, Qt.MouseButton.LeftButton)  # the drop's own button
    assert panel.model_ref() == "demo"
    assert "someone/unknown-model, which is not installed here" in window.banner.text()

    window.apply_settings(load_settings(ui_home.settings_file).updated(language="es"))
    assert window.load_settings_from(downloaded)
    assert "que no está instalado aquí; se mantuvo el modelo actual (demo)" in window.banner.text()


def test_reuse_switches_to_a_model_that_is_listed(
    open_window: Callable[..., MainWindow], tmp_path: Path
) -> None:
    window = open_window(start=False)
    panel = window.prompt_panel
    library_file = str(tmp_path / "models" / "mine.safetensors")
    panel.model_combo.addItem("mine — your file", library_file)
    panel.model_combo.setCurrentIndex(0)
    panel.model_combo.setCurrentText("demo")

    assert window.load_settings_from(_ours(tmp_path / "ours.png", "mine.safetensors"))

    assert panel.model_ref() == library_file  # our PNGs store only the file's name
    assert "was kept" not in window.banner.text()


def test_reuse_of_an_over_long_prompt_keeps_the_box_and_says_why(
    qtbot: QtBot, open_window: Callable[..., MainWindow], tmp_path: Path
) -> None:
    window = open_window(start=False)
    panel = window.prompt_panel
    panel.prompt_edit.setPlainText("mi propio prompt")
    too_long = _ours(tmp_path / "long.png", "demo", prompt="gato " * (MAX_PROMPT_CHARS // 4))

    drop_files(window, too_long)
    qtbot.mouseClick(panel.init_box._reuse, Qt.MouseButton.LeftButton)

    assert panel.prompt_edit.toPlainText() == "mi propio prompt"  # was emptied without a word
    assert panel.seed_edit.text() == "11"  # the other settings still came in
    assert f"the limit is {MAX_PROMPT_CHARS}. It cannot be reused." in window.banner.text()


def test_the_banner_shows_markup_from_a_file_as_text(
    open_window: Callable[..., MainWindow], tmp_path: Path
) -> None:
    window = open_window(start=False)
    crafted = _ours(tmp_path / "markup.png", '<img src="file:///etc/passwd"><b>x</b>')

    assert window.load_settings_from(crafted)

    assert window.banner.label.textFormat() == Qt.TextFormat.PlainText
    assert '<img src="file:///etc/passwd"><b>x</b>' in window.banner.text()
