"""The workers jobs run on: this computer's engine and one per server, each in its own thread,
each running one job at a time (SwarmUI's backend pool). The controller hands the next job to
the first free worker."""

from __future__ import annotations

import enum
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QThread, Signal

from studio.core.base.errors import tr
from studio.core.base.progress import CancelToken
from studio.runtime.worker import EngineWorker

if TYPE_CHECKING:
    from studio.core.backends.base import Backend
    from studio.core.base.paths import AppPaths
    from studio.core.generation.engine import Engine
    from studio.core.generation.request import GenerationRequest

LOCAL = "local"  # the key of this computer's worker; a server's key is its name
REST_S = 60.0  # a worker whose server failed is skipped this long (others take its jobs)


class State(enum.Enum):
    """What the workers are doing, as the window shows it."""

    IDLE = "idle"
    LOADING = "loading"
    GENERATING = "generating"
    CANCELLING = "cancelling"


@dataclass(frozen=True)
class Target:
    """Somewhere jobs can run: this computer (`backend` None) or one server."""

    key: str
    backend: Backend | None = None


class _Requests(QObject):
    """The queued signals into one worker's thread."""

    prepare = Signal(object, str)
    job = Signal(object, str, object, object, str)
    discard = Signal()


@dataclass(eq=False)
class WorkerSlot:
    """One worker and its thread; `job_id` is the job it runs now."""

    key: str
    worker: EngineWorker
    thread: QThread
    requests: _Requests
    active: bool = True  # takes jobs under the user's current choice
    job_id: str | None = None
    cancel: CancelToken | None = None
    rest_until: float = 0.0  # time.monotonic() before which it takes no job
    ready: bool = True  # False while this computer loads its model
    request: GenerationRequest | None = None  # the job's request, as sent

    @property
    def is_local(self) -> bool:
        return self.key == LOCAL

    @property
    def busy(self) -> bool:
        return self.job_id is not None

    def free(self, now: float) -> bool:
        return self.active and self.ready and not self.busy and now >= self.rest_until


def rest_note(name: str) -> str:
    """What the user reads after a server failed while other workers can take its job."""
    minutes = max(1, round(REST_S / 60))
    return tr(
        f" The job goes back to the queue for another worker; {name} gets no jobs for "
        f"{minutes} min.",
        f" El trabajo vuelve a la cola para otro trabajador; {name} no recibe trabajos "
        f"durante {minutes} min.",
    )


def kept_note() -> str:
    """What the user reads after the only worker's server failed."""
    return tr(" The job stays in the queue, paused.", " El trabajo sigue en la cola, en pausa.")


def _make_slot(paths: AppPaths, target: Target, engine: Engine | None) -> WorkerSlot:
    thread = QThread()
    thread.setObjectName(f"worker-{target.key}")
    worker = EngineWorker(paths, engine if target.backend is None else None, target.backend)
    worker.moveToThread(thread)
    thread.finished.connect(worker.deleteLater)
    requests = _Requests()
    requests.prepare.connect(worker.prepare)
    requests.job.connect(worker.run_job)
    requests.discard.connect(worker.discard_engine)
    return WorkerSlot(target.key, worker, thread, requests)


class WorkerPool:
    """The slots for the chosen targets; this computer's slot always exists (idle when not
    chosen, so its loaded model survives switching back)."""

    def __init__(self, paths: AppPaths, engine: Engine | None, targets: Sequence[Target]) -> None:
        self._paths = paths
        self.local = _make_slot(paths, Target(LOCAL), engine)
        self._slots: list[WorkerSlot] = [self.local]
        self.set_targets(targets)

    def __iter__(self) -> Iterator[WorkerSlot]:
        return iter(list(self._slots))

    def set_targets(self, targets: Sequence[Target]) -> list[WorkerSlot]:
        """Make the slots match the targets; gives the new slots (started when the pool runs).
        A server slot no longer chosen stops now when idle, else after its job."""
        keys = [t.key for t in targets]
        self.local.active = LOCAL in keys
        made: list[WorkerSlot] = []
        for target in targets:
            slot = self.slot(target.key)
            if slot is None and target.backend is not None:
                slot = _make_slot(self._paths, target, None)
                self._slots.append(slot)
                made.append(slot)
            elif slot is not None:
                slot.active = True
                if target.backend is not None and target.backend is not slot.worker.remote:
                    close_backend(target.backend)  # the slot keeps the one it has
        for slot in list(self._slots):
            if slot.key not in keys and not slot.is_local:
                slot.active = False
                if not slot.busy:
                    self.retire(slot)
        return made

    def slot(self, key: str) -> WorkerSlot | None:
        return next((s for s in self._slots if s.key == key), None)

    def slot_of(self, job_id: str) -> WorkerSlot | None:
        return next((s for s in self._slots if s.job_id == job_id), None)

    def active(self) -> list[WorkerSlot]:
        return [s for s in self._slots if s.active]

    def free(self) -> list[WorkerSlot]:
        """The workers that can take a job now, in order (this computer first)."""
        now = time.monotonic()
        return [s for s in self._slots if s.free(now)]

    def release_job(self, job_id: str, rest: float = 0.0) -> WorkerSlot | None:
        """The worker of `job_id` is free again (after resting `rest` seconds); a server no
        longer chosen stops now."""
        slot = self.slot_of(job_id)
        if slot is not None:
            slot.job_id, slot.cancel, slot.request = None, None, None
            if rest:
                slot.rest_until = time.monotonic() + rest
            if not slot.active:
                self.retire(slot)
        return slot

    def next_rest_end(self) -> float | None:
        """Seconds until the first resting worker may work again (None: none rests)."""
        now = time.monotonic()
        ends = [s.rest_until - now for s in self.active() if s.rest_until > now and not s.busy]
        return min(ends) if ends else None

    def busy(self) -> list[WorkerSlot]:
        return [s for s in self._slots if s.busy]

    def state(self) -> State:
        """Generating while a job runs (cancelling when every running job is), loading while
        this computer loads its model, else idle."""
        busy = self.busy()
        if busy and all(slot.cancel is not None and slot.cancel.cancelled for slot in busy):
            return State.CANCELLING
        if busy:
            return State.GENERATING
        return State.IDLE if self.local.ready else State.LOADING

    def label(self, slot: WorkerSlot) -> str:
        """The worker's name in the queue ("" when this computer is the only one)."""
        if not slot.is_local:
            return slot.key
        only_here = [s.key for s in self.active()] == [slot.key]
        return "" if only_here else tr("this computer", "este equipo")

    def start(self) -> None:
        for slot in self._slots:
            if not slot.thread.isRunning():
                slot.thread.start()

    def running(self) -> bool:
        """Whether any worker thread still runs."""
        return any(s.thread.isRunning() for s in self._slots)

    def retire(self, slot: WorkerSlot) -> None:
        """Stop a server slot that is no longer chosen (its thread ends, its worker goes)."""
        if slot in self._slots and not slot.is_local:
            self._slots.remove(slot)
            slot.thread.quit()
            slot.thread.wait()
            close_backend(slot.worker.remote)

    def cancel_all(self) -> bool:
        """Cancel every running job; whether one ran."""
        busy = self.busy()
        for slot in busy:
            if slot.cancel is not None:
                slot.cancel.cancel()
        return bool(busy)

    def shutdown(self) -> None:
        """Cancel every job, stop every thread and wait for each."""
        self.cancel_all()
        for slot in self._slots:
            if slot.thread.isRunning():
                slot.thread.quit()
                slot.thread.wait()


def close_backend(backend: object) -> None:
    """Let a server's backend go (a fake one in tests may have nothing to close)."""
    close = getattr(backend, "close", None)
    if callable(close):
        close()
