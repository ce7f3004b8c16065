"""Edit's canvas: zoom and pan keep the brush on the picture (HiDPI too); borders extend it."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QColor, QImage, QWheelEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from studio.ui.edit.mask_canvas import MaskCanvas
from studio.ui.edit.panel import EditPanel

PICTURE = (128, 64)
ROOM = 24  # the free border the canvas keeps around the fitted picture (GUTTER)
NONE = Qt.KeyboardModifier.NoModifier


def _picture() -> QImage:
    image = QImage(*PICTURE, QImage.Format.Format_RGB32)
    image.fill(QColor(20, 90, 160))
    return image


def _marked(mask: QImage) -> np.ndarray:
    data = np.frombuffer(bytes(mask.constBits()), dtype=np.uint8)
    return data.reshape(mask.height(), mask.bytesPerLine())[:, : mask.width()]


def _expected(size: tuple[int, int], zoom: float, pan: tuple[float, float], at: QPoint) -> tuple:
    """The picture pixel under widget point `at`, worked out from the layout rules alone:
    fitted inside the free border, zoomed about the centre, then moved by the pan."""
    width, height = size
    scale = min((width - 2 * ROOM) / PICTURE[0], (height - 2 * ROOM) / PICTURE[1]) * zoom
    left = width / 2 - PICTURE[0] * scale / 2 + pan[0]
    top = height / 2 - PICTURE[1] * scale / 2 + pan[1]
    return int((at.x() - left) / scale), int((at.y() - top) / scale)


def _dab(canvas: MaskCanvas, at: QPoint) -> list[tuple[int, int]]:
    QTest.mousePress(canvas, Qt.MouseButton.LeftButton, NONE, at)
    QTest.mouseRelease(canvas, Qt.MouseButton.LeftButton, NONE, at)
    rows, columns = np.nonzero(_marked(canvas.mask))
    return list(zip(columns.tolist(), rows.tolist(), strict=True))


def _canvas(qtbot: QtBot) -> MaskCanvas:
    canvas = MaskCanvas()
    qtbot.addWidget(canvas)
    canvas.resize(400, 300)
    canvas.show()
    canvas.set_picture(_picture())
    canvas.set_brush_size(1)
    return canvas


def test_zoomed_and_panned_the_brush_marks_the_pixel_under_the_pointer(qtbot: QtBot) -> None:
    canvas = _canvas(qtbot)
    QTest.keyClick(canvas, Qt.Key.Key_Plus)  # 1.25
    QTest.keyClick(canvas, Qt.Key.Key_Minus)  # back to 1
    canvas.zoom_by(2.0)
    assert canvas.zoom == 2.0
    # A middle-button drag moves the picture by exactly the drag.
    QTest.mousePress(canvas, Qt.MouseButton.MiddleButton, NONE, QPoint(200, 150))
    QTest.mouseMove(canvas, QPoint(170, 160))
    QTest.mouseRelease(canvas, Qt.MouseButton.MiddleButton, NONE, QPoint(170, 160))
    at = QPoint(137, 181)
    expected = _expected((400, 300), 2.0, (-30, 10), at)
    assert _dab(canvas, at) == [expected]


def test_space_drag_pans_and_ctrl_wheel_zooms_about_the_pointer(qtbot: QtBot) -> None:
    canvas = _canvas(qtbot)
    before = canvas.to_picture(QPointF(150, 120))
    QTest.keyPress(canvas, Qt.Key.Key_Space)
    QTest.mousePress(canvas, Qt.MouseButton.LeftButton, NONE, QPoint(100, 100))
    QTest.mouseMove(canvas, QPoint(120, 90))
    QTest.mouseRelease(canvas, Qt.MouseButton.LeftButton, NONE, QPoint(120, 90))
    QTest.keyRelease(canvas, Qt.Key.Key_Space)
    assert canvas.is_empty()  # panning painted nothing
    assert canvas.to_picture(QPointF(170, 110)) == before  # the picture moved by (+20, −10)
    spot = QPointF(150, 120)
    under = canvas.to_picture(spot)
    _wheel(canvas, spot, Qt.KeyboardModifier.ControlModifier)
    assert canvas.zoom == 1.25
    assert canvas.to_picture(spot).x() == pytest.approx(under.x())  # still under the pointer
    assert canvas.to_picture(spot).y() == pytest.approx(under.y())
    QTest.keyClick(canvas, Qt.Key.Key_0)
    assert canvas.zoom == 1.0 and canvas.to_picture(QPointF(200, 150)) == QPointF(64, 32)


def _wheel(canvas: MaskCanvas, at: QPointF, modifiers: Qt.KeyboardModifier) -> None:
    event = QWheelEvent(at, canvas.mapToGlobal(at), QPoint(), QPoint(0, 120),
                        Qt.MouseButton.NoButton, modifiers, Qt.ScrollPhase.NoScrollPhase,
                        False)  # fmt: skip
    QApplication.sendEvent(canvas, event)


def test_on_a_hidpi_screen_the_brush_marks_the_pixel_under_the_pointer(tmp_path: Path) -> None:
    """A real device pixel ratio of 2 (QT_SCALE_FACTOR), in its own process."""
    script = tmp_path / "hidpi.py"
    script.write_text(_HIDPI_SCRIPT, encoding="utf-8")
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "QT_SCALE_FACTOR": "2"}
    done = subprocess.run(
        [sys.executable, str(script)], env=env, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    found = json.loads(done.stdout.strip().splitlines()[-1])
    assert found["ratio"] == 2.0
    at = QPoint(*found["at"])
    expected = _expected(tuple(found["size"]), 2.0, (-30.0, 10.0), at)
    assert [tuple(pixel) for pixel in found["marked"]] == [expected]


_HIDPI_SCRIPT = """
import json
import numpy as np
import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QColor, QImage, QWheelEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication
from PySide6.QtWidgets import QApplication
from studio.ui.edit.mask_canvas import MaskCanvas

app = QApplication([])
canvas = MaskCanvas()
canvas.resize(400, 300)
canvas.show()
picture = QImage(128, 64, QImage.Format.Format_RGB32)
picture.fill(QColor(20, 90, 160))
canvas.set_picture(picture)
canvas.set_brush_size(1)
canvas.zoom_by(2.0)
canvas.pan_by(QPointF(-30, 10))
at = QPoint(137, 181)
QTest.mousePress(canvas, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, at)
QTest.mouseRelease(canvas, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, at)
mask = canvas.mask
data = np.frombuffer(bytes(mask.constBits()), dtype=np.uint8)
data = data.reshape(mask.height(), mask.bytesPerLine())[:, : mask.width()]
rows, columns = np.nonzero(data)
print(json.dumps({
    "ratio": canvas.devicePixelRatioF(), "size": [canvas.width(), canvas.height()],
    "at": [at.x(), at.y()], "marked": [[int(x), int(y)] for x, y in zip(columns, rows)],
}))
"""


def test_dragging_a_border_outward_extends_the_picture(qtbot: QtBot) -> None:
    panel = EditPanel()
    qtbot.addWidget(panel)
    panel.show()
    panel.resize(700, 700)
    panel.set_picture(_picture())
    canvas = panel.canvas
    width, height = canvas.width(), canvas.height()
    scale = min((width - 2 * ROOM) / PICTURE[0], (height - 2 * ROOM) / PICTURE[1])
    right_edge = width / 2 + PICTURE[0] * scale / 2
    middle = round(height / 2)
    start = QPoint(round(right_edge) + 3, middle)  # just outside the right border
    QTest.mousePress(canvas, Qt.MouseButton.LeftButton, NONE, start)
    QTest.mouseMove(canvas, QPoint(round(right_edge + 37 * scale), middle))
    QTest.mouseRelease(canvas, Qt.MouseButton.LeftButton, NONE, start)
    # 37 picture pixels out, snapped to 8 → 40; nothing painted in the mask.
    assert canvas.margins == (0, 0, 40, 0) and canvas.is_empty()
    assert panel.extend_spins[2].value() == 40 and panel.outpaint() == (0, 0, 40, 0)
    assert panel.generate_button.isEnabled()
    # Dragging far beyond the limit stops at 512; back inside the picture is 0.
    top_edge = canvas.view().picture_rect().top()
    column = round(canvas.view().picture_rect().center().x())
    QTest.mousePress(canvas, Qt.MouseButton.LeftButton, NONE, QPoint(column, round(top_edge) - 3))
    QTest.mouseMove(canvas, QPoint(column, -5000))
    QTest.mouseRelease(canvas, Qt.MouseButton.LeftButton, NONE, QPoint(column, -5000))
    assert canvas.margins[1] == 512
    panel.extend_spins[1].setValue(0)
    assert canvas.margins == (0, 0, 40, 0)
    # The new area is drawn: hatched, tinted, with a dashed border, beside the picture.
    shot = canvas.grab().toImage()
    beside = canvas.view().picture_rect().right() + 10 * canvas.view().scale()
    row = canvas.view().picture_rect().center().y()
    colour = shot.pixelColor(round(beside * shot.devicePixelRatio()), round(row))
    assert colour != canvas.palette().color(canvas.backgroundRole())
    assert colour.red() > colour.blue()
