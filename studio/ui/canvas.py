"""The canvas: the live preview while the picture forms, then the finished image."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QRect, QSize, Qt
from PySide6.QtGui import QColor, QFocusEvent, QImage, QPainter, QPaintEvent, QPalette, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget


class CanvasView(QWidget):
    """Paints one image scaled to fit, or a hint when there is none."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._image: QImage | None = None
        self._is_preview = False
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMinimumSize(256, 256)
        # Reachable by Tab so Ctrl+V can paste a picture here without a mouse.
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self._retranslate()

    def _retranslate(self) -> None:
        self._hint = self.tr(
            "Write what you want to see and press Ctrl+Enter.\n"
            "Drop or paste an image here to transform it."
        )
        self.setAccessibleName(self.tr("Canvas"))
        self.setAccessibleDescription(
            self.tr("The picture being made. Ctrl+V here pastes an image to transform.")
        )
        self.update()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self._retranslate()
        super().changeEvent(event)

    @property
    def image(self) -> QImage | None:
        return self._image

    @property
    def is_preview(self) -> bool:
        return self._is_preview

    def show_image(self, image: QImage | None, preview: bool = False) -> None:
        """Show a finished image, or a step preview (drawn smoothly upscaled)."""
        self._image = image if image is not None and not image.isNull() else None
        self._is_preview = preview
        self.update()

    def sizeHint(self) -> QSize:
        return QSize(640, 640)

    def paintEvent(self, _event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.fillRect(self.rect(), self.palette().color(QPalette.ColorRole.Base))
        if self._image is None:
            painter.setPen(QColor(self.palette().color(QPalette.ColorRole.PlaceholderText)))
            painter.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter, self._hint)
        else:
            target = self._target_rect()
            # Pre-scaling smooths a 1/8-size step preview; QPainter alone would show blocks.
            mode = Qt.TransformationMode.SmoothTransformation
            painter.drawImage(target, self._image.scaled(target.size(), mode=mode))
        self._draw_focus(painter)

    def _draw_focus(self, painter: QPainter) -> None:
        if self.hasFocus():  # visible focus for keyboard users: a frame in the accent colour
            painter.setPen(QPen(self.palette().color(QPalette.ColorRole.Highlight), 2))
            painter.drawRect(self.rect().adjusted(1, 1, -1, -1))

    def focusInEvent(self, event: QFocusEvent) -> None:
        self.update()
        super().focusInEvent(event)

    def focusOutEvent(self, event: QFocusEvent) -> None:
        self.update()
        super().focusOutEvent(event)

    def _target_rect(self) -> QRect:
        assert self._image is not None
        size = self._image.size().scaled(self.size(), Qt.AspectRatioMode.KeepAspectRatio)
        if not self._is_preview and (size.width() > self._image.width() * 2):
            size = self._image.size() * 2  # a tiny final image stays crisp, not huge and blurry
        x = (self.width() - size.width()) // 2
        y = (self.height() - size.height()) // 2
        return QRect(x, y, size.width(), size.height())
