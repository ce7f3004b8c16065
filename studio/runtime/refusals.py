"""Jobs that workers refused because they lack the model or LoRA the job names ("Run jobs on:
All" where each machine has its own models): the job goes back to the queue for a worker that
has not refused it yet, and fails, naming where it was tried, only when every worker has."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from studio.core.base.errors import tr
from studio.runtime.pool import LOCAL

if TYPE_CHECKING:
    from studio.runtime.jobs import Job, JobQueueModel


class Refusals:
    """Per job, the workers (by key) that said they do not have its model; kept in memory only
    (after a restart every worker may try again)."""

    def __init__(self) -> None:
        self._by_job: dict[str, list[str]] = {}
        self._last: dict[str, str] = {}  # the last refusal's words, per job

    def add(self, job_id: str, key: str, message: str) -> list[str]:
        """Note that worker `key` refused the job; every worker that has, in order."""
        refused = self._by_job.setdefault(job_id, [])
        if key not in refused:
            refused.append(key)
        self._last[job_id] = message
        return list(refused)

    def forget(self, job_id: str) -> None:
        self._by_job.pop(job_id, None)
        self._last.pop(job_id, None)

    def failure(self, job_id: str) -> str:
        """The message when every worker lacks the job's model: where it was tried, and the
        last worker's own words (they name the model and what that worker has)."""
        here = tr("this computer", "este equipo")
        names = ", ".join(here if k == LOCAL else k for k in self._by_job.get(job_id, ()))
        last = self._last.get(job_id, "")
        return tr(
            f"No worker has what this job needs (tried on: {names}). {last}",
            f"Ningún trabajador tiene lo que pide este trabajo (se probó en: {names}). {last}",
        ).strip()

    def next_job(self, queue: JobQueueModel, key: str) -> Job | None:
        """The first waiting job that worker `key` has not refused."""
        running = set(queue.running_ids)
        return next(
            (
                job
                for job in queue.jobs
                if job.id not in running and key not in self._by_job.get(job.id, ())
            ),
            None,
        )

    def stuck(self, queue: JobQueueModel, keys: Iterable[str]) -> list[str]:
        """Waiting jobs that every one of the workers `keys` has refused (the workers
        changed: none left may run them); jobs gone from the queue are forgotten."""
        queued = {job.id for job in queue.jobs}
        for job_id in [j for j in self._by_job if j not in queued]:
            self.forget(job_id)
        waiting = queued - set(queue.running_ids)
        chosen = set(keys)
        return [
            job_id
            for job_id, refused in self._by_job.items()
            if job_id in waiting and chosen <= set(refused)
        ]
