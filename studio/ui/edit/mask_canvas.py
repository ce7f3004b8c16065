"""Painting an inpainting mask over a picture: brush, eraser, size, undo/redo, a red overlay."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QImage,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPalette,
    QPen,
)
from PySide6.QtWidgets import QSizePolicy, QWidget

MIN_BRUSH, MAX_BRUSH = 1, 256
_MAX_UNDO = 50
_OVERLAY = QColor(255, 40, 40)


class MaskCanvas(QWidget):
    """The picture scaled to fit, with the mask painted on it in picture pixels (white = redraw).

    Mouse positions are mapped through the same fitted rectangle the picture is drawn in, in
    floating point, so the brush stays under the pointer at any zoom and device pixel ratio.
    """

    mask_changed = Signal()
    brush_size_changed = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._picture = QImage()
        self._mask = QImage()
        self._undo: list[QImage] = []
        self._redo: list[QImage] = []
        self._brush = 32
        self.erasing = False
        self._last: QPointF | None = None
        self._hover: QPointF | None = None
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMinimumSize(256, 256)
        self.setMouseTracking(True)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setCursor(Qt.CursorShape.CrossCursor)

    def set_picture(self, picture: QImage) -> None:
        """Start editing a picture with an empty mask and no history."""
        self._picture = picture.convertToFormat(QImage.Format.Format_RGB32)
        self._mask = QImage(self._picture.size(), QImage.Format.Format_Grayscale8)
        self._mask.fill(0)
        self._undo.clear()
        self._redo.clear()
        self.mask_changed.emit()
        self.update()

    @property
    def picture(self) -> QImage:
        return self._picture

    @property
    def mask(self) -> QImage:
        """The mask at the picture's size: 8-bit grey, white = redraw."""
        return self._mask

    @property
    def brush_size(self) -> int:
        return self._brush

    def set_brush_size(self, size: int) -> None:
        size = max(MIN_BRUSH, min(MAX_BRUSH, int(size)))
        if size != self._brush:
            self._brush = size
            self.brush_size_changed.emit(size)
            self.update()

    def is_empty(self) -> bool:
        return self._mask.isNull() or not any(self._mask_bytes())

    def can_undo(self) -> bool:
        return bool(self._undo)

    def can_redo(self) -> bool:
        return bool(self._redo)

    def clear(self) -> None:
        self._change(lambda mask: mask.fill(0))

    def invert(self) -> None:
        self._change(lambda mask: mask.invertPixels())

    def undo(self) -> None:
        if self._undo:
            self._redo.append(self._mask)
            self._mask = self._undo.pop()
            self._changed()

    def redo(self) -> None:
        if self._redo:
            self._undo.append(self._mask)
            self._mask = self._redo.pop()
            self._changed()

    def _change(self, edit: Callable[[QImage], object]) -> None:
        if self._mask.isNull():
            return
        self._remember()
        edit(self._mask)
        self._changed()

    def _remember(self) -> None:
        self._undo.append(self._mask.copy())
        del self._undo[:-_MAX_UNDO]
        self._redo.clear()

    def _changed(self) -> None:
        self.mask_changed.emit()
        self.update()

    def _mask_bytes(self) -> bytes:
        width, line = self._mask.width(), self._mask.bytesPerLine()
        data = bytes(self._mask.constBits())
        return b"".join(data[row * line : row * line + width] for row in range(self._mask.height()))

    # Mapping between the widget and the picture.

    def _target(self) -> QRectF:
        if self._picture.isNull():
            return QRectF()
        size = QSize(self._picture.size()).scaled(self.size(), Qt.AspectRatioMode.KeepAspectRatio)
        left = (self.width() - size.width()) / 2
        top = (self.height() - size.height()) / 2
        return QRectF(left, top, size.width(), size.height())

    def to_picture(self, point: QPointF) -> QPointF:
        """A widget position in picture pixels."""
        target = self._target()
        if target.isEmpty():
            return QPointF()
        scale = self._picture.width() / target.width()
        return QPointF((point.x() - target.left()) * scale, (point.y() - target.top()) * scale)

    # Painting the mask.

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() != Qt.MouseButton.LeftButton or self._mask.isNull():
            return super().mousePressEvent(event)
        self._remember()
        self._last = self.to_picture(event.position())
        self._stroke(self._last, self._last)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        self._hover = event.position()
        if self._last is not None and event.buttons() & Qt.MouseButton.LeftButton:
            point = self.to_picture(event.position())
            self._stroke(self._last, point)
            self._last = point
        else:
            self.update()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if self._last is not None:
            self._last = None
            self.mask_changed.emit()

    def leaveEvent(self, event: QEvent) -> None:
        self._hover = None
        self.update()
        super().leaveEvent(event)

    def _stroke(self, start: QPointF, end: QPointF) -> None:
        painter = QPainter(self._mask)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)
        colour = QColor(0, 0, 0) if self.erasing else QColor(255, 255, 255)
        pen = QPen(colour, self._brush, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap)
        painter.setPen(pen)
        painter.drawLine(start, end)
        painter.end()
        self.update()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_BracketLeft:
            self.set_brush_size(round(self._brush / 1.25))
        elif event.key() == Qt.Key.Key_BracketRight:
            self.set_brush_size(round(self._brush * 1.25) + 1)
        else:
            super().keyPressEvent(event)

    def sizeHint(self) -> QSize:
        return QSize(640, 640)

    def paintEvent(self, _event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.fillRect(self.rect(), self.palette().color(QPalette.ColorRole.Base))
        target = self._target()
        if target.isEmpty():
            return
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        painter.drawImage(target, self._picture)
        overlay = QImage(self._mask.size(), QImage.Format.Format_ARGB32_Premultiplied)
        overlay.fill(_OVERLAY)
        overlay.setAlphaChannel(self._mask)
        painter.setOpacity(0.5)  # translucent: the picture stays visible under the mask
        painter.drawImage(target, overlay)
        painter.setOpacity(1.0)
        if self._hover is not None:  # the brush outline, at its real size on screen
            radius = self._brush * target.width() / self._picture.width() / 2
            painter.setPen(QPen(self.palette().color(QPalette.ColorRole.Highlight), 1))
            painter.drawEllipse(self._hover, radius, radius)
