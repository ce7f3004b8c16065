"""Model work off the GUI thread: downloads, scans, checks, conversions, the preflight.

Each job is a Qt-free function `work(report, cancel) -> result`; ModelTaskRunner runs it in a
small pool of its own (never the generation worker, which owns the pipeline) and hands the
outcome back through queued signals. Nothing here writes to sys.stderr.
"""

from __future__ import annotations

import logging
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

from studio.core.base.errors import StudioError, unexpected_error
from studio.core.base.progress import CancelToken
from studio.core.models import library as model_library
from studio.core.models.downloads import (
    DownloadCancelled,
    check_free_space,
    download,
    plan_download,
)

if TYPE_CHECKING:
    from studio.core.base.devices import DevicePlan
    from studio.core.base.paths import AppPaths
    from studio.core.models.catalog import CatalogEntry

log = logging.getLogger(__name__)
Report = Callable[[object], None]
Work = Callable[[Report, CancelToken], object]


class TaskCancelled(Exception):
    """A job stopped because the user cancelled it."""


class _Relay(QObject):
    """What the pool thread emits; the task re-emits it on the GUI thread."""

    progressed = Signal(object)
    succeeded = Signal(object)
    failed = Signal(str)
    cancelled = Signal()


class ModelTask(QObject):
    """One running job as the GUI sees it: its signals (always on the GUI thread) and cancel."""

    progressed = Signal(object)  # whatever the job reports (DownloadProgress, a report, …)
    succeeded = Signal(object)
    failed = Signal(str)  # a message for the user
    cancelled = Signal()

    def __init__(self, name: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.name = name
        self.token = CancelToken()
        self.done = False
        # Signal-to-signal connections with this GUI-thread object as the receiver are queued,
        # so slots and lambdas connected to the public signals never run in the pool thread.
        self.relay = _Relay(self)
        for name in ("progressed", "succeeded", "failed", "cancelled"):
            getattr(self.relay, name).connect(getattr(self, name))

    def cancel(self) -> None:
        self.token.cancel()


class _Runnable(QRunnable):
    def __init__(self, work: Work, task: ModelTask) -> None:
        super().__init__()
        self._work, self._task = work, task

    def run(self) -> None:
        task = self._task.relay
        try:
            result = self._work(task.progressed.emit, self._task.token)
        except (DownloadCancelled, TaskCancelled):
            task.cancelled.emit()
        except StudioError as exc:
            task.failed.emit(str(exc))
        except Exception as exc:  # the worker boundary: log the traceback, tell the user
            log.error("Model task %s failed:\n%s", self._task.name, traceback.format_exc())
            task.failed.emit(unexpected_error(exc))
        else:
            task.succeeded.emit(result)


class ModelTaskRunner(QObject):
    """A pool of two threads for model jobs; shutdown() cancels them and waits."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(2)
        self._running: list[ModelTask] = []

    def start(self, name: str, work: Work) -> ModelTask:
        """Run `work` in the pool; connect to the returned task's signals right away."""
        task = ModelTask(name, self)
        for signal in (task.succeeded, task.failed, task.cancelled):
            signal.connect(lambda *_, t=task: self._forget(t))
        self._running.append(task)
        self._pool.start(_Runnable(work, task))
        return task

    def busy(self, name: str) -> bool:
        return any(t.name == name for t in self._running)

    def _forget(self, task: ModelTask) -> None:
        task.done = True
        if task in self._running:
            self._running.remove(task)
        task.deleteLater()

    def shutdown(self) -> None:
        """Cancel every job and wait for the pool; safe to call twice."""
        for task in self._running:
            task.cancel()
        self._pool.waitForDone()


# -- the jobs ---------------------------------------------------------------------------------
def download_work(entry: CatalogEntry, half_precision: bool) -> Work:
    """Plan (size shown), check the disk, then download with progress."""

    def work(report: Report, cancel: CancelToken) -> Path:
        patterns = entry.patterns(half_precision)
        plan = plan_download(entry.repo_id, patterns)
        report(plan)
        check_free_space(plan.missing_bytes)
        return download(entry.repo_id, patterns, report, cancel)

    return work


def preflight_work(paths: AppPaths, plan: DevicePlan) -> Work:
    """Measure each catalog family in turn, caching each result as soon as it is known."""

    def work(report: Report, cancel: CancelToken) -> int:
        families = model_library.measured_families()
        for index, family in enumerate(families):
            if cancel.cancelled:
                raise TaskCancelled
            report((index, len(families), family, None))
            result = model_library.measure_family(paths, plan, family)
            report((index + 1, len(families), family, result))
        return len(families)

    return work


def simple_work(call: Callable[[], object]) -> Work:
    """A job that cannot report progress and is not cancelable once started."""

    def work(_report: Report, cancel: CancelToken) -> object:
        if cancel.cancelled:
            raise TaskCancelled
        return call()

    return work
