"""Edit ("Retocar"): paint a mask with the mouse over the canvas's picture, then inpaint it."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import numpy as np
from PIL import Image
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QAccessible, QColor, QImage
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot
from runtime_support import pngs

from studio.core.base.paths import AppPaths
from studio.core.imagemeta.lienzo_format import read_lienzo_request
from studio.ui.edit.panel import EditPanel
from studio.ui.main_window import MainWindow


def _picture(size: tuple[int, int] = (64, 64)) -> QImage:
    image = QImage(size[0], size[1], QImage.Format.Format_RGB32)
    image.fill(QColor(20, 90, 160))
    return image


def _mask_array(panel: EditPanel) -> np.ndarray:
    mask = panel.canvas.mask
    data = np.frombuffer(bytes(mask.constBits()), dtype=np.uint8)
    return data.reshape(mask.height(), mask.bytesPerLine())[:, : mask.width()]


def _at(panel: EditPanel, x: float, y: float) -> QPoint:
    """The widget position over picture pixel (x, y)."""
    target = panel.canvas._target()
    scale = target.width() / panel.canvas.picture.width()
    return QPointF(target.left() + x * scale, target.top() + y * scale).toPoint()


def _drag(panel: EditPanel, start: tuple[float, float], end: tuple[float, float]) -> None:
    canvas = panel.canvas
    QTest.mousePress(canvas, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
                     _at(panel, *start))  # fmt: skip
    for step in range(1, 9):
        x = start[0] + (end[0] - start[0]) * step / 8
        y = start[1] + (end[1] - start[1]) * step / 8
        QTest.mouseMove(canvas, _at(panel, x, y))
    QTest.mouseRelease(canvas, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
                       _at(panel, *end))  # fmt: skip


def _window_with_prompt(open_window: Callable[..., MainWindow], prompt: str) -> MainWindow:
    window = open_window()
    window.prompt_panel.prompt_edit.setPlainText(prompt)
    window.prompt_panel.set_advanced(True)
    window.prompt_panel.steps_spin.setValue(2)
    window.prompt_panel.seed_edit.setText("5")
    return window


def test_brush_eraser_undo_redo_invert_and_clear(qtbot: QtBot) -> None:
    panel = EditPanel()
    qtbot.addWidget(panel)
    panel.show()
    panel.resize(500, 600)
    panel.set_picture(_picture((128, 64)))
    assert panel.canvas.is_empty() and not panel.generate_button.isEnabled()
    panel.size_slider.setValue(8)
    _drag(panel, (20, 32), (100, 32))
    mask = _mask_array(panel)
    assert mask[32, 20:100].min() == 255  # the stroke, in picture pixels
    assert mask[:20].max() == 0 and mask[45:].max() == 0
    assert panel.generate_button.isEnabled()
    panel.eraser_button.click()
    _drag(panel, (60, 20), (60, 44))
    assert _mask_array(panel)[32, 60] == 0 and _mask_array(panel)[32, 30] == 255
    panel.undo_action.trigger()
    assert _mask_array(panel)[32, 60] == 255
    panel.redo_action.trigger()
    assert _mask_array(panel)[32, 60] == 0
    panel.invert_button.click()
    assert _mask_array(panel)[5, 5] == 255 and _mask_array(panel)[32, 30] == 0
    panel.clear_button.click()
    assert panel.canvas.is_empty()
    QTest.keyClick(panel.canvas, Qt.Key.Key_BracketRight)
    assert panel.canvas.brush_size > 8 and panel.size_slider.value() == panel.canvas.brush_size
    QTest.keyClick(panel.canvas, Qt.Key.Key_BracketLeft)
    QTest.keyClick(panel.canvas, Qt.Key.Key_BracketLeft)
    assert panel.canvas.brush_size < 8


def test_edit_is_a_mode_of_the_window_and_esc_keeps_the_mask(
    qtbot: QtBot, open_window: Callable[..., MainWindow]
) -> None:
    window = open_window(start=False)
    window.canvas.show_image(_picture())
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    QTest.keyClick(window.canvas, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
    panel = window.edit_mode.panel
    assert panel.isVisible() and panel.window() is window  # in the window, not a new one
    assert not window.canvas.isVisible()
    assert window.gallery_panel.isVisible() and window.prompt_panel.prompt_edit.isVisible()
    assert "Prompt" in panel.prompt_hint.text()  # where to type what the mask becomes
    panel.size_slider.setValue(12)
    _drag(panel, (10, 10), (30, 10))
    QTest.keyClick(panel.canvas, Qt.Key.Key_Escape)
    assert window.canvas.isVisible() and not panel.isVisible()

    window.edit_mode.action.trigger()  # the same picture again: the mask is still there
    assert panel.isVisible() and _mask_array(panel)[10, 12:28].min() == 255
    panel.blur_spin.setFocus()
    QTest.keyClick(panel.blur_spin, Qt.Key.Key_Escape)  # from any of the editor's fields
    assert window.canvas.isVisible()
    other = _picture()
    other.fill(QColor(200, 40, 40))
    window.canvas.show_image(other)  # another picture: a fresh mask
    window.edit_mode.open()
    assert panel.canvas.is_empty()
    assert panel.canvas.picture.pixelColor(1, 1) == QColor(200, 40, 40)
    window.generate()  # the window's Generate while editing redraws the mask: none yet
    assert "Paint over the part to redraw first" in window.banner.text()
    assert window.controller.queue.jobs == [] and panel.isVisible()
    panel.done_button.click()
    assert window.canvas.isVisible() and not panel.isVisible()


def test_painting_a_mask_and_generating_redraws_only_that_part(
    qtbot: QtBot, open_window: Callable[..., MainWindow], ui_home: AppPaths, tmp_path: Path
) -> None:
    window = _window_with_prompt(open_window, "un sombrero rojo")
    window.edit_mode.open()
    assert "Nothing to edit yet" in window.banner.text()
    opened = tmp_path / "foto.png"
    _picture().save(str(opened))
    assert window.set_init_image(opened)  # opened: in the panel's box, not on the canvas
    window.edit_mode.action.trigger()
    panel = window.edit_mode.panel
    assert panel.isVisible()
    assert panel.method_label.text().startswith("Method: blending")  # the demo: 4 channels
    panel.set_method(True)
    assert "inpainting model" in panel.method_label.text()
    panel.size_slider.setValue(12)
    panel.blur_spin.setValue(0)
    _drag(panel, (10, 10), (30, 10))
    steps: list[tuple[bool, bool]] = []  # (canvas shown, canvas showing the step's preview)
    window.controller.step_completed.connect(
        lambda _p: steps.append((window.canvas.isVisible(), window.canvas.is_preview))
    )
    started: list[QColor] = []  # what the canvas shows when the job starts: what is redrawn
    window.controller.job_started.connect(
        lambda _r: started.append(window.canvas.image.pixelColor(40, 40))
    )

    with qtbot.waitSignal(window.controller.job_ended, timeout=60_000) as ended:
        window.generate()  # the window's Generate, as Ctrl+Enter in the prompt box

    assert ended.args == ["done"] and not panel.isVisible() and window.canvas.isVisible()
    assert started == [QColor(20, 90, 160)]
    assert steps and all(shown and preview for shown, preview in steps)
    [saved] = [path for path in pngs(ui_home.gallery) if not path.name.endswith(".mask.png")]
    with Image.open(saved) as image:
        request = read_lienzo_request(dict(image.text))
        pixels = np.asarray(image.convert("RGB"))
    assert request is not None and request.prompt == "un sombrero rojo"
    assert request.mask == f"{saved.stem}.mask.png" and (saved.parent / request.mask).exists()
    assert (pixels[30:] == (20, 90, 160)).all()  # far from the stroke: untouched
    assert not (pixels[8:12, 12:28] == (20, 90, 160)).all()
    window.edit_mode.open()  # the result, to redraw the same part again: the mask is kept
    assert panel.canvas.picture.pixelColor(20, 10) != QColor(20, 90, 160)
    assert _mask_array(panel)[10, 12:28].min() == 255


def test_edit_mode_speaks_spanish(qtbot: QtBot, open_window: Callable[..., MainWindow]) -> None:
    window = open_window(start=False)
    window._translations.apply("es")
    qtbot.waitUntil(lambda: window.edit_mode.action.text() == "Retocar imagen (inpaint)…")
    panel = window.edit_mode.panel
    assert panel.title_label.text() == "Retocar imagen"
    assert panel.done_button.text() == "Listo"
    assert "cuadro Prompt de la izquierda" in panel.prompt_hint.text()
    assert panel.full_res_check.text() == "Solo la zona enmascarada, a resolución completa"
    assert panel.size_label.text().startswith("Tamaño: ")
    assert panel.fit_button.text() == "Encajar"
    assert panel.method_label.text().startswith("Método: ")
    window.edit_mode.open()
    assert "Aún no hay nada que retocar" in window.banner.text()


def test_extending_the_picture_without_a_mask(
    qtbot: QtBot, open_window: Callable[..., MainWindow], ui_home: AppPaths
) -> None:
    window = _window_with_prompt(open_window, "más playa")
    window.canvas.show_image(_picture())
    window.edit_mode.open()
    panel = window.edit_mode.panel
    assert not panel.generate_button.isEnabled()
    panel.extend_spins[2].setValue(60)  # right; rounded down to 56
    assert panel.generate_button.isEnabled()

    with qtbot.waitSignal(window.controller.job_ended, timeout=60_000) as ended:
        panel.generate_button.click()

    assert ended.args == ["done"]
    [saved] = pngs(ui_home.gallery)  # no mask file: extending alone needs none
    with Image.open(saved) as image:
        request = read_lienzo_request(dict(image.text))
        pixels = np.asarray(image.convert("RGB"))
    assert pixels.shape == (64, 120, 3)
    assert request is not None and request.outpaint == (0, 0, 56, 0) and request.mask is None
    assert (pixels[:, :30] == (20, 90, 160)).all()


def test_edit_takes_the_newest_picture_opened_or_shown(
    open_window: Callable[..., MainWindow], tmp_path: Path
) -> None:
    window = open_window(start=False)
    opened = tmp_path / "paisaje.png"
    Image.new("RGB", (96, 64), (10, 200, 30)).save(opened)
    window.canvas.show_image(_picture())  # a picture made before
    assert window.set_init_image(opened)  # then a picture opened to transform
    window.edit_mode.action.trigger()
    panel = window.edit_mode.panel
    assert panel.isVisible() and not window.banner.isVisible()
    assert (panel.canvas.picture.width(), panel.canvas.picture.height()) == (96, 64)
    assert panel.canvas.picture.pixelColor(5, 5) == QColor(10, 200, 30)
    window.edit_mode.leave()
    window.canvas.show_image(_picture((80, 48)))  # a newer result: Edit takes it
    window.edit_mode.open()
    assert (panel.canvas.picture.width(), panel.canvas.picture.height()) == (80, 48)


def test_a_picture_chosen_while_editing_is_edited_but_a_job_result_does_not_interrupt(
    open_window: Callable[..., MainWindow], tmp_path: Path
) -> None:
    window = open_window(start=False)
    window.canvas.show_image(_picture())
    window.edit_mode.open()
    panel = window.edit_mode.panel
    window.canvas.show_image(_picture((80, 48)))  # as a queued job's result would
    assert panel.isVisible() and panel.canvas.picture.width() == 64
    picked = tmp_path / "galeria.png"
    Image.new("RGB", (72, 40), (200, 40, 40)).save(picked)
    window.gallery_panel.image_activated.emit(picked)  # double-clicked in the gallery
    assert panel.isVisible() and panel.canvas.picture.pixelColor(3, 3) == QColor(200, 40, 40)
    dropped = tmp_path / "soltada.png"
    Image.new("RGB", (56, 88), (10, 200, 30)).save(dropped)
    assert window.set_init_image(dropped)  # dropped on the window
    assert panel.isVisible() and panel.canvas.picture.pixelColor(3, 3) == QColor(10, 200, 30)


def test_the_editor_fits_a_small_window_beside_the_panels(
    qtbot: QtBot, open_window: Callable[..., MainWindow]
) -> None:
    window = open_window(start=False)
    window.resize(1000, 700)
    window.canvas.show_image(_picture((512, 384)))
    window.edit_mode.open()
    panel = window.edit_mode.panel
    qtbot.waitUntil(lambda: panel.done_button.isVisible())
    shown = window.rect()
    for widget in (panel.done_button, panel.generate_button, panel.fit_button,
                   panel.extend_spins[3], panel.full_res_check):  # fmt: skip
        corner = widget.mapTo(window, widget.rect().bottomRight())
        assert shown.contains(corner), widget  # its rows wrapped instead of running off
    assert panel.canvas.height() >= 256 and window.width() == 1000


def test_tab_goes_through_the_editor_where_the_canvas_stands(
    qtbot: QtBot, open_window: Callable[..., MainWindow]
) -> None:
    window = open_window(start=False)
    window.canvas.show_image(_picture())
    with qtbot.waitActive(window):
        window.activateWindow()
    window.edit_mode.open()
    panel = window.edit_mode.panel
    stops: list[QWidget] = []
    window.prompt_panel.prompt_edit.setFocus()
    while (widget := QApplication.focusWidget()) not in stops:
        assert widget is not None
        stops.append(widget)
        qtbot.keyClick(widget, Qt.Key.Key_Tab)
    first = stops.index(panel.brush_button)
    assert window.queue_panel.isAncestorOf(stops[first - 1])  # right after the queue
    editor = [stop for stop in stops if panel.isAncestorOf(stop)]
    assert stops[first : first + len(editor)] == editor  # all together, then the gallery
    assert editor[-1] is panel.done_button and window.gallery_panel.isAncestorOf(
        stops[first + len(editor)]
    )
    for stop in editor:  # every stop says what it is
        name = QAccessible.queryAccessibleInterface(stop).text(QAccessible.Text.Name)
        assert name.strip(), stop
