"""Painting an inpainting mask over a picture: brush, eraser, size, undo/redo, a red overlay."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QPointF, QRectF, QSize, QSizeF, Qt, Signal
from PySide6.QtGui import (
    QBrush,
    QColor,
    QImage,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPalette,
    QPen,
    QWheelEvent,
)
from PySide6.QtWidgets import QSizePolicy, QWidget

from studio.ui.edit.view import (
    ZOOM_STEP,
    CanvasView,
    Margins,
    dragged_margin,
    side_beyond,
)

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
    margins_changed = Signal(tuple)  # Margins

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
        self._margins: Margins = (0, 0, 0, 0)
        self._zoom, self._pan = 1.0, QPointF()
        self._panning: QPointF | None = None  # where the last pan move ended
        self._edge: tuple[int, CanvasView] | None = None  # the border being dragged
        self._space_down = False
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
        self._zoom, self._pan, self._edge = 1.0, QPointF(), None
        self.set_margins((0, 0, 0, 0))
        self.mask_changed.emit()
        self.update()

    def set_mask(self, mask: QImage) -> None:
        """Start from this mask (white = redraw), scaled to the picture; undo brings back the
        empty one."""
        if self._picture.isNull() or mask.isNull():
            return
        self._remember()
        grey = mask.convertToFormat(QImage.Format.Format_Grayscale8)
        if grey.size() != self._picture.size():
            grey = grey.scaled(self._picture.size())
        self._mask = grey
        self._changed()

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

    @property
    def margins(self) -> Margins:
        """The extend margins (left, top, right, bottom) in picture pixels."""
        return self._margins

    def set_margins(self, margins: Margins) -> None:
        if margins != self._margins:
            self._margins = margins
            self.margins_changed.emit(margins)
            self.update()

    def view(self) -> CanvasView:
        """Where the picture is drawn now (frozen while a border is being dragged)."""
        if self._edge is not None:
            return self._edge[1]
        picture = QSizeF(self._picture.size()) if not self._picture.isNull() else QSizeF()
        return CanvasView(QSizeF(self.size()), picture, self._margins, self._zoom, self._pan)

    def _target(self) -> QRectF:
        view = self.view()
        return QRectF() if view.is_empty() else view.picture_rect()

    def to_picture(self, point: QPointF) -> QPointF:
        """A widget position in picture pixels."""
        return self.view().to_picture(point)

    @property
    def zoom(self) -> float:
        return self._zoom

    def zoom_by(self, factor: float, anchor: QPointF | None = None) -> None:
        """Zoom in (factor > 1) or out, keeping the picture under `anchor` (default: centre)."""
        view = self.view().zoomed(factor, anchor or QRectF(self.rect()).center())
        self._zoom, self._pan = view.zoom, view.pan
        self.update()

    def fit(self) -> None:
        """The whole picture and its margins in view again."""
        self._zoom, self._pan = 1.0, QPointF()
        self.update()

    def pan_by(self, delta: QPointF) -> None:
        self._pan = self._pan + delta
        self.update()

    # Painting the mask, panning, and dragging a border to extend the picture.

    def mousePressEvent(self, event: QMouseEvent) -> None:
        button, position = event.button(), event.position()
        if self._picture.isNull():
            return super().mousePressEvent(event)
        if button == Qt.MouseButton.MiddleButton or (
            button == Qt.MouseButton.LeftButton and self._space_down
        ):
            self._panning = position
            self.setCursor(Qt.CursorShape.ClosedHandCursor)
            return None
        if button != Qt.MouseButton.LeftButton:
            return super().mousePressEvent(event)
        side = side_beyond(self.view(), position)
        if side is not None:
            self._edge = (side, self.view())
            return None
        self._remember()
        self._last = self.to_picture(position)
        self._stroke(self._last, self._last)
        return None

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        position = event.position()
        self._hover = position
        if self._panning is not None:
            self.pan_by(position - self._panning)
            self._panning = position
        elif self._edge is not None:
            side, view = self._edge
            margins = list(self._margins)
            margins[side] = dragged_margin(view, side, position)
            self.set_margins((margins[0], margins[1], margins[2], margins[3]))
        elif self._last is not None and event.buttons() & Qt.MouseButton.LeftButton:
            point = self.to_picture(position)
            self._stroke(self._last, point)
            self._last = point
        else:
            self._update_cursor(position)
            self.update()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if self._panning is not None or self._edge is not None:
            self._panning = self._edge = None
            self._update_cursor(event.position())
            self.update()
        elif self._last is not None:
            self._last = None
            self.mask_changed.emit()

    def _update_cursor(self, position: QPointF) -> None:
        if self._space_down:
            self.setCursor(Qt.CursorShape.OpenHandCursor)
            return
        side = None if self._picture.isNull() else side_beyond(self.view(), position)
        shapes = {None: Qt.CursorShape.CrossCursor, 0: Qt.CursorShape.SizeHorCursor,
                  2: Qt.CursorShape.SizeHorCursor}  # fmt: skip
        self.setCursor(shapes.get(side, Qt.CursorShape.SizeVerCursor))

    def wheelEvent(self, event: QWheelEvent) -> None:
        delta = event.angleDelta()
        if event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            if delta.y():
                factor = ZOOM_STEP if delta.y() > 0 else 1 / ZOOM_STEP
                self.zoom_by(factor, event.position())
        else:
            self.pan_by(QPointF(delta.x(), delta.y()) / 4)
        event.accept()

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
        key = event.key()
        if key == Qt.Key.Key_BracketLeft:
            self.set_brush_size(round(self._brush / 1.25))
        elif key == Qt.Key.Key_BracketRight:
            self.set_brush_size(round(self._brush * 1.25) + 1)
        elif key in (Qt.Key.Key_Plus, Qt.Key.Key_Equal):
            self.zoom_by(ZOOM_STEP)
        elif key == Qt.Key.Key_Minus:
            self.zoom_by(1 / ZOOM_STEP)
        elif key == Qt.Key.Key_0:
            self.fit()
        elif key == Qt.Key.Key_Space and not event.isAutoRepeat():
            self._space_down = True
            self.setCursor(Qt.CursorShape.OpenHandCursor)
        else:
            super().keyPressEvent(event)

    def keyReleaseEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Space and not event.isAutoRepeat():
            self._space_down = False
            self.setCursor(Qt.CursorShape.CrossCursor)
        else:
            super().keyReleaseEvent(event)

    def sizeHint(self) -> QSize:
        return QSize(640, 640)

    def paintEvent(self, _event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.fillRect(self.rect(), self.palette().color(QPalette.ColorRole.Base))
        target = self._target()
        if target.isEmpty():
            return
        if any(self._margins):
            self._paint_extension(painter, self.view().extended_rect())
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        painter.drawImage(target, self._picture)
        overlay = QImage(self._mask.size(), QImage.Format.Format_ARGB32_Premultiplied)
        overlay.fill(_OVERLAY)
        overlay.setAlphaChannel(self._mask)
        painter.setOpacity(0.5)  # translucent: the picture stays visible under the mask
        painter.drawImage(target, overlay)
        painter.setOpacity(1.0)
        if self._hover is not None and target.contains(self._hover):
            radius = self._brush * target.width() / self._picture.width() / 2  # real size
            painter.setPen(QPen(self.palette().color(QPalette.ColorRole.Highlight), 1))
            painter.drawEllipse(self._hover, radius, radius)

    def _paint_extension(self, painter: QPainter, outer: QRectF) -> None:
        """The area an extend adds: the mask's tint, hatched, inside a dashed border."""
        painter.fillRect(outer, QColor(_OVERLAY.red(), _OVERLAY.green(), _OVERLAY.blue(), 60))
        painter.fillRect(outer, QBrush(_OVERLAY, Qt.BrushStyle.BDiagPattern))
        pen = QPen(self.palette().color(QPalette.ColorRole.Text), 1, Qt.PenStyle.DashLine)
        painter.setPen(pen)
        painter.drawRect(outer.adjusted(0.5, 0.5, -0.5, -0.5))
