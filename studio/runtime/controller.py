"""The controller the window calls: a state machine over the worker thread and the queue."""

from __future__ import annotations

import logging
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer, Signal, Slot

from studio.core.base.progress import CancelToken, StepProgress
from studio.core.gallery.output import dated_folder
from studio.core.generation.request import GenerationRequest, validate
from studio.runtime.jobs import Job, JobQueueModel
from studio.runtime.pool import (
    REST_S,
    State,
    Target,
    WorkerPool,
    WorkerSlot,
    kept_note,
    rest_note,
)
from studio.runtime.refusals import Refusals
from studio.runtime.targets import TargetLoader

if TYPE_CHECKING:
    from studio.core.backends.base import Backend
    from studio.core.base.paths import AppPaths
    from studio.core.base.settings import Settings
    from studio.core.generation.engine import Engine, GeneratedImage

log = logging.getLogger(__name__)


class GenerationController(QObject):
    """Hands queued jobs to the free workers (this computer, servers), one job per worker at a
    time; cancels; shuts down cleanly."""

    state_changed = Signal(object)  # State
    model_ready = Signal(str)  # the model ref that is loaded
    device_reported = Signal(object)  # DevicePlan
    step_completed = Signal(object)  # StepProgress
    image_saved = Signal(str, object)  # path, GeneratedImage
    image_unsaved = Signal(object, str)  # GeneratedImage kept in memory, why it was not saved
    job_started = Signal(object)  # GenerationRequest
    job_ended = Signal(str)  # "done", "cancelled", "failed" or "kept" (queued again, paused)
    job_image_saved = Signal(str, str, object)  # job id, path, GeneratedImage (for the API)
    # job id, outcome as job_ended but "refused" for a failure the user can fix (a StudioError:
    # a missing LoRA, a model not downloaded), message; for the API (400 against 500)
    job_closed = Signal(str, str, str)
    problem_reported = Signal(str)  # a message for the user
    model_missing = Signal(str)  # a Hub model to download first (the Models dialog offers it)
    paused_changed = Signal(bool)

    def __init__(
        self,
        paths: AppPaths,
        settings: Settings,
        queue: JobQueueModel,
        engine: Engine | None = None,
        parent: QObject | None = None,
        backend: Backend | None = None,
        targets: list[Target] | None = None,
    ) -> None:
        """`backend`: a server that runs every job instead of this computer; `targets`: where
        jobs run (tests); by default both come from the settings' "Run jobs on"."""
        super().__init__(parent)
        self._paths = paths
        self._settings = settings
        self.queue = queue
        self._state = State.IDLE
        self._model_ref = settings.default_model
        self._reload_pending = False
        # Jobs restored from the last session wait for the user: a job that crashed the app
        # must not crash it again at every start.
        self._paused = queue.rowCount() > 0
        self._closing = False  # set by shutdown: a job stopped by quitting stays queued
        self._fixed = targets is not None or backend is not None  # not from the settings
        if backend is not None:
            targets = [Target(backend.name, backend)]
        self._pool = WorkerPool(paths, engine, targets or [])  # else from the loader, below
        self._thread = self._pool.local.thread  # this computer's worker thread
        self._local_prepared = False
        self._primed = False  # the first chosen worker was asked to prepare
        self._shown: str | None = None  # the job whose steps and previews the window shows
        self._refusals = Refusals()  # workers that lack a waiting job's model
        self._loader = TargetLoader(paths, self)  # "Run jobs on" read off the GUI thread
        self._loader.loaded.connect(self._on_loader_loaded)
        self._rest_timer = QTimer(self)
        self._rest_timer.setSingleShot(True)
        self._rest_timer.timeout.connect(self._start_next)
        for slot in self._pool:
            self._connect_worker(slot)
        if not self._fixed:  # a keyring read must not keep the window from showing
            self._loader.load(settings)

    def _connect_worker(self, slot: WorkerSlot) -> None:
        worker = slot.worker
        worker.engine_prepared.connect(self.device_reported)
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
        worker.job_refused.connect(self._on_worker_job_refused)

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

    def workers_running(self) -> bool:
        """Whether any worker thread still runs (none after `shutdown`)."""
        return self._pool.running()

    @property
    def shown_job(self) -> str | None:
        """The running job whose steps `step_completed` reports (one at a time)."""
        return self._shown

    @property
    def model_ref(self) -> str:
        """The model a request without one runs on ("" until the worker has chosen it; a job
        without one then gets the worker's choice, never "")."""
        return self._model_ref

    def start(self) -> None:
        """Start the worker thread; it imports torch and loads the default model."""
        if self._pool.running():
            return
        self._pool.start()
        self._prime()

    def _prime(self) -> None:
        """Prepare the first chosen worker once (none while the settings' targets are read)."""
        active = self._pool.active()
        if active and not self._primed:
            self._primed = True
            self._prepare(self._pool.local if self._pool.local.active else active[0])

    def _prepare(self, slot: WorkerSlot) -> None:
        """Load the default model on this computer (a server's worker answers at once)."""
        if slot.is_local:
            self._local_prepared = True
            slot.ready = False
        self._set_state(State.LOADING)
        slot.requests.prepare.emit(self._settings, self._settings.default_model)

    def submit(self, request: GenerationRequest, origin: str = "") -> str:
        """Queue a request (raises InvalidRequestError at once if it cannot run); its job id.
        The window's own requests resume a paused queue; another program's ("api") wait."""
        validate(request)
        job = self.queue.add(request, origin)
        self.set_paused(self._paused and bool(origin))
        return job.id

    def set_paused(self, paused: bool) -> None:
        if paused != self._paused:
            self._paused = paused
            self.paused_changed.emit(paused)
        self._start_next()

    def cancel(self) -> None:
        """Stop the running jobs within one step; the queue pauses so nothing else starts."""
        if self._pool.cancel_all():
            self.set_paused(True)
            self._update_state()

    def cancel_job(self, job_id: str) -> bool:
        """Stop one running job on the worker running it; the others go on. True if found."""
        slot = self._pool.slot_of(job_id)
        if slot is None or slot.cancel is None:
            return False
        slot.cancel.cancel()
        self._update_state()
        return True

    def apply_settings(self, settings: Settings) -> None:
        """Use new settings from the next job on; a new device means a new engine."""
        device_changed = settings.device != self._settings.device
        self._settings = settings
        if settings.default_model:
            self._model_ref = settings.default_model
        self._reload_pending = False
        self._reload_pending = self._reload_pending or device_changed
        if self._fixed:
            self._reload_if_pending()
        else:  # servers.json and the keyring are read off the GUI thread; jobs wait for it
            self._loader.load(settings)

    @Slot(object, object)
    def _on_loader_loaded(self, targets: list[Target] | None, problems: list[str]) -> None:
        if targets is not None:
            self.set_targets(targets)
        for problem in problems:
            self.problem_reported.emit(problem)
        self._reload_if_pending()
        self._start_next()

    def set_targets(self, targets: list[Target]) -> None:
        """Run the next jobs on these targets; a worker dropped finishes its job first."""
        for slot in self._pool.set_targets(targets):
            self._connect_worker(slot)
        if self._pool.running():
            self._pool.start()
            self._prime()
            local = self._pool.local
            if local.active and not self._local_prepared and not local.busy:
                self._prepare(local)
        keys = [slot.key for slot in self._pool.active()]
        for job_id in self._refusals.stuck(self.queue, keys):
            self._on_worker_job_failed(job_id, self._refusals.failure(job_id), True)
        self._start_next()

    def _reload_if_pending(self) -> None:
        local = self._pool.local
        if self._reload_pending and not local.busy and local.thread.isRunning():
            self._reload_pending = False
            local.requests.discard.emit()
            self._local_prepared = False
            if local.active:
                self._prepare(local)

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
        self._rest_timer.stop()
        self._loader.shutdown()
        self._pool.shutdown()

    # -- the state machine -------------------------------------------------------------------
    def _set_state(self, state: State) -> None:
        if state is not self._state:
            log.debug("controller %s -> %s", self._state.value, state.value)
            self._state = state
            self.state_changed.emit(state)

    def _update_state(self) -> None:
        self._set_state(self._pool.state())

    def _start_next(self) -> None:
        """Hand pending jobs to the free workers, first job to the first free worker."""
        if self._paused or self._closing or self._loader.pending:
            return self._update_state()
        if self._pool.running():
            for slot in self._pool.free():
                if (job := self._refusals.next_job(self.queue, slot.key)) is not None:
                    self._dispatch(slot, job)
            rest = self._pool.next_rest_end()
            if rest is not None and self.queue.pending_count():
                self._rest_timer.start(int(rest * 1000) + 50)
        self._update_state()

    def _dispatch(self, slot: WorkerSlot, job: Job) -> None:
        slot.cancel = CancelToken()
        slot.job_id = job.id
        self.queue.mark_running(job.id, self._pool.label(slot))
        request = job.request
        if not request.model and slot.is_local:  # a server picks its own default model
            request = replace(request, model=self._model_ref)
        slot.request = request
        self._set_state(State.GENERATING)
        if self._shown is None:  # one job's progress at a time, never two interleaved
            self._shown = job.id
            self.job_started.emit(request)
        folder = str(self.output_folder())
        slot.requests.job.emit(self._settings, job.id, request, slot.cancel, folder)

    def _end_job(self, job_id: str, outcome: str, message: str = "", refused: bool = False) -> None:
        if self._closing and outcome == "cancelled":
            self.queue.release(job_id)  # still in queue.json; the next start pauses
        else:
            self.queue.finish(job_id)
        self._refusals.forget(job_id)
        self._pool.release_job(job_id)
        self._update_state()
        self.job_ended.emit(outcome)
        self.job_closed.emit(job_id, "refused" if refused else outcome, message)
        self._show_next()
        self._reload_if_pending()
        self._start_next()

    def _show_next(self) -> None:
        """The shown job ended: show another running job's progress from its next step."""
        if self._shown is not None and self._pool.slot_of(self._shown) is None:
            self._shown = None
            busy = self._pool.busy()
            if busy:
                self._shown = busy[0].job_id
                self.job_started.emit(busy[0].request)

    @Slot(str)
    def _on_worker_model_chosen(self, model_ref: str) -> None:
        # Known even when loading fails (a model not downloaded): never an empty model ref.
        self._model_ref = model_ref

    @Slot(str)
    def _on_worker_model_loaded(self, model_ref: str) -> None:
        self._model_ref = model_ref or self._model_ref
        self.model_ready.emit(model_ref)
        self._pool.local.ready = True
        self._start_next()

    @Slot(str)
    def _on_worker_preparation_failed(self, message: str) -> None:
        self.problem_reported.emit(message)
        self._pool.local.ready = True
        self._start_next()

    @Slot(str, object)
    def _on_worker_step_completed(self, job_id: str, progress: StepProgress) -> None:
        if job_id == self._shown:
            self.step_completed.emit(progress)

    @Slot(str, str, object)
    def _on_worker_image_saved(self, job_id: str, path: str, result: GeneratedImage) -> None:
        self.image_saved.emit(path, result)
        self.job_image_saved.emit(job_id, path, result)

    @Slot(str, object, str)
    def _on_worker_image_unsaved(self, _job_id: str, result: GeneratedImage, why: str) -> None:
        self.image_unsaved.emit(result, why)

    @Slot(str)
    def _on_worker_job_succeeded(self, job_id: str) -> None:
        self._end_job(job_id, "done")

    @Slot(str)
    def _on_worker_job_cancelled(self, job_id: str) -> None:
        self._end_job(job_id, "cancelled")

    @Slot(str, str, bool)
    def _on_worker_job_failed(self, job_id: str, message: str, fixable: bool) -> None:
        self.problem_reported.emit(message)
        self._end_job(job_id, "failed", message, refused=fixable)

    @Slot(str, str)
    def _on_worker_job_kept(self, job_id: str, message: str) -> None:
        # The server is down or dropped the job. Alone, it pauses the queue so the job is not
        # retried against a dead server in a loop (Resume runs it again); with other workers
        # it rests a while and the job goes to the next free one.
        slot = self._pool.slot_of(job_id)
        others = [s for s in self._pool.active() if s is not slot]
        name = slot.key if slot is not None else ""
        self.problem_reported.emit(message + (rest_note(name) if others else kept_note()))
        if not others:
            self._paused = True
            self.paused_changed.emit(True)
        self._hand_back(job_id, message, REST_S if others else 0.0)

    @Slot(str, str)
    def _on_worker_job_refused(self, job_id: str, message: str) -> None:
        # The worker lacks the job's model or LoRA: another one that has not refused it yet
        # takes the job; this worker stays healthy (no rest) and takes the next jobs.
        slot = self._pool.slot_of(job_id)
        refused = self._refusals.add(job_id, slot.key if slot else "", message)
        if all(s.key in refused for s in self._pool.active()):
            text = message if len(refused) == 1 else self._refusals.failure(job_id)
            self._on_worker_job_failed(job_id, text, True)
        else:
            log.info("%s lacks what job %s needs; another worker takes it", refused[-1], job_id)
            self._hand_back(job_id, message)

    def _hand_back(self, job_id: str, message: str, rest: float = 0.0) -> None:
        """The job waits in the queue again, first, for the next free worker."""
        self.queue.release(job_id)
        self._pool.release_job(job_id, rest)
        self._update_state()
        self.job_ended.emit("kept")
        self.job_closed.emit(job_id, "kept", message)
        self._show_next()
        self._start_next()
