"""The img2img input: the dropped picture, how much to change it, and a remove button."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QImage, QPixmap
from PySide6.QtWidgets import (
    QCheckBox,
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
        self._mask_file: Path | None = None  # a mask restored with reused settings
        # A reused inpainting's other settings (GenerationRequest fields: mask blur, masked
        # area only, padding, extend margins), given to the next job until the input changes.
        self.inpaint_options: dict[str, Any] = {}
        # Where Edit keeps the pictures it redraws: a reused inpainting's source is found there.
        self.sources_folder: Path | None = None
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
        self.mask_check = QCheckBox()  # the picture's transparency, or a restored mask
        self.mask_check.hide()
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
        side.addWidget(self.mask_check)
        buttons = QHBoxLayout()
        buttons.addWidget(self._reuse)
        buttons.addWidget(self._remove)
        side.addLayout(buttons)
        row = QHBoxLayout(self)
        row.addWidget(self._thumb)
        row.addLayout(side, 1)
        chain_tab_order([self._strength, self.mask_check, self._reuse, self._remove])

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
        self._update_mask_text()
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

    @property
    def mask(self) -> Path | None:
        """The mask the next job redraws: a restored mask file, or the picture's own file
        (its transparency); None for plain img2img."""
        if self._path is None or not self.mask_check.isChecked():
            return None
        return self._mask_file or self._path

    def set_mask(self, mask: Path) -> None:
        """Redraw only the white part of `mask` (already checked), e.g. on reused settings."""
        self._mask_file = mask
        self._update_mask_text()
        self.mask_check.setChecked(True)
        self.mask_check.show()

    def set_image(self, path: Path, image: QImage, has_settings: bool) -> None:
        """Show `image` (already decoded and checked) as the input."""
        self._path = path
        self._mask_file = None
        self.inpaint_options = {}
        self.mask_check.setChecked(False)
        self.mask_check.setVisible(image.text("transparent") == "1")
        self._update_mask_text()
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
        self._mask_file = None
        self.inpaint_options = {}
        self.mask_check.setChecked(False)
        self.mask_check.hide()
        self._thumb.clear()
        self.hide()

    def _update_strength_label(self) -> None:
        self._strength_label.setText(
            self.tr("Change: %1%").replace("%1", str(self._strength.value()))
        )

    def _update_mask_text(self) -> None:
        if self._mask_file is None:
            self.mask_check.setText(self.tr("Use its transparency as the mask"))
            self.mask_check.setToolTip(
                self.tr("Redraw only the transparent part of this picture; keep the rest.")
            )
        else:
            self.mask_check.setText(self.tr("Redraw only the masked part"))
            self.mask_check.setToolTip(self._mask_file.name)
