"""The persisted queue: every change is on disk at once, and a restart finds it."""

from __future__ import annotations

import json
from pathlib import Path

from studio.core.generation.request import GenerationRequest
from studio.runtime.jobs import JobQueueModel


def _request(prompt: str) -> GenerationRequest:
    return GenerationRequest(prompt=prompt, model="demo", steps=2, width=64, height=64)


def _prompts(queue: JobQueueModel) -> list[str]:
    return [job.request.prompt for job in queue.jobs]


def test_added_jobs_survive_a_restart_in_order(tmp_path: Path) -> None:
    file = tmp_path / "queue.json"
    queue = JobQueueModel(file)
    for prompt in ("uno", "dos", "tres"):
        queue.add(_request(prompt))

    restored = JobQueueModel(file)

    assert _prompts(restored) == ["uno", "dos", "tres"]
    assert restored.jobs[1].request == _request("dos")


def test_remove_and_reorder_are_saved(tmp_path: Path) -> None:
    file = tmp_path / "queue.json"
    queue = JobQueueModel(file)
    jobs = [queue.add(_request(p)) for p in ("uno", "dos", "tres")]

    assert queue.move(jobs[2].id, -1)
    assert queue.remove(jobs[0].id)

    assert _prompts(JobQueueModel(file)) == ["tres", "dos"]


def test_the_running_job_stays_first_and_stays_on_disk_until_it_ends(tmp_path: Path) -> None:
    file = tmp_path / "queue.json"
    queue = JobQueueModel(file)
    first, second = queue.add(_request("uno")), queue.add(_request("dos"))
    queue.mark_running(second.id)

    assert _prompts(queue) == ["dos", "uno"]
    assert not queue.remove(second.id)
    assert not queue.move(first.id, -1)
    assert _prompts(JobQueueModel(file)) == ["dos", "uno"]  # a crash now keeps both

    queue.finish(second.id)
    assert _prompts(JobQueueModel(file)) == ["uno"]
    assert queue.next_pending() == first


def test_a_corrupt_queue_file_is_kept_aside_and_replaced_by_what_could_be_read(
    tmp_path: Path,
) -> None:
    file = tmp_path / "queue.json"
    file.write_text('{"jobs": [{"id": 1', encoding="utf-8")

    queue = JobQueueModel(file)

    assert queue.rowCount() == 0
    (copy,) = tmp_path.glob("queue.json.bak*")
    assert copy.read_text(encoding="utf-8").startswith('{"jobs"')
    assert queue.load_problem is not None and str(copy) in str(queue.load_problem)
    queue.add(_request("nuevo"))
    assert json.loads(file.read_text(encoding="utf-8"))["jobs"][0]["request"]["prompt"] == "nuevo"


def test_no_temp_files_are_left_next_to_the_queue(tmp_path: Path) -> None:
    queue = JobQueueModel(tmp_path / "queue.json")
    for index in range(5):
        queue.add(_request(str(index)))
    assert [p.name for p in tmp_path.iterdir()] == ["queue.json"]
