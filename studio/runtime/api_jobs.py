"""Jobs from other programs (the API) in the window's queue: submitted from the server's
threads, run by the window's worker and engine, answered through a concurrent.futures.Future.

They are marked "api" (in the queue panel and in the pictures' metadata), are never written to
the queue file (each belongs to a waiting HTTP connection), and obey the queue's pause. The
bridge lives on the GUI thread; `submit`, `interrupt`, `progress` and `stop` may be called from
any thread: the first two reach it through queued signals.
"""

from __future__ import annotations

import threading
import time
from concurrent.futures import Future
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal, Slot

from studio.core.base.errors import StudioError
from studio.runtime.jobs import API_ORIGIN

if TYPE_CHECKING:
    from studio.core.base.progress import StepProgress
    from studio.core.generation.engine import GeneratedImage
    from studio.core.generation.request import GenerationRequest
    from studio.runtime.controller import GenerationController


@dataclass(frozen=True)
class ApiJobResult:
    """How an API job ended: "done", "cancelled" (interrupted), "refused" (a failure the user
    can fix: a LoRA or model missing, a request the queue refused), "failed" (something
    unexpected broke), "kept" (its server was unreachable) or "stopped" (the window quit or
    the switch went off)."""

    outcome: str
    saved: tuple[tuple[Path, GeneratedImage], ...] = ()
    message: str = ""


@dataclass(frozen=True)
class ApiProgress:
    """A snapshot for /progress: the running API job (if one runs) and how many wait."""

    label: str
    waiting: int
    started_at: str
    interrupted: bool
    step: StepProgress | None


@dataclass
class _Pending:
    future: Future[ApiJobResult]
    label: str
    saved: list[tuple[Path, GeneratedImage]] = field(default_factory=list)


class ApiJobs(QObject):
    """The window's side of the API: one entry in the window's queue per request."""

    _submitted = Signal(object, str, object)  # GenerationRequest, label, Future
    _interrupted = Signal()

    def __init__(self, controller: GenerationController) -> None:
        super().__init__(controller)
        self._controller = controller
        self._lock = threading.RLock()  # guards what other threads read or set below
        self._accepting = True
        self._interrupting = False
        self._snapshot = ApiProgress("", 0, "", False, None)
        self._pending: dict[str, _Pending] = {}  # GUI thread only
        self._running = ""  # the API job the window's worker runs now ("" none)
        self._submitted.connect(self._on_submitted)
        self._interrupted.connect(self._on_interrupted)
        controller.job_started.connect(self._on_controller_job_started)
        controller.step_completed.connect(self._on_controller_step_completed)
        controller.job_image_saved.connect(self._on_controller_job_image_saved)
        controller.job_closed.connect(self._on_controller_job_closed)

    # -- any thread --------------------------------------------------------------------------
    def submit(self, request: GenerationRequest, label: str) -> Future[ApiJobResult]:
        """Queue a request in the window's queue; the future says how it ended."""
        future: Future[ApiJobResult] = Future()
        with self._lock:
            if not self._accepting:
                future.set_result(ApiJobResult("stopped"))
                return future
            self._submitted.emit(request, label, future)  # queued unless on the GUI thread
        return future

    def interrupt(self) -> None:
        """Stop the running API job within a step (a window job is left alone)."""
        with self._lock:
            if self._accepting:
                self._interrupted.emit()

    def progress(self) -> ApiProgress:
        with self._lock:
            return self._snapshot

    def stop(self) -> None:
        """GUI thread: answer every waiting request ("stopped") and take its job out of the
        queue; the running one stops within a step. Nothing is accepted afterwards."""
        with self._lock:
            self._accepting = False
        pending, self._pending = self._pending, {}
        for job_id, job in pending.items():
            if not self._controller.cancel_job(job_id):  # not running: it only waits
                self._controller.queue.remove(job_id)
            _answer(job.future, ApiJobResult("stopped", tuple(job.saved)))
        self._running = ""
        self._publish()

    # -- GUI thread --------------------------------------------------------------------------
    @Slot(object, str, object)
    def _on_submitted(
        self, request: GenerationRequest, label: str, future: Future[ApiJobResult]
    ) -> None:
        if not self._accepting:
            _answer(future, ApiJobResult("stopped"))
            return
        try:
            job_id = self._controller.submit(request, origin=API_ORIGIN)
        except StudioError as exc:
            _answer(future, ApiJobResult("refused", message=str(exc)))
            return
        self._pending[job_id] = _Pending(future, label)
        if self._controller.shown_job == job_id:  # it started inside submit()
            self._on_controller_job_started(request)
        else:
            self._publish()

    @Slot()
    def _on_interrupted(self) -> None:
        if self._running:
            self._interrupting = True
            self._controller.cancel_job(self._running)
            self._publish()

    @Slot(object)
    def _on_controller_job_started(self, _request: GenerationRequest) -> None:
        running = self._controller.shown_job or ""  # the job whose steps are reported
        self._running = running if running in self._pending else ""
        self._interrupting = False
        self._publish(started=bool(self._running))

    @Slot(object)
    def _on_controller_step_completed(self, progress: StepProgress) -> None:
        if self._running:
            self._publish(step=progress)

    @Slot(str, str, object)
    def _on_controller_job_image_saved(
        self, job_id: str, path: str, result: GeneratedImage
    ) -> None:
        if job_id in self._pending:
            self._pending[job_id].saved.append((Path(path), result))

    @Slot(str, str, str)
    def _on_controller_job_closed(self, job_id: str, outcome: str, message: str) -> None:
        if outcome == "kept" and not self._controller.paused:
            return  # back in the queue: another worker (server) takes it
        if outcome == "kept":  # the queue paused on a dead server: the client hears it now
            self._controller.queue.remove(job_id)
        job = self._pending.pop(job_id, None)
        if job_id == self._running:
            self._running = ""
        if job is not None:
            _answer(job.future, ApiJobResult(outcome, tuple(job.saved), message))
            self._publish()

    def _publish(self, started: bool = False, step: StepProgress | None = None) -> None:
        running = self._pending.get(self._running)
        with self._lock:
            old = self._snapshot
            self._snapshot = ApiProgress(
                label=running.label if running else "",
                waiting=len(self._pending) - (1 if running else 0),
                started_at=time.strftime("%Y%m%d%H%M%S") if started else old.started_at,
                interrupted=self._interrupting and running is not None,
                step=(step or (None if started else old.step)) if running else None,
            )


def _answer(future: Future[ApiJobResult], result: ApiJobResult) -> None:
    if not future.done():
        future.set_result(result)
