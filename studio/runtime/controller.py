"""The controller the window calls: a state machine over the worker thread and the queue."""

from __future__ import annotations

import enum
import logging
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QThread, Signal, Slot

from studio.core.base.errors import tr
from studio.core.base.progress import CancelToken, StepProgress
from studio.core.gallery.output import dated_folder
from studio.core.generation.request import GenerationRequest, validate
from studio.runtime.jobs import JobQueueModel
from studio.runtime.worker import EngineWorker

if TYPE_CHECKING:
    from studio.core.backends.base import Backend
    from studio.core.base.devices import DevicePlan
    from studio.core.base.paths import AppPaths
    from studio.core.base.settings import Settings
    from studio.core.generation.engine import Engine, GeneratedImage

log = logging.getLogger(__name__)


class State(enum.Enum):
    """What the engine is doing."""

    IDLE = "idle"
    LOADING = "loading"
    GENERATING = "generating"
    CANCELLING = "cancelling"


class GenerationController(QObject):
    """Starts queued jobs one at a time on the worker thread; cancels; shuts down cleanly."""

    state_changed = Signal(object)  # State
    model_ready = Signal(str)  # the model ref that is loaded
    device_reported = Signal(object)  # DevicePlan
    step_completed = Signal(object)  # StepProgress
    image_saved = Signal(str, object)  # path, GeneratedImage
    image_unsaved = Signal(object, str)  # GeneratedImage kept in memory, why it was not saved
    job_started = Signal(object)  # GenerationRequest
    job_ended = Signal(str)  # "done", "cancelled", "failed" or "kept" (queued again, paused)
    problem_reported = Signal(str)  # a message for the user
    model_missing = Signal(str)  # a Hub model to download first (the Models dialog offers it)
    paused_changed = Signal(bool)

    _prepare_requested = Signal(object, str)
    _job_requested = Signal(object, str, object, object, str)
    _discard_requested = Signal()

    def __init__(
        self,
        paths: AppPaths,
        settings: Settings,
        queue: JobQueueModel,
        engine: Engine | None = None,
        parent: QObject | None = None,
        backend: Backend | None = None,
    ) -> None:
        """`backend`: a server that runs every job instead of this computer (None: here)."""
        super().__init__(parent)
        self._paths = paths
        self._settings = settings
        self.queue = queue
        self._state = State.IDLE
        self._model_ref = settings.default_model
        self._reload_pending = False
        self._cancel: CancelToken | None = None
        # Jobs restored from the last session wait for the user: a job that crashed the app
        # must not crash it again at every start.
        self._paused = queue.rowCount() > 0
        self._closing = False  # set by shutdown: a job stopped by quitting stays queued
        self._thread = QThread()
        self._thread.setObjectName("engine-worker")
        self._worker = EngineWorker(paths, engine, backend)
        self._worker.moveToThread(self._thread)
        self._thread.finished.connect(self._worker.deleteLater)
        self._connect_worker()

    def _connect_worker(self) -> None:
        worker = self._worker
        self._prepare_requested.connect(worker.prepare)
        self._job_requested.connect(worker.run_job)
        self._discard_requested.connect(worker.discard_engine)
        worker.engine_prepared.connect(self._on_worker_engine_prepared)
        worker.model_chosen.connect(self._on_worker_model_chosen)
        worker.model_loaded.connect(self._on_worker_model_loaded)
        worker.preparation_failed.connect(self._on_worker_preparation_failed)
        worker.model_missing.connect(self.model_missing)
        worker.step_completed.connect(self._on_worker_step_completed)
        worker.image_saved.connect(self._on_worker_image_saved)
        worker.image_unsaved.connect(self._on_worker_image_unsaved)
        worker.job_succeeded.connect(self._on_worker_job_succeeded)
        worker.job_cancelled.connect(self._on_worker_job_cancelled)
        worker.job_failed.connect(self._on_worker_job_failed)
        worker.job_kept.connect(self._on_worker_job_kept)

    # -- what the window calls ---------------------------------------------------------------
    @property
    def state(self) -> State:
        return self._state

    @property
    def paused(self) -> bool:
        return self._paused

    @property
    def settings(self) -> Settings:
        return self._settings

    @property
    def model_ref(self) -> str:
        """The model a request without one runs on ("" until the worker has chosen it; a job
        without one then gets the worker's choice, never "")."""
        return self._model_ref

    def start(self) -> None:
        """Start the worker thread; it imports torch and loads the default model."""
        if self._thread.isRunning():
            return
        self._thread.start()
        self._set_state(State.LOADING)
        self._prepare_requested.emit(self._settings, self._settings.default_model)

    def submit(self, request: GenerationRequest) -> None:
        """Queue a request (raises InvalidRequestError at once if it cannot run)."""
        validate(request)
        self.queue.add(request)
        self.set_paused(False)

    def set_paused(self, paused: bool) -> None:
        if paused != self._paused:
            self._paused = paused
            self.paused_changed.emit(paused)
        self._start_next()

    def cancel(self) -> None:
        """Stop the running job within one step; the queue pauses so nothing else starts."""
        if self._state is State.GENERATING and self._cancel is not None:
            self._cancel.cancel()
            self._set_state(State.CANCELLING)
            self.set_paused(True)

    def apply_settings(self, settings: Settings) -> None:
        """Use new settings from the next job on; a new device means a new engine."""
        device_changed = settings.device != self._settings.device
        self._settings = settings
        if settings.default_model:
            self._model_ref = settings.default_model
        self._reload_pending = False
        self._reload_pending = self._reload_pending or device_changed
        self._reload_if_pending()

    def _reload_if_pending(self) -> None:
        if self._reload_pending and self._state is State.IDLE and self._thread.isRunning():
            self._reload_pending = False
            self._discard_requested.emit()
            self._set_state(State.LOADING)
            self._prepare_requested.emit(self._settings, self._settings.default_model)

    def output_folder(self) -> Path:
        """Where new images go: the chosen folder, else today's gallery folder."""
        if self._settings.output_dir:
            return Path(self._settings.output_dir)
        return dated_folder(self._paths.gallery)

    def shutdown(self) -> None:
        """Cancel, stop the thread and wait for it; safe to call twice.

        The job stopped here stays first in the queue, paused, as after a crash: quitting
        never drops a job the user asked for.
        """
        self._closing = True
        if self._cancel is not None:
            self._cancel.cancel()
        if self._thread.isRunning():
            self._thread.quit()
            self._thread.wait()

    # -- the state machine -------------------------------------------------------------------
    def _set_state(self, state: State) -> None:
        if state is not self._state:
            log.debug("controller %s -> %s", self._state.value, state.value)
            self._state = state
            self.state_changed.emit(state)

    def _start_next(self) -> None:
        if self._state is not State.IDLE or self._paused or not self._thread.isRunning():
            return
        job = self.queue.next_pending()
        if job is None:
            return
        self._cancel = CancelToken()
        self.queue.mark_running(job.id)
        self._set_state(State.GENERATING)
        request = job.request if job.request.model else replace(job.request, model=self._model_ref)
        self.job_started.emit(request)
        folder = str(self.output_folder())
        self._job_requested.emit(self._settings, job.id, request, self._cancel, folder)

    def _end_job(self, job_id: str, outcome: str) -> None:
        if self._closing and outcome == "cancelled":
            self.queue.mark_running(None)  # still first in queue.json; the next start pauses
        else:
            self.queue.finish(job_id)
        self._cancel = None
        self._set_state(State.IDLE)
        self.job_ended.emit(outcome)
        self._reload_if_pending()
        self._start_next()

    @Slot(object)
    def _on_worker_engine_prepared(self, plan: DevicePlan) -> None:
        self.device_reported.emit(plan)

    @Slot(str)
    def _on_worker_model_chosen(self, model_ref: str) -> None:
        # Known even when loading fails (a model not downloaded): never an empty model ref.
        self._model_ref = model_ref

    @Slot(str)
    def _on_worker_model_loaded(self, model_ref: str) -> None:
        self._model_ref = model_ref
        self.model_ready.emit(model_ref)
        if self._state is State.LOADING:
            self._set_state(State.IDLE)
            self._start_next()

    @Slot(str)
    def _on_worker_preparation_failed(self, message: str) -> None:
        self.problem_reported.emit(message)
        if self._state is State.LOADING:
            self._set_state(State.IDLE)
            self._start_next()

    @Slot(str, object)
    def _on_worker_step_completed(self, _job_id: str, progress: StepProgress) -> None:
        self.step_completed.emit(progress)

    @Slot(str, str, object)
    def _on_worker_image_saved(self, _job_id: str, path: str, result: GeneratedImage) -> None:
        self.image_saved.emit(path, result)

    @Slot(str, object, str)
    def _on_worker_image_unsaved(self, _job_id: str, result: GeneratedImage, why: str) -> None:
        self.image_unsaved.emit(result, why)

    @Slot(str)
    def _on_worker_job_succeeded(self, job_id: str) -> None:
        self._end_job(job_id, "done")

    @Slot(str)
    def _on_worker_job_cancelled(self, job_id: str) -> None:
        self._end_job(job_id, "cancelled")

    @Slot(str, str)
    def _on_worker_job_failed(self, job_id: str, message: str) -> None:
        self.problem_reported.emit(message)
        self._end_job(job_id, "failed")

    @Slot(str, str)
    def _on_worker_job_kept(self, job_id: str, message: str) -> None:
        # The server is down or dropped the job: it stays first in the queue, which pauses
        # so it is not retried against a dead server in a loop; Resume runs it again.
        self.problem_reported.emit(
            message
            + tr(
                " The job stays in the queue, paused.",
                " El trabajo sigue en la cola, en pausa.",
            )
        )
        self.queue.mark_running(None)
        self._cancel = None
        self.set_paused(True)
        self._set_state(State.IDLE)
        self.job_ended.emit("kept")
