"""The persisted job queue: pending requests in order, saved after every change."""

from __future__ import annotations

import json
import logging
import re
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import QAbstractListModel, QModelIndex, QObject, QPersistentModelIndex, Qt

from studio.core.base.atomic import atomic_write_bytes
from studio.core.base.damaged import copy_note, keep_damaged_copy, read_state_text, salvage_objects
from studio.core.base.errors import StudioError
from studio.core.generation.request import GenerationRequest
from studio.core.generation.stored import stored_request

log = logging.getLogger(__name__)
SCHEMA_VERSION = 1
QUEUE_FILE_NAME = "queue.json"
JobRole = Qt.ItemDataRole.UserRole + 1
RunningRole = Qt.ItemDataRole.UserRole + 2
API_ORIGIN = "api"  # a job another program asked for, through Lienzo's API
_Index = QModelIndex | QPersistentModelIndex


@dataclass(frozen=True)
class Job:
    """One queued generation: an id and the request to run."""

    id: str
    request: GenerationRequest

    @classmethod
    def new(cls, request: GenerationRequest, origin: str = "") -> Job:
        """`origin` ("api": another program asked) starts the id, which the worker sees."""
        return cls(f"{origin}-{uuid.uuid4().hex}" if origin else uuid.uuid4().hex, request)

    @property
    def origin(self) -> str:
        return job_origin(self.id)


def job_origin(job_id: str) -> str:
    """Who asked for a job: "" (the window) or e.g. "api"; such jobs are never saved to the
    queue file (each belongs to a request still waiting for its answer)."""
    return API_ORIGIN if job_id.startswith(f"{API_ORIGIN}-") else ""


@dataclass(frozen=True)
class QueueRead:
    """The jobs read from a queue file, and what the user should hear when it was damaged."""

    jobs: list[Job]
    problem: StudioError | None = None
    backup: Path | None = None  # where the damaged file's copy is


def read_jobs(file: Path) -> list[Job]:
    """The jobs in a queue file; a damaged one gives every job that can still be read."""
    return read_queue(file).jobs


def read_queue(file: Path) -> QueueRead:
    """Read the queue; a damaged file gives what can be read, a kept copy and a message."""
    legacy = file.with_suffix(".json.bak")  # older versions moved a damaged queue here
    source = file
    try:
        if not file.exists() and legacy.is_file():
            source = legacy  # ...and started empty: its jobs come back once
        text = read_state_text(source)
    except FileNotFoundError:
        return QueueRead([])
    except OSError as exc:
        log.warning("Queue file %s unreadable (%s); starting with an empty queue", file, exc)
        return QueueRead([], _queue_unreadable(file, exc))
    jobs, lost, sound = _jobs_in(text)
    if sound and not lost and source is file:
        return QueueRead(jobs)
    backup = legacy if source is legacy else keep_damaged_copy(file)
    log.warning("Queue file %s damaged: %d jobs restored, %d lost", source, len(jobs), lost)
    return QueueRead(jobs, _queue_damaged(len(jobs), lost, backup), backup)


def _jobs_in(text: str) -> tuple[list[Job], int, bool]:
    """The readable jobs, how many could not be read, and whether the file was sound."""
    try:
        raw = json.loads(text)
    except (ValueError, RecursionError):
        items: Any = salvage_objects(text, "id")
        lost = max(0, len(re.findall(r'\{\s*"id"\s*:', text)) - len(items))
        return _jobs_from(items, lost, sound=False)
    items = raw.get("jobs") if isinstance(raw, dict) else None
    if not isinstance(items, list):
        return [], 0, False
    return _jobs_from(items, 0, sound=True)


def _jobs_from(items: list[Any], lost: int, sound: bool) -> tuple[list[Job], int, bool]:
    jobs: list[Job] = []
    seen: set[str] = set()
    for item in items:
        try:
            job_id, request = item["id"], stored_request(item["request"])
        except (KeyError, TypeError, ValueError, IndexError):
            lost += 1
            continue
        job_id = job_id if isinstance(job_id, str) and job_id not in seen else uuid.uuid4().hex
        seen.add(job_id)
        jobs.append(Job(job_id, request))
    return jobs, lost, sound


def _queue_damaged(restored: int, lost: int, backup: Path | None) -> StudioError:
    copy_en, copy_es = copy_note(backup)
    return StudioError(
        f"The queue file was damaged. Jobs restored (paused): {restored}; jobs that could "
        f"not be read: {lost}.{copy_en}",
        f"El archivo de la cola estaba dañado. Trabajos recuperados (en pausa): {restored}; "
        f"trabajos que no se pudieron leer: {lost}.{copy_es}",
    )


def _queue_unreadable(file: Path, exc: OSError) -> StudioError:
    reason = exc.strerror or str(exc)
    return StudioError(
        f"The queue file {file} cannot be read ({reason}); the queue starts empty.",
        f"No se puede leer el archivo de la cola {file} ({reason}); la cola empieza vacía.",
    )


def write_jobs(file: Path, jobs: list[Job]) -> None:
    """Write the queue atomically: a crash leaves the old file or the new one."""
    payload = {
        "schema_version": SCHEMA_VERSION,
        "jobs": [
            {"id": job.id, "request": job.request.to_dict()} for job in jobs if not job.origin
        ],
    }
    atomic_write_bytes(file, json.dumps(payload, indent=1, ensure_ascii=False).encode("utf-8"))


class JobQueueModel(QAbstractListModel):
    """Jobs waiting to run, the running one first; every change is written to disk at once."""

    def __init__(self, file: Path, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._file = file
        read = read_queue(file)
        self._jobs: list[Job] = read.jobs
        self._running: dict[str, str] = {}  # job id -> the worker running it ("" unnamed)
        self.load_problem = read.problem  # shown once in the window's banner
        if read.problem is not None and read.backup is not None:
            self._save()  # the damaged file is kept elsewhere: the queue is sound again

    # -- reading ---------------------------------------------------------------------------
    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._jobs)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._jobs):
            return None
        job = self._jobs[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return self._label(job)
        if role == Qt.ItemDataRole.ToolTipRole:
            return job.request.prompt or "—"
        if role == JobRole:
            return job
        if role == RunningRole:
            return job.id in self._running
        return None

    def _label(self, job: Job) -> str:
        request = job.request
        prompt = " ".join(request.prompt.split())
        short = prompt if len(prompt) <= 40 else prompt[:39] + "…"
        worker = self._running.get(job.id)
        # The worker's name first: a narrow queue panel still shows where the job runs.
        mark = "" if worker is None else f"▶ [{worker}] " if worker else "▶ "
        mark += "API · " if job.origin else ""
        return f"{mark}{short or '—'}  ·  {request.count}× {request.width}×{request.height}"

    @property
    def jobs(self) -> list[Job]:
        return list(self._jobs)

    @property
    def running_id(self) -> str | None:
        """The first running job (one of several when jobs run on several workers)."""
        return next(iter(self._running), None)

    @property
    def running_ids(self) -> list[str]:
        return list(self._running)

    def worker_of(self, job_id: str) -> str | None:
        """The name of the worker running a job (None: it is not running)."""
        return self._running.get(job_id)

    def next_pending(self) -> Job | None:
        """The first job that is not running."""
        return next((job for job in self._jobs if job.id not in self._running), None)

    def pending_count(self) -> int:
        return sum(1 for job in self._jobs if job.id not in self._running)

    # -- changing --------------------------------------------------------------------------
    def add(self, request: GenerationRequest, origin: str = "") -> Job:
        """Append a request; it is on disk before this returns (unless it has an origin)."""
        job = Job.new(request, origin)
        row = len(self._jobs)
        self.beginInsertRows(QModelIndex(), row, row)
        self._jobs.append(job)
        self.endInsertRows()
        self._save()
        return job

    def remove(self, job_id: str) -> bool:
        """Remove a job (the running one stays until it ends); True if removed."""
        row = self._row_of(job_id)
        if row is None or job_id in self._running:
            return False
        self.beginRemoveRows(QModelIndex(), row, row)
        del self._jobs[row]
        self.endRemoveRows()
        self._save()
        return True

    def move(self, job_id: str, delta: int) -> bool:
        """Move a waiting job up (-1) or down (+1); the running one stays first."""
        row = self._row_of(job_id)
        if row is None or job_id in self._running:
            return False
        target = row + delta
        first = len(self._running)
        if not first <= target < len(self._jobs):
            return False
        destination = target + 1 if delta > 0 else target
        self.beginMoveRows(QModelIndex(), row, row, QModelIndex(), destination)
        self._jobs.insert(target, self._jobs.pop(row))
        self.endMoveRows()
        self._save()
        return True

    def mark_running(self, job_id: str | None, worker: str = "") -> None:
        """Show which job runs and on which worker; it moves up after the other running
        jobs so the order reads as the future. None: no job runs any more."""
        if job_id is None:
            self._running.clear()
        elif self._row_of(job_id) is not None:
            self._move_to(job_id, len(self._running))
            self._running[job_id] = worker
        self._refresh()

    def release(self, job_id: str) -> None:
        """The job stopped without ending (its server failed): it waits again, first."""
        if self._running.pop(job_id, None) is not None:
            self._move_to(job_id, len(self._running))
        self._refresh()

    def finish(self, job_id: str) -> None:
        """The job ended (done, failed or cancelled): it leaves the queue and the file."""
        self._running.pop(job_id, None)
        self.remove(job_id)

    def _refresh(self) -> None:
        if self._jobs:
            self.dataChanged.emit(self.index(0), self.index(len(self._jobs) - 1))

    def _move_to(self, job_id: str, target: int) -> None:
        row = self._row_of(job_id)
        if row is None or row == target:
            return
        self.beginMoveRows(QModelIndex(), row, row, QModelIndex(), target + int(target > row))
        self._jobs.insert(target, self._jobs.pop(row))
        self.endMoveRows()
        self._save()

    def _row_of(self, job_id: str | None) -> int | None:
        return next((row for row, job in enumerate(self._jobs) if job.id == job_id), None)

    def _save(self) -> None:
        try:
            write_jobs(self._file, self._jobs)
        except OSError as exc:
            log.error("Could not save the queue to %s: %s", self._file, exc)
