"""What the window shows while its jobs run: the status line (state, where the job runs, what
was saved, how it ended), the device label, and the progress strip, canvas and timeline that
follow the shown job. Its texts keep the Spanish catalogue's "MainWindow" context, where they
were first written (`QCoreApplication.translate` with that context, which lupdate reads)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QObject

from studio.runtime.controller import State
from studio.ui.images import pil_to_qimage

if TYPE_CHECKING:
    from PySide6.QtWidgets import QLabel

    from studio.core.base.devices import DevicePlan
    from studio.core.base.progress import StepProgress
    from studio.core.generation.engine import GeneratedImage
    from studio.core.generation.request import GenerationRequest
    from studio.runtime.gallery import GalleryModel
    from studio.ui.feedback import ProgressStrip
    from studio.ui.window.parts import WindowParts


class JobStatus(QObject):
    """Follows the controller's signals into the status bar, canvas, timeline and gallery."""

    def __init__(
        self,
        parts: WindowParts,
        progress: ProgressStrip,
        device_label: QLabel,
        gallery: GalleryModel,
    ) -> None:
        super().__init__(parts.window)
        self._parts = parts
        self._progress = progress
        self._device_label = device_label
        self._gallery = gallery
        self._last_saved = ""
        c = parts.controller
        c.state_changed.connect(self.show_state)
        c.device_reported.connect(self._on_controller_device_reported)
        c.step_completed.connect(self._on_controller_step_completed)
        c.job_image_saved.connect(self._on_controller_job_image_saved)
        c.job_started.connect(self._on_controller_job_started)
        c.job_ended.connect(self._on_controller_job_ended)

    def show_state(self, state: State) -> None:
        """The state in words; the prompt panel's Generate/Cancel follow it."""
        texts = {
            State.IDLE: QCoreApplication.translate("MainWindow", "Ready"),
            State.LOADING: QCoreApplication.translate(
                "MainWindow", "Loading the model… (the first time takes a while)"
            ),
            State.GENERATING: QCoreApplication.translate("MainWindow", "Generating…"),
            State.CANCELLING: QCoreApplication.translate("MainWindow", "Cancelling…"),
        }
        self._parts.state_label.setText(texts[state])
        self._parts.prompt_panel.set_busy(state in (State.GENERATING, State.CANCELLING))
        if state is State.IDLE:
            self._progress.reset()

    def _on_controller_device_reported(self, plan: DevicePlan) -> None:
        text = plan.label
        if plan.unused_gpu:
            warning = QCoreApplication.translate("MainWindow", "%1 is present but NOT used")
            text = f"⚠ {warning.replace('%1', plan.unused_gpu)} · {text}"
            self._device_label.setStyleSheet("color: #b3261e;")
        self._device_label.setText(text)
        self._device_label.setToolTip(plan.reason)

    def _on_controller_job_started(self, _request: GenerationRequest) -> None:
        self._progress.reset()
        self._parts.timeline.clear()
        self._parts.canvas.setFocus()
        controller = self._parts.controller
        where = controller.queue.worker_of(controller.shown_job or "")
        if where:  # a server, or this computer among several workers
            text = QCoreApplication.translate("MainWindow", "Generating on %1…")
            self._parts.state_label.setText(text.replace("%1", where))

    def _on_controller_step_completed(self, progress: StepProgress) -> None:
        self._progress.show_step(progress)
        self._parts.timeline.add_step(progress)
        if progress.preview is not None:
            self._parts.canvas.show_image(pil_to_qimage(progress.preview), preview=True)

    def _on_controller_job_image_saved(
        self, job_id: str, path: str, result: GeneratedImage
    ) -> None:
        self._gallery.add(Path(path))
        if job_id != self._parts.controller.shown_job:
            return  # another worker's picture: in the gallery; the canvas follows one job
        self._parts.canvas.show_image(pil_to_qimage(result.image))
        self._parts.timeline.finish(result.image)
        self._parts.prompt_panel.note_generated(result.request)
        self._last_saved = Path(path).name
        self._show_saved()
        if result.warnings:
            self._parts.banner.show_message("\n".join(result.warnings))

    def _on_controller_job_ended(self, outcome: str) -> None:
        # Comes after the state went back to idle: the outcome replaces the plain "Ready".
        if outcome == "done" and self._last_saved:
            self._show_saved()
        elif outcome == "cancelled" and self._parts.controller.paused:
            self._parts.state_label.setText(
                QCoreApplication.translate(
                    "MainWindow", "Cancelled: nothing was saved. The queue is paused."
                )
            )
        elif outcome == "cancelled":  # one job stopped (by another program, through the API)
            self._parts.state_label.setText(
                QCoreApplication.translate("MainWindow", "Cancelled: nothing was saved.")
            )
        elif outcome == "failed":
            self._parts.state_label.setText(
                QCoreApplication.translate(
                    "MainWindow", "The picture could not be made: see the message."
                )
            )

    def _show_saved(self) -> None:
        text = QCoreApplication.translate("MainWindow", "Saved %1")
        self._parts.state_label.setText(text.replace("%1", self._last_saved))
