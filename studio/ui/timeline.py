"""The timeline under the canvas: scrub through the denoising steps of the last picture."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, QRunnable, Qt, QThreadPool, Signal
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QFileDialog, QHBoxLayout, QLabel, QPushButton, QSlider, QWidget

from studio.core.base.errors import StudioError
from studio.core.gallery.animation import write_animation
from studio.ui.images import pil_to_qimage

if TYPE_CHECKING:
    from PIL import Image

    from studio.core.base.progress import StepProgress

log = logging.getLogger(__name__)
MAX_FRAMES = 64  # a 1000-step run keeps every n-th preview: memory stays bounded


class _AnimationSignals(QObject):
    written = Signal(str, str)  # path, message ("" when it worked)


class _AnimationTask(QRunnable):
    def __init__(self, frames: list[Image.Image], target: Path, signals: _AnimationSignals) -> None:
        super().__init__()
        self._frames, self._target, self._signals = frames, target, signals

    def run(self) -> None:
        try:
            write_animation(self._frames, self._target)
        except (StudioError, OSError) as exc:
            self._signals.written.emit(str(self._target), str(exc))
        else:
            self._signals.written.emit(str(self._target), "")


class TimelineStrip(QWidget):
    """Keeps the step previews of the last picture; a slider shows any of them."""

    frame_selected = Signal(QImage, bool)  # the image, whether it is a step preview
    message_reported = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._frames: list[tuple[int, Image.Image]] = []  # (step, picture); step 0 = finished
        self._image_index = -1
        self._stride = 1
        self.slider = QSlider(Qt.Orientation.Horizontal)
        self.step_label = QLabel()
        self.export_button = QPushButton()
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)
        self._signals = _AnimationSignals(self)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.slider, 1)
        row.addWidget(self.step_label)
        row.addWidget(self.export_button)
        self.slider.valueChanged.connect(self._on_slider_value_changed)
        self.export_button.clicked.connect(self.export_animation)
        self._signals.written.connect(self._on_task_written)
        self._retranslate()
        self.clear()

    def _retranslate(self) -> None:
        self.slider.setAccessibleName(self.tr("Denoising steps"))
        self.slider.setToolTip(
            self.tr("Drag to see the picture emerge from the noise, step by step")
        )
        self.export_button.setText(self.tr("Export animation…"))
        self.export_button.setToolTip(
            self.tr("Save these steps as an animated picture (GIF or WebP)")
        )
        self._update_label()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self._retranslate()
        super().changeEvent(event)

    @property
    def frame_count(self) -> int:
        return len(self._frames)

    def clear(self) -> None:
        """Forget the steps (a new picture starts) and hide."""
        self._frames.clear()
        self._image_index, self._stride = -1, 1
        self.hide()

    def add_step(self, progress: StepProgress) -> None:
        """Keep a step's preview; a batch keeps only its latest picture's steps."""
        if progress.preview is None:
            return
        if progress.image_index != self._image_index:
            self._frames.clear()
            self._image_index, self._stride = progress.image_index, 1
        if progress.step % self._stride:
            return
        self._frames.append((progress.step, progress.preview))
        if len(self._frames) >= MAX_FRAMES:
            self._stride *= 2  # keep every other step from now, and thin what is kept
            self._frames = [f for f in self._frames if f[0] % self._stride == 0]

    def finish(self, image: Image.Image) -> None:
        """Add the finished picture as the last frame and show the strip."""
        self._frames.append((0, image))
        self.slider.blockSignals(True)
        self.slider.setRange(0, len(self._frames) - 1)
        self.slider.setValue(len(self._frames) - 1)
        self.slider.blockSignals(False)
        self._update_label()
        self.setVisible(len(self._frames) > 1)

    def _on_slider_value_changed(self, value: int) -> None:
        step, image = self._frames[value]
        self._update_label()
        self.frame_selected.emit(pil_to_qimage(image), step != 0)

    def _update_label(self) -> None:
        if not self._frames:
            self.step_label.setText("")
            return
        step = self._frames[self.slider.value()][0]
        self.step_label.setText(
            self.tr("Finished") if step == 0 else self.tr("Step %1").replace("%1", str(step))
        )

    def export_animation(self) -> None:
        """Ask where, then write the steps as an animated GIF or WebP in the background."""
        name, _ = QFileDialog.getSaveFileName(
            self,
            self.tr("Export animation"),
            "lienzo-steps.gif",
            self.tr("Animated GIF (*.gif);;Animated WebP (*.webp)"),
        )
        if name:
            self.write_animation_to(Path(name))

    def write_animation_to(self, target: Path) -> None:
        """Write the kept frames to `target` in a pool thread; a message says how it went."""
        frames = [image for _step, image in self._frames]
        self.export_button.setEnabled(False)
        self._pool.start(_AnimationTask(frames, target, self._signals))

    def _on_task_written(self, path: str, message: str) -> None:
        self.export_button.setEnabled(True)
        self.message_reported.emit(
            message or self.tr("Animation saved: %1").replace("%1", Path(path).name)
        )

    def shutdown(self) -> None:
        self._pool.waitForDone()
