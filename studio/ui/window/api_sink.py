"""The window's queue as the API's job sink: with the window open and its switch on, API jobs
wait in the window's queue (marked "API"), run on the window's engine (no second model load)
and their pictures land in its gallery; the HTTP request gets them when the worker is done."""

from __future__ import annotations

import logging
from concurrent.futures import Future
from typing import TYPE_CHECKING

from studio.server.sink import (
    JobFailed,
    JobOutcome,
    ProgressState,
    SavedImage,
    stopping,
    unreadable_picture,
)

if TYPE_CHECKING:
    from studio.core.generation.request import GenerationRequest
    from studio.runtime.api_jobs import ApiJobResult, ApiJobs

log = logging.getLogger(__name__)
_FAILED_STATUS = {"refused": 400, "failed": 500}  # the user can fix it; something broke


class WindowJobs:
    """The JobSink (server/sink.py) over the window's ApiJobs bridge."""

    def __init__(self, bridge: ApiJobs) -> None:
        self._bridge = bridge

    def start(self) -> None:
        """The window's worker already runs."""

    def stop(self) -> None:
        """The window stops the bridge itself (stop_accepting, on its own thread)."""

    def stop_accepting(self) -> None:
        """On the window's (GUI) thread: every waiting request gets a 503 now."""
        self._bridge.stop()

    def generate(self, request: GenerationRequest, label: str) -> Future[JobOutcome]:
        answer: Future[JobOutcome] = Future()

        def settle(done: Future[ApiJobResult]) -> None:
            try:
                answer.set_result(_outcome(done.result()))
            except JobFailed as exc:
                answer.set_exception(exc)

        self._bridge.submit(request, label).add_done_callback(settle)
        return answer

    def load_model(self, ref: str) -> Future[None]:
        """Nothing to wait for: the window's worker loads `ref` at the next API job naming it
        (the window keeps its own model choice for its own jobs)."""
        done: Future[None] = Future()
        done.set_result(None)
        return done

    def interrupt(self) -> None:
        self._bridge.interrupt()

    def progress(self) -> ProgressState:
        state = self._bridge.progress()
        return ProgressState(
            job=state.label,
            job_count=state.waiting + (1 if state.label else 0),
            job_timestamp=state.started_at,
            interrupted=state.interrupted,
            step=state.step,
        )


def _outcome(result: ApiJobResult) -> JobOutcome:
    """What the route answers, or the JobFailed it turns into an HTTP error."""
    if result.outcome == "stopped":
        raise stopping()
    if result.outcome == "kept":
        raise JobFailed(result.message, 503)
    if result.outcome in _FAILED_STATUS:  # as `studio serve`'s worker answers the same failure
        raise JobFailed(result.message, _FAILED_STATUS[result.outcome])
    try:
        images = tuple(SavedImage(image, path.read_bytes()) for path, image in result.saved)
    except OSError as exc:  # moved or deleted in the gallery a moment after it was saved
        log.warning("An API picture could not be read back: %s", exc)
        raise unreadable_picture() from None
    return JobOutcome(images, interrupted=result.outcome == "cancelled")
