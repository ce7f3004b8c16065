"""The img2img input: the dropped picture, how much to change it, and a remove button."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QImage, QPixmap
from PySide6.QtWidgets import (
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSlider,
    QVBoxLayout,
    QWidget,
)

from studio.ui.accessibility import chain_tab_order, name_controls

THUMB = 96


class InitImageBox(QGroupBox):
    """Shown only while an input image is set."""

    removed = Signal()
    settings_reuse_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._path: Path | None = None
        self._thumb = QLabel()
        self._thumb.setFixedSize(THUMB, THUMB)
        self._thumb.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self._name = QLabel()
        self._name.setWordWrap(True)
        self._strength = QSlider(Qt.Orientation.Horizontal)
        self._strength.setRange(5, 100)
        self._strength.setValue(60)
        self._strength_label = QLabel()
        self._remove = QPushButton()
        self._reuse = QPushButton()
        self._reuse.hide()
        self._layout()
        self._strength.valueChanged.connect(self._update_strength_label)
        self._remove.clicked.connect(self.removed)
        self._reuse.clicked.connect(self.settings_reuse_requested)
        self._retranslate()
        self.hide()

    def _layout(self) -> None:
        side = QVBoxLayout()
        side.addWidget(self._name)
        side.addWidget(self._strength_label)
        side.addWidget(self._strength)
        buttons = QHBoxLayout()
        buttons.addWidget(self._reuse)
        buttons.addWidget(self._remove)
        side.addLayout(buttons)
        row = QHBoxLayout(self)
        row.addWidget(self._thumb)
        row.addLayout(side, 1)
        chain_tab_order([self._strength, self._reuse, self._remove])

    def _retranslate(self) -> None:
        self.setTitle(self.tr("Image to transform"))
        self._remove.setText(self.tr("Remove"))
        self._remove.setToolTip(self.tr("Stop using this image: generate from noise again."))
        self._reuse.setText(self.tr("Reuse its settings"))
        self._reuse.setToolTip(
            self.tr("This image carries the settings it was made with: copy them to the panel.")
        )
        self._strength.setToolTip(
            self.tr("How much to change the image: low keeps it, high repaints it almost fully.")
        )
        name_controls(
            [
                (self._strength, self.tr("How much to change the image")),
                (self._remove, self.tr("Remove the image to transform")),
                (self._reuse, self.tr("Reuse its settings")),
            ]
        )
        self._update_strength_label()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self._retranslate()
        super().changeEvent(event)

    @property
    def path(self) -> Path | None:
        return self._path

    @property
    def strength(self) -> float:
        return self._strength.value() / 100

    def set_strength(self, value: float) -> None:
        self._strength.setValue(round(value * 100))

    def set_image(self, path: Path, image: QImage, has_settings: bool) -> None:
        """Show `image` (already decoded and checked) as the input."""
        self._path = path
        scaled = image.scaled(
            THUMB,
            THUMB,
            Qt.AspectRatioMode.KeepAspectRatio,
            Qt.TransformationMode.SmoothTransformation,
        )
        self._thumb.setPixmap(QPixmap.fromImage(scaled))
        name = self._name.fontMetrics().elidedText(path.name, Qt.TextElideMode.ElideMiddle, 170)
        size = image.text("size").replace("x", " × ") or f"{image.width()} × {image.height()}"
        self._name.setText(f"{name}\n{size}")
        self._name.setToolTip(str(path))
        self._reuse.setVisible(has_settings)
        self.show()

    def clear(self) -> None:
        self._path = None
        self._thumb.clear()
        self.hide()

    def _update_strength_label(self) -> None:
        self._strength_label.setText(
            self.tr("Change: %1%").replace("%1", str(self._strength.value()))
        )
