"""Cancelling a job on an A1111-API server ends it at once, even while the server holds the
POST's answer: /interrupt is sent once, the late answer is never returned, no thread is left."""

from __future__ import annotations

import asyncio
import base64
import io
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field

import pytest
from fake_comfy_server import running
from PIL import Image
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from studio.core.backends.a1111 import A1111Backend
from studio.core.base.errors import GenerationCancelled
from studio.core.base.progress import CancelToken, StepProgress
from studio.core.generation.request import GenerationRequest

REQUEST = GenerationRequest(prompt="x", seed=1, steps=4, width=64, height=64)
BOUND_S = 10.0  # a bound for waits that end at once when things work; never a time assert


def _png(colour: str) -> str:
    buffer = io.BytesIO()
    Image.new("RGB", (64, 64), colour).save(buffer, format="PNG")
    return base64.b64encode(buffer.getvalue()).decode()


@dataclass
class HoldingA1111:
    """An A1111 API whose txt2img answer waits until `release` is set (then sends a red
    picture; with `hold` off, a blue one at once); progress says step 1 of 4; POSTs and
    interrupts are counted."""

    hold: bool = True
    hold_interrupt: bool = False
    url: str = ""
    posted: threading.Event = field(default_factory=threading.Event)
    release: threading.Event = field(default_factory=threading.Event)
    answered: threading.Event = field(default_factory=threading.Event)
    interrupts: int = 0
    posts: int = 0

    def app(self) -> Starlette:
        routes = [
            Route("/sdapi/v1/txt2img", self._txt2img, methods=["POST"]),
            Route("/sdapi/v1/progress", self._progress, methods=["GET"]),
            Route("/sdapi/v1/interrupt", self._interrupt, methods=["POST"]),
        ]
        return Starlette(routes=routes)

    async def _txt2img(self, request: Request) -> JSONResponse:
        await request.body()
        self.posts += 1
        if not self.hold:
            return JSONResponse({"images": [_png("blue")], "info": "{}"})
        self.posted.set()
        while not self.release.is_set():
            await asyncio.sleep(0.01)
        self.answered.set()
        return JSONResponse({"images": [_png("red")], "info": "{}"})

    async def _progress(self, _: Request) -> JSONResponse:
        state = {"sampling_step": 1, "sampling_steps": 4} if self.hold else {}
        return JSONResponse({"state": state, "current_image": None})

    async def _interrupt(self, _: Request) -> JSONResponse:
        self.interrupts += 1
        while self.hold_interrupt and not self.release.is_set():
            await asyncio.sleep(0.01)
        return JSONResponse({})


@pytest.fixture
def fake() -> Iterator[HoldingA1111]:
    made = HoldingA1111()
    with running(made) as served:  # type: ignore[arg-type]
        try:
            yield served
        finally:  # before the server stops: it waits for its handlers
            made.release.set()


def post_threads_end() -> bool:
    """Whether every POST thread has ended (each waited for, within a bound)."""
    for thread in threading.enumerate():
        if thread.name == "a1111-post":
            thread.join(BOUND_S)
    return not any(t.name == "a1111-post" for t in threading.enumerate())


def _cancel_once_posted(fake: HoldingA1111, cancel: CancelToken) -> threading.Thread:
    def cancel_when_posted() -> None:
        if fake.posted.wait(BOUND_S):
            cancel.cancel()

    canceller = threading.Thread(target=cancel_when_posted, daemon=True)
    canceller.start()
    return canceller


def test_cancel_while_the_server_holds_the_answer_ends_the_job_before_it_answers(
    fake: HoldingA1111,
) -> None:
    backend = A1111Backend(fake.url, poll_interval=0.01)
    cancel, results, steps = CancelToken(), [], []

    def on_step(progress: StepProgress) -> None:
        steps.append((cancel.cancelled, progress.step))

    try:
        canceller = _cancel_once_posted(fake, cancel)
        with pytest.raises(GenerationCancelled):
            results.extend(backend.generate(REQUEST, on_step, cancel))
        assert not fake.answered.is_set(), "the job waited for the server's answer"
        assert fake.interrupts == 1
        assert post_threads_end(), "the dropped POST's thread is still running"
        canceller.join(BOUND_S)

        fake.release.set()
        assert fake.answered.wait(BOUND_S)
        assert results == [] and not any(after for after, _ in steps)
        assert fake.interrupts == 1

        fake.hold = False  # the next job on the same backend runs and gets its own picture
        [result] = list(backend.generate(REQUEST))
        assert result.image.getpixel((0, 0)) == (0, 0, 255)
    finally:
        backend.close()
    assert post_threads_end()


def test_a_job_cancelled_before_it_starts_sends_nothing(fake: HoldingA1111) -> None:
    backend = A1111Backend(fake.url, poll_interval=0.01)
    cancel = CancelToken()
    cancel.cancel()
    try:
        with pytest.raises(GenerationCancelled):
            list(backend.generate(REQUEST, cancel=cancel))
    finally:
        backend.close()
    assert not fake.posted.is_set() and fake.interrupts == 0


def test_cancel_between_images_sends_no_further_post(fake: HoldingA1111) -> None:
    fake.hold = False
    backend = A1111Backend(fake.url, poll_interval=0.01)
    cancel = CancelToken()
    seen: list[object] = []

    def cancel_on_first(result: object) -> None:
        seen.append(result)
        cancel.cancel()

    request = GenerationRequest(**{**REQUEST.to_dict(), "count": 3})
    try:
        with pytest.raises(GenerationCancelled):
            for result in backend.generate(request, cancel=cancel):
                cancel_on_first(result)
    finally:
        backend.close()
    assert len(seen) == 1 and fake.posts == 1  # the second image is never asked for
    assert fake.interrupts == 0
    assert post_threads_end()


def test_a_server_that_never_answers_the_interrupt_does_not_keep_the_job(
    fake: HoldingA1111,
) -> None:
    fake.hold_interrupt = True
    backend = A1111Backend(fake.url, poll_interval=0.01)
    cancel = CancelToken()
    try:
        canceller = _cancel_once_posted(fake, cancel)
        with pytest.raises(GenerationCancelled):
            list(backend.generate(REQUEST, cancel=cancel))
        assert not fake.answered.is_set() and fake.interrupts == 1
        assert post_threads_end()
        canceller.join(BOUND_S)
    finally:
        backend.close()
