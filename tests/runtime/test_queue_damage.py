"""A damaged queue.json gives back every job that can be read, keeps a copy, and says so."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from studio.core.generation.request import GenerationRequest
from studio.runtime.jobs import JobQueueModel


def _request(prompt: str) -> GenerationRequest:
    return GenerationRequest(prompt=prompt, model="demo", steps=2, width=64, height=64)


def _saved_queue(file: Path, prompts: list[str]) -> bytes:
    queue = JobQueueModel(file)
    for prompt in prompts:
        queue.add(_request(prompt))
    return file.read_bytes()


def _prompts(queue: JobQueueModel) -> list[str]:
    return [job.request.prompt for job in queue.jobs]


def test_a_queue_cut_short_restores_the_jobs_before_the_cut_and_says_where_the_copy_is(
    tmp_path: Path,
) -> None:
    file = tmp_path / "queue.json"
    data = _saved_queue(file, ["uno", "dos", "tres"])
    cut = data[: data.index(b'"tres"') + 3]
    file.write_bytes(cut)

    queue = JobQueueModel(file)

    assert _prompts(queue) == ["uno", "dos"]
    (copy,) = tmp_path.glob("queue.json.bak-*")
    assert copy.read_bytes() == cut
    assert queue.load_problem is not None
    message = queue.load_problem.en
    assert "Jobs restored (paused): 2; jobs that could not be read: 1." in message
    assert str(copy) in message
    assert _prompts(JobQueueModel(file)) == ["uno", "dos"]  # repaired on disk
    assert JobQueueModel(file).load_problem is None  # ...so it is said once


def test_jobs_left_only_in_an_old_queue_bak_come_back_once(tmp_path: Path) -> None:
    file = tmp_path / "queue.json"
    data = _saved_queue(file, ["uno", "dos"])
    file.unlink()
    (tmp_path / "queue.json.bak").write_bytes(data)  # what older versions left behind

    queue = JobQueueModel(file)

    assert _prompts(queue) == ["uno", "dos"]
    assert "queue.json.bak" in str(queue.load_problem)
    queue.remove(queue.jobs[0].id)
    assert _prompts(JobQueueModel(file)) == ["dos"]


WRONG_TYPES = {
    "a list": [],
    "jobs not a list": {"jobs": 5},
    "job not an object": {"jobs": [5]},
    "request not an object": {"jobs": [{"id": "a", "request": 5}]},
    "prompt a number": {"jobs": [{"id": "a", "request": {"prompt": 5}}]},
    "steps as text": {"jobs": [{"id": "a", "request": {"prompt": "x", "steps": "4"}}]},
    "loras not pairs": {"jobs": [{"id": "a", "request": {"prompt": "x", "loras": [5]}}]},
    "extras a list": {"jobs": [{"id": "a", "request": {"prompt": "x", "extras": [1]}}]},
}


@pytest.mark.parametrize("case", sorted(WRONG_TYPES))
def test_wrong_json_types_keep_the_good_jobs_and_report_the_rest(tmp_path: Path, case: str) -> None:
    file = tmp_path / "queue.json"
    good = json.loads(_saved_queue(file, ["uno"]))
    bad = WRONG_TYPES[case]
    if isinstance(bad, dict) and isinstance(bad.get("jobs"), list):
        bad = {"jobs": [*good["jobs"], *bad["jobs"]]}
    file.write_text(json.dumps(bad), encoding="utf-8")

    queue = JobQueueModel(file)

    expected = ["uno"] if isinstance(bad, dict) and isinstance(bad.get("jobs"), list) else []
    assert _prompts(queue) == expected
    assert queue.load_problem is not None
    assert len(list(tmp_path.glob("queue.json.bak-*"))) == 1


@pytest.mark.parametrize(
    "content", [b"", b"\x00\xffgarbage{{{", b'{"jobs": ['], ids=["empty", "garbage", "truncated"]
)
def test_empty_garbage_or_truncated_queue_opens_empty_with_a_message(
    tmp_path: Path, content: bytes
) -> None:
    file = tmp_path / "queue.json"
    file.write_bytes(content)
    queue = JobQueueModel(file)
    assert queue.rowCount() == 0
    assert queue.load_problem is not None
    (copy,) = tmp_path.glob("queue.json.bak-*")
    assert copy.read_bytes() == content
    queue.add(_request("nuevo"))
    assert _prompts(JobQueueModel(file)) == ["nuevo"]
