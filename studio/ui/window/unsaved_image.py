"""A picture that could not be saved (full disk, no permission) stays on screen and in memory
until the user saves it somewhere else: nothing generated is lost to a failed save."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QFileDialog

from studio.core.base.errors import StudioError
from studio.core.gallery.output import save_image
from studio.ui.images import pil_to_qimage

if TYPE_CHECKING:
    from studio.core.generation.engine import GeneratedImage
    from studio.ui.window.parts import WindowParts


class UnsavedImageKeeper(QObject):
    """Holds the last picture whose save failed and offers "Save image as…"."""

    availability_changed = Signal(bool)

    def __init__(self, parts: WindowParts) -> None:
        super().__init__(parts.window)
        self._parts = parts
        self._kept: GeneratedImage | None = None
        self._why = ""
        parts.controller.image_unsaved.connect(self._on_controller_image_unsaved)
        # Queued: runs after the window's own end-of-job texts, which it then completes.
        parts.controller.job_ended.connect(
            self._on_controller_job_ended, Qt.ConnectionType.QueuedConnection
        )

    @property
    def kept(self) -> GeneratedImage | None:
        return self._kept

    def save_to(self, folder: Path) -> Path | None:
        """Save the kept picture (with its settings) into `folder`; None if that failed too."""
        if self._kept is None:
            return None
        try:
            path = save_image(self._kept, folder)
        except StudioError as exc:
            self._parts.banner.show_message(str(exc))
            return None
        self._kept = None
        self.availability_changed.emit(False)
        self._parts.state_label.setText(self.tr("Saved %1").replace("%1", str(path)))
        return path

    def save_as(self) -> None:
        """Ask for a folder and save the kept picture there."""
        folder = QFileDialog.getExistingDirectory(self._parts.window, self.tr("Save image in…"))
        if folder:
            self.save_to(Path(folder))

    def _on_controller_image_unsaved(self, result: GeneratedImage, why: str) -> None:
        self._kept, self._why = result, why
        self._parts.canvas.show_image(pil_to_qimage(result.image))
        self._parts.timeline.finish(result.image)
        self.availability_changed.emit(True)

    def _on_controller_job_ended(self, _outcome: str) -> None:
        # After the window's own "failed" text: say that the picture is safe and how to keep it.
        if self._kept is None or not self._why:
            return
        hint = self.tr("The picture is kept here: use Image ▸ Save image as… to save it elsewhere.")
        self._parts.banner.show_message(f"{self._why}\n{hint}")
        self._parts.state_label.setText(hint)
        self._why = ""
