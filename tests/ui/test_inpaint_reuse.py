"""Inpainting inputs coming back: Reuse settings on an inpainted picture restores its source and
mask; a dropped picture with transparency can use it as the mask."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import numpy as np
from PIL import Image
from PySide6.QtCore import QMimeData, QUrl
from PySide6.QtGui import QColor, QImage
from pytestqt.qtbot import QtBot
from runtime_support import pngs

from studio.core.base.paths import AppPaths
from studio.core.imagemeta.lienzo_format import read_lienzo_request
from studio.ui.main_window import MainWindow
from studio.ui.reuse_inpaint import file_by_name


def _inpainted(
    qtbot: QtBot, window: MainWindow, gallery: Path, options: Callable[[], object] = lambda: None
) -> Path:
    """An inpainting result made through Edit: a square painted in the mask, redrawn, with
    the panel's settings as `options` sets them."""
    picture = QImage(64, 64, QImage.Format.Format_RGB32)
    picture.fill(QColor(20, 90, 160))
    window.canvas.show_image(picture)
    window.edit_mode.open()
    panel = window.edit_mode.panel
    options()
    grey = np.zeros((64, 64), dtype=np.uint8)
    grey[8:24, 8:24] = 255
    mask = QImage(grey.tobytes(), 64, 64, 64, QImage.Format.Format_Grayscale8).copy()
    panel.canvas._mask = mask  # as painted: the stroke itself is test_edit_mode's business
    panel.canvas._changed()
    with qtbot.waitSignal(window.controller.job_ended, timeout=60_000) as ended:
        panel.generate_button.click()
    assert ended.args == ["done"]
    [saved] = [path for path in pngs(gallery) if not path.name.endswith(".mask.png")]
    return saved


def _window(open_window: Callable[..., MainWindow], prompt: str) -> MainWindow:
    window = open_window()
    window.prompt_panel.prompt_edit.setPlainText(prompt)
    window.prompt_panel.set_advanced(True)
    window.prompt_panel.steps_spin.setValue(2)
    window.prompt_panel.seed_edit.setText("5")
    return window


def test_reuse_settings_restores_the_source_and_the_mask(
    qtbot: QtBot, open_window: Callable[..., MainWindow], ui_home: AppPaths
) -> None:
    window = _window(open_window, "un sombrero rojo")
    saved = _inpainted(qtbot, window, ui_home.gallery)
    window.prompt_panel.prompt_edit.setPlainText("something else")
    window.prompt_panel.init_box.clear()

    assert window.load_settings_from(saved)

    box = window.prompt_panel.init_box
    request = window.prompt_panel.build_request()
    assert request.prompt == "un sombrero rojo"
    assert box.isVisible() and box.mask_check.isChecked()
    assert request.mask == str(saved.parent / f"{saved.stem}.mask.png")
    assert request.init_image is not None
    assert Path(request.init_image).parent == window.edit_mode.folder
    assert "the mask and its settings were restored" in window.banner.text()

    # Generate redraws the same part again: the result names a mask, the rest is untouched.
    with qtbot.waitSignal(window.controller.job_ended, timeout=60_000) as ended:
        window.generate()
    assert ended.args == ["done"]
    newest = max(
        (path for path in pngs(ui_home.gallery) if not path.name.endswith(".mask.png")),
        key=lambda path: path.stat().st_mtime_ns,
    )
    with Image.open(newest) as image:
        again = read_lienzo_request(dict(image.text))
        pixels = np.asarray(image.convert("RGB"))
    assert again is not None and again.mask == f"{newest.stem}.mask.png"
    assert (pixels[40:] == (20, 90, 160)).all()


def test_reuse_restores_every_inpainting_setting_and_reopens_the_editor(
    qtbot: QtBot, open_window: Callable[..., MainWindow], ui_home: AppPaths
) -> None:
    window = _window(open_window, "un sombrero rojo")
    panel = window.edit_mode.panel

    def options() -> None:
        panel.strength_spin.setValue(0.8)
        panel.blur_spin.setValue(7)
        panel.full_res_check.setChecked(True)
        panel.padding_spin.setValue(16)
        panel.extend_spins[2].setValue(32)

    saved = _inpainted(qtbot, window, ui_home.gallery, options)
    with Image.open(saved) as image:  # what the picture carries, read back from the file
        written = read_lienzo_request(dict(image.text))
    assert written is not None
    settings = (written.strength, written.mask_blur, written.inpaint_full_res,
                written.inpaint_padding, written.outpaint)  # fmt: skip
    assert settings == (0.8, 7, True, 16, (0, 0, 32, 0))
    assert not panel.isVisible()  # Generate went back to the canvas
    window.prompt_panel.init_box.clear()

    assert window.load_settings_from(saved)

    request = window.prompt_panel.build_request()
    assert (request.strength, request.mask_blur, request.inpaint_full_res,
            request.inpaint_padding, request.outpaint) == settings  # fmt: skip
    [reopen] = window.banner.choices()
    assert reopen.text() == "Open in Edit picture"
    reopen.click()
    assert panel.isVisible() and not window.banner.isVisible()
    mask = panel.canvas.mask
    marked = np.frombuffer(bytes(mask.constBits()), dtype=np.uint8)
    marked = marked.reshape(mask.height(), mask.bytesPerLine())[:, : mask.width()]
    assert marked[8:24, 8:24].min() == 255 and marked[30:].max() == 0  # the painted square
    assert panel.choice() == panel.choice().__class__(0.8, 7, True, (0, 0, 32, 0), 16)
    assert panel.canvas.margins == (0, 0, 32, 0)


def test_reuse_settings_says_when_the_mask_is_missing(
    qtbot: QtBot, open_window: Callable[..., MainWindow], ui_home: AppPaths, tmp_path: Path
) -> None:
    window = _window(open_window, "un sombrero rojo")
    saved = _inpainted(qtbot, window, ui_home.gallery)
    elsewhere = tmp_path / "downloads"
    elsewhere.mkdir()
    copy = Path(shutil.copy(saved, elsewhere))  # the picture alone: its mask stayed behind
    window.prompt_panel.prompt_edit.setPlainText("something else")
    window.prompt_panel.init_box.clear()

    assert window.load_settings_from(copy)

    assert window.prompt_panel.prompt_edit.toPlainText() == "un sombrero rojo"
    assert "the mask could not be found" in window.banner.text()
    assert not window.prompt_panel.init_box.isVisible()
    assert window.prompt_panel.build_request().mask is None

    window._translations.apply("es")
    window.load_settings_from(copy)
    assert "la máscara" in window.banner.text() and "no se encontr" in window.banner.text()


def test_names_from_a_file_are_never_paths(tmp_path: Path) -> None:
    (tmp_path / "ok.png").write_bytes(b"x")
    (tmp_path / "sub").mkdir()
    (tmp_path / "link.png").symlink_to(tmp_path / "ok.png")
    assert file_by_name("ok.png", [tmp_path]) == tmp_path / "ok.png"
    for name in ("../ok.png", "/etc/passwd", "sub", "link.png", "..", "", 7, "a\nb", "C:x"):
        assert file_by_name(name, [tmp_path]) is None


def test_a_dropped_picture_with_transparency_can_be_the_mask(
    qtbot: QtBot, open_window: Callable[..., MainWindow], ui_home: AppPaths, tmp_path: Path
) -> None:
    window = _window(open_window, "una ventana")
    rgba = np.zeros((64, 64, 4), dtype=np.uint8)
    rgba[..., :3] = (200, 40, 40)
    rgba[..., 3] = 255
    rgba[8:24, 8:24, 3] = 0  # a transparent hole: the part to redraw
    dropped = tmp_path / "hole.png"
    Image.fromarray(rgba, "RGBA").save(dropped)
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(dropped))])

    assert window.use_mime_input(mime)

    check = window.prompt_panel.init_box.mask_check
    assert check.isVisible() and not check.isChecked()
    assert check.text() == "Use its transparency as the mask"
    assert window.prompt_panel.build_request().mask is None  # plain img2img until chosen
    check.setChecked(True)
    assert window.prompt_panel.build_request().mask == str(dropped)

    with qtbot.waitSignal(window.controller.job_ended, timeout=60_000) as ended:
        window.generate()
    assert ended.args == ["done"]
    [saved] = [path for path in pngs(ui_home.gallery) if not path.name.endswith(".mask.png")]
    with Image.open(saved) as image:
        request = read_lienzo_request(dict(image.text))
        pixels = np.asarray(image.convert("RGB"))
    assert request is not None and request.mask == f"{saved.stem}.mask.png"
    assert pixels.shape == (256, 256, 3)  # the panel's size: the hole is rows 32-96 there
    assert (pixels[160:] == (200, 40, 40)).all()  # opaque, far from the hole: untouched
    assert not (pixels[40:88, 40:88] == (200, 40, 40)).all()  # the hole was redrawn

    window._translations.apply("es")
    qtbot.waitUntil(lambda: check.text() == "Usar su transparencia como máscara")


def test_an_opaque_picture_offers_no_transparency(
    open_window: Callable[..., MainWindow], tmp_path: Path
) -> None:
    window = open_window(start=False)
    dropped = tmp_path / "opaque.png"
    Image.new("RGBA", (64, 64), (1, 2, 3, 255)).save(dropped)
    assert window.set_init_image(dropped)
    assert not window.prompt_panel.init_box.mask_check.isVisible()
