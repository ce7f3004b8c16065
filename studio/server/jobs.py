"""`studio serve`'s job sink: one worker thread owning one Engine (run through the Backend
protocol), fed by a FIFO queue: clients are served in order."""

from __future__ import annotations

import logging
import queue
import threading
import time
import traceback
from collections.abc import Callable
from concurrent.futures import Future
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from studio.core.backends.base import LocalBackend
from studio.core.base.errors import GenerationCancelled, StudioError, unexpected_error
from studio.core.base.progress import CancelToken, StepProgress
from studio.core.gallery.output import dated_folder, save_image
from studio.server.sink import ORIGIN, JobFailed, JobOutcome, ProgressState, SavedImage, stopping

if TYPE_CHECKING:
    from studio.core.generation.engine import Engine
    from studio.core.generation.request import GenerationRequest

log = logging.getLogger(__name__)
EngineFactory = Callable[[], "Engine"]


@dataclass
class _Job:
    run: Callable[[Engine, _Job], Any]
    future: Future[Any] = field(default_factory=Future)
    cancel: CancelToken = field(default_factory=CancelToken)
    label: str = ""


class JobRunner:
    """The API's single worker (a JobSink): the engine is touched by this thread only."""

    def __init__(self, make_engine: EngineFactory, gallery: Path) -> None:
        self._make_engine = make_engine
        self._gallery = gallery
        self._queue: queue.Queue[_Job | None] = queue.Queue()
        self._lock = threading.RLock()  # RLock: stop_accepting may run in a signal handler
        self._stopping = False
        self._running: _Job | None = None
        self._step: StepProgress | None = None
        self._started_at = ""
        self._waiting = 0
        self._engine: Engine | None = None
        self._thread = threading.Thread(target=self._loop, name="lienzo-api-worker", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        """Cancel the running job, let the thread finish, forget the engine."""
        self.stop_accepting()
        self._queue.put(None)
        self._thread.join(timeout=30)

    def generate(self, request: GenerationRequest, label: str) -> Future[JobOutcome]:
        """Queue one request; the future gives its saved images (those done, if interrupted)."""
        return self._submit(_Job(_bind(self._generate, request), label=label))

    def load_model(self, ref: str) -> Future[None]:
        """Queue a model load (after the jobs already waiting, as A1111 does)."""
        return self._submit(_Job(lambda engine, job: engine.load(ref) and None, label="load"))

    def stop_accepting(self) -> None:
        """The server is stopping: cancel the running job; waiting and new jobs fail at once."""
        with self._lock:
            self._stopping = True
            if self._running is not None:
                self._running.cancel.cancel()

    def interrupt(self) -> None:
        """Stop the running job within a step."""
        with self._lock:
            if self._running is not None:
                self._running.cancel.cancel()

    def progress(self) -> ProgressState:
        with self._lock:
            running = self._running
            return ProgressState(
                job=running.label if running else "",
                job_count=self._waiting + (1 if running else 0),
                job_timestamp=self._started_at,
                interrupted=bool(running and running.cancel.cancelled),
                step=self._step if running else None,
            )

    def _submit(self, job: _Job) -> Future[Any]:
        with self._lock:
            if self._stopping:
                job.future.set_exception(stopping())
                return job.future
            self._waiting += 1
        self._queue.put(job)
        return job.future

    def _loop(self) -> None:
        while (job := self._queue.get()) is not None:
            with self._lock:
                self._waiting -= 1
                if self._stopping:
                    job.future.set_exception(stopping())
                    continue
                self._running, self._step = job, None
                self._started_at = time.strftime("%Y%m%d%H%M%S")
            result, error = self._run_job(job)
            with self._lock:  # before answering: a client's next /progress sees it done
                self._running = None
            if error is None:
                job.future.set_result(result)
            else:
                job.future.set_exception(error)
        if self._engine is not None:
            self._engine.unload()

    def _run_job(self, job: _Job) -> tuple[Any, JobFailed | None]:
        try:
            return job.run(self._engine_now(), job), None
        except StudioError as exc:
            return None, JobFailed(str(exc), 400)
        except Exception as exc:  # the worker boundary: report, never die
            log.error("API job failed:\n%s", traceback.format_exc())
            return None, JobFailed(unexpected_error(exc), 500)

    def _engine_now(self) -> Engine:
        if self._engine is None:
            self._engine = self._make_engine()
        return self._engine

    def _generate(self, request: GenerationRequest, engine: Engine, job: _Job) -> JobOutcome:
        saved: list[SavedImage] = []
        backend = LocalBackend(engine)
        try:
            for result in backend.generate(request, self._on_step, job.cancel, preview=True):
                path = save_image(result, dated_folder(self._gallery), origin=ORIGIN)
                saved.append(SavedImage(result, path.read_bytes()))
        except GenerationCancelled:
            return JobOutcome(tuple(saved), interrupted=True)
        return JobOutcome(tuple(saved), interrupted=job.cancel.cancelled)

    def _on_step(self, progress: StepProgress) -> None:
        with self._lock:
            self._step = progress


def _bind(
    run: Callable[[GenerationRequest, Engine, _Job], JobOutcome], request: GenerationRequest
) -> Callable[[Engine, _Job], JobOutcome]:
    return lambda engine, job: run(request, engine, job)
