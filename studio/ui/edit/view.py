"""Where the Edit canvas draws the picture: fitted with its extend margins, zoomed and panned.

All in logical (device-independent) pixels and floating point, as Qt delivers mouse positions,
so one mapping serves painting and the brush at any zoom and device pixel ratio.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from PySide6.QtCore import QPointF, QRectF, QSizeF

from studio.core.generation.request import MAX_OUTPAINT

GUTTER = 24.0  # free room kept around the fitted picture: where its borders are grabbed
MIN_ZOOM, MAX_ZOOM = 0.25, 16.0
ZOOM_STEP = 1.25
SNAP = 8  # extend margins are whole multiples of the latent cell

Margins = tuple[int, int, int, int]  # left, top, right, bottom, in picture pixels


@dataclass(frozen=True)
class CanvasView:
    """The picture's placement in a widget: fitted (picture plus margins, inside the gutter),
    then zoomed about the widget's centre and moved by `pan`."""

    widget: QSizeF
    picture: QSizeF
    margins: Margins = (0, 0, 0, 0)
    zoom: float = 1.0
    pan: QPointF = field(default_factory=QPointF)

    def is_empty(self) -> bool:
        return self.picture.isEmpty() or self.widget.isEmpty()

    def scale(self) -> float:
        """Logical widget pixels per picture pixel."""
        left, top, right, bottom = self.margins
        width, height = self.picture.width() + left + right, self.picture.height() + top + bottom
        room_w = max(self.widget.width() - 2 * GUTTER, 1.0)
        room_h = max(self.widget.height() - 2 * GUTTER, 1.0)
        return min(room_w / width, room_h / height) * self.zoom

    def extended_rect(self) -> QRectF:
        """The picture with its margins, in widget coordinates."""
        left, top, right, bottom = self.margins
        scale = self.scale()
        width = (self.picture.width() + left + right) * scale
        height = (self.picture.height() + top + bottom) * scale
        x = (self.widget.width() - width) / 2 + self.pan.x()
        y = (self.widget.height() - height) / 2 + self.pan.y()
        return QRectF(x, y, width, height)

    def picture_rect(self) -> QRectF:
        """The picture itself, in widget coordinates."""
        outer, scale = self.extended_rect(), self.scale()
        origin = outer.topLeft() + QPointF(self.margins[0] * scale, self.margins[1] * scale)
        size = QSizeF(self.picture.width() * scale, self.picture.height() * scale)
        return QRectF(origin, size)

    def to_picture(self, point: QPointF) -> QPointF:
        if self.is_empty():
            return QPointF()
        origin, scale = self.picture_rect().topLeft(), self.scale()
        return QPointF((point.x() - origin.x()) / scale, (point.y() - origin.y()) / scale)

    def to_widget(self, point: QPointF) -> QPointF:
        origin, scale = self.picture_rect().topLeft(), self.scale()
        return QPointF(origin.x() + point.x() * scale, origin.y() + point.y() * scale)

    def zoomed(self, factor: float, anchor: QPointF) -> CanvasView:
        """Zoom by `factor`, keeping the picture point under `anchor` where it is."""
        zoom = min(MAX_ZOOM, max(MIN_ZOOM, self.zoom * factor))
        fixed = self.to_picture(anchor)
        changed = replace(self, zoom=zoom)
        moved = anchor - changed.to_widget(fixed)
        return replace(changed, pan=changed.pan + moved)

    def panned(self, delta: QPointF) -> CanvasView:
        return replace(self, pan=self.pan + delta)


def side_beyond(view: CanvasView, point: QPointF) -> int | None:
    """Which border (0 left, 1 top, 2 right, 3 bottom) a press outside the picture grabs."""
    rect = view.picture_rect()
    beyond = [rect.left() - point.x(), rect.top() - point.y(),
              point.x() - rect.right(), point.y() - rect.bottom()]  # fmt: skip
    side = max(range(4), key=lambda index: beyond[index])
    return side if beyond[side] > 0 else None


def dragged_margin(view: CanvasView, side: int, point: QPointF) -> int:
    """The margin on `side` that reaches `point`: picture pixels, snapped to 8, 0–512."""
    spot = view.to_picture(point)
    distance = {0: -spot.x(), 1: -spot.y(), 2: spot.x() - view.picture.width(),
                3: spot.y() - view.picture.height()}[side]  # fmt: skip
    snapped = round(distance / SNAP) * SNAP
    return int(min(MAX_OUTPAINT, max(0, snapped)))
