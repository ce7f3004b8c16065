"""Edit ("Retocar"): paint a mask with the mouse over the canvas's picture, then inpaint it."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import numpy as np
from PIL import Image
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QColor, QImage
from PySide6.QtTest import QTest
from pytestqt.qtbot import QtBot
from runtime_support import pngs

from studio.core.base.paths import AppPaths
from studio.core.imagemeta.lienzo_format import read_lienzo_request
from studio.ui.edit.dialog import EditDialog
from studio.ui.main_window import MainWindow


def _picture(size: tuple[int, int] = (64, 64)) -> QImage:
    image = QImage(size[0], size[1], QImage.Format.Format_RGB32)
    image.fill(QColor(20, 90, 160))
    return image


def _mask_array(dialog: EditDialog) -> np.ndarray:
    mask = dialog.canvas.mask
    data = np.frombuffer(bytes(mask.constBits()), dtype=np.uint8)
    return data.reshape(mask.height(), mask.bytesPerLine())[:, : mask.width()]


def _at(dialog: EditDialog, x: float, y: float) -> QPoint:
    """The widget position over picture pixel (x, y)."""
    target = dialog.canvas._target()
    scale = target.width() / dialog.canvas.picture.width()
    return QPointF(target.left() + x * scale, target.top() + y * scale).toPoint()


def _drag(dialog: EditDialog, start: tuple[float, float], end: tuple[float, float]) -> None:
    canvas = dialog.canvas
    QTest.mousePress(canvas, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
                     _at(dialog, *start))  # fmt: skip
    for step in range(1, 9):
        x = start[0] + (end[0] - start[0]) * step / 8
        y = start[1] + (end[1] - start[1]) * step / 8
        QTest.mouseMove(canvas, _at(dialog, x, y))
    QTest.mouseRelease(canvas, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
                       _at(dialog, *end))  # fmt: skip


def _window_with_prompt(open_window: Callable[..., MainWindow], prompt: str) -> MainWindow:
    window = open_window()
    window.prompt_panel.prompt_edit.setPlainText(prompt)
    window.prompt_panel.set_advanced(True)
    window.prompt_panel.steps_spin.setValue(2)
    window.prompt_panel.seed_edit.setText("5")
    return window


def test_brush_eraser_undo_redo_invert_and_clear(qtbot: QtBot) -> None:
    dialog = EditDialog()
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.resize(500, 600)
    dialog.set_picture(_picture((128, 64)))
    assert dialog.canvas.is_empty() and not dialog.generate_button.isEnabled()
    dialog.size_slider.setValue(8)
    _drag(dialog, (20, 32), (100, 32))
    mask = _mask_array(dialog)
    assert mask[32, 20:100].min() == 255  # the stroke, in picture pixels
    assert mask[:20].max() == 0 and mask[45:].max() == 0
    assert dialog.generate_button.isEnabled()
    dialog.eraser_button.click()
    _drag(dialog, (60, 20), (60, 44))
    assert _mask_array(dialog)[32, 60] == 0 and _mask_array(dialog)[32, 30] == 255
    dialog.undo_action.trigger()
    assert _mask_array(dialog)[32, 60] == 255
    dialog.redo_action.trigger()
    assert _mask_array(dialog)[32, 60] == 0
    dialog.invert_button.click()
    assert _mask_array(dialog)[5, 5] == 255 and _mask_array(dialog)[32, 30] == 0
    dialog.clear_button.click()
    assert dialog.canvas.is_empty()
    QTest.keyClick(dialog.canvas, Qt.Key.Key_BracketRight)
    assert dialog.canvas.brush_size > 8 and dialog.size_slider.value() == dialog.canvas.brush_size
    QTest.keyClick(dialog.canvas, Qt.Key.Key_BracketLeft)
    QTest.keyClick(dialog.canvas, Qt.Key.Key_BracketLeft)
    assert dialog.canvas.brush_size < 8


def test_painting_a_mask_and_generating_redraws_only_that_part(
    qtbot: QtBot, open_window: Callable[..., MainWindow], ui_home: AppPaths
) -> None:
    window = _window_with_prompt(open_window, "un sombrero rojo")
    window.edit_mode.open()
    assert "Nothing to edit yet" in window.banner.text()
    window.canvas.show_image(_picture())
    window.edit_mode.action.trigger()
    dialog = window.edit_mode.dialog
    assert dialog.isVisible()
    assert dialog.method_label.text().startswith("Method: blending")  # the demo: 4 channels
    dialog.set_method(True)
    assert "inpainting model" in dialog.method_label.text()
    dialog.size_slider.setValue(12)
    dialog.blur_spin.setValue(0)
    _drag(dialog, (10, 10), (30, 10))

    with qtbot.waitSignal(window.controller.job_ended, timeout=60_000) as ended:
        dialog.generate_button.click()

    assert ended.args == ["done"] and not dialog.isVisible()
    [saved] = [path for path in pngs(ui_home.gallery) if not path.name.endswith(".mask.png")]
    with Image.open(saved) as image:
        request = read_lienzo_request(dict(image.text))
        pixels = np.asarray(image.convert("RGB"))
    assert request is not None and request.prompt == "un sombrero rojo"
    assert request.mask == f"{saved.stem}.mask.png" and (saved.parent / request.mask).exists()
    assert (pixels[30:] == (20, 90, 160)).all()  # far from the stroke: untouched
    assert not (pixels[8:12, 12:28] == (20, 90, 160)).all()


def test_edit_mode_speaks_spanish(qtbot: QtBot, open_window: Callable[..., MainWindow]) -> None:
    window = open_window(start=False)
    window._translations.apply("es")
    qtbot.waitUntil(lambda: window.edit_mode.action.text() == "Retocar imagen (inpaint)…")
    dialog = window.edit_mode.dialog
    assert dialog.windowTitle() == "Retocar imagen"
    assert dialog.full_res_check.text() == "Solo la zona enmascarada, a resolución completa"
    assert dialog.size_label.text().startswith("Tamaño: ")
    assert dialog.fit_button.text() == "Encajar"
    assert dialog.method_label.text().startswith("Método: ")
    window.edit_mode.open()
    assert "Aún no hay nada que retocar" in window.banner.text()


def test_extending_the_picture_without_a_mask(
    qtbot: QtBot, open_window: Callable[..., MainWindow], ui_home: AppPaths
) -> None:
    window = _window_with_prompt(open_window, "más playa")
    window.canvas.show_image(_picture())
    window.edit_mode.open()
    dialog = window.edit_mode.dialog
    assert not dialog.generate_button.isEnabled()
    dialog.extend_spins[2].setValue(60)  # right; rounded down to 56
    assert dialog.generate_button.isEnabled()

    with qtbot.waitSignal(window.controller.job_ended, timeout=60_000) as ended:
        dialog.generate_button.click()

    assert ended.args == ["done"]
    [saved] = pngs(ui_home.gallery)  # no mask file: extending alone needs none
    with Image.open(saved) as image:
        request = read_lienzo_request(dict(image.text))
        pixels = np.asarray(image.convert("RGB"))
    assert pixels.shape == (64, 120, 3)
    assert request is not None and request.outpaint == (0, 0, 56, 0) and request.mask is None
    assert (pixels[:, :30] == (20, 90, 160)).all()


def test_an_opened_picture_can_be_edited_before_anything_is_generated(
    open_window: Callable[..., MainWindow], tmp_path: Path
) -> None:
    window = open_window(start=False)
    opened = tmp_path / "paisaje.png"
    Image.new("RGB", (96, 64), (10, 200, 30)).save(opened)
    assert window.set_init_image(opened)
    window.edit_mode.action.trigger()
    dialog = window.edit_mode.dialog
    assert dialog.isVisible() and not window.banner.isVisible()
    assert (dialog.canvas.picture.width(), dialog.canvas.picture.height()) == (96, 64)
    assert dialog.canvas.picture.pixelColor(5, 5) == QColor(10, 200, 30)
