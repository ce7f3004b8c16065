"""A1111Backend against servers that answer oddly or hostilely: what it was sent is checked,
what it gets is bounded, and every failure is one bilingual ServerError."""

from __future__ import annotations

import base64
import io
import json

import pytest
from canned_server import Canned
from fake_comfy_server import running
from PIL import Image
from starlette.responses import JSONResponse, Response

from studio.core.backends.a1111 import A1111Backend
from studio.core.backends.base import ServerError
from studio.core.generation.request import GenerationRequest

REQUEST = GenerationRequest(prompt="x", seed=1, steps=2, width=64, height=64)
_IDLE = JSONResponse({"progress": 0, "state": {}, "current_image": None})


def _ends_with(answer: Response, **more: Response) -> ServerError:
    routes = {"/sdapi/v1/txt2img": answer, "/sdapi/v1/progress": _IDLE, **more}
    with running(Canned(routes)) as server:  # type: ignore[arg-type]
        backend = A1111Backend(server.url, poll_interval=0.01)
        try:
            with pytest.raises(ServerError) as caught:
                list(backend.generate(REQUEST))
        finally:
            backend.close()
    return caught.value


@pytest.mark.parametrize(
    "answer",
    [
        {"images": ["not base64 at all!"]},
        {"images": ["aGVsbG8="]},  # base64 of "hello": not a picture
        {"images": []},
        {"images": [42]},
        {"info": "x"},
    ],
)
def test_an_answer_without_a_readable_picture_is_a_retryable_error(answer: object) -> None:
    error = _ends_with(JSONResponse(answer))
    assert error.retry is True
    assert "127.0.0.1" in error.en and "127.0.0.1" in error.es


def test_an_endless_answer_is_cut_off() -> None:
    huge = Response(b'{"images": ["' + b"A" * (65 * 1024 * 1024) + b'"]}')
    error = _ends_with(huge)
    assert "MB" in error.en and error.retry is False


def test_a_refusal_keeps_the_servers_reason() -> None:
    refusal = JSONResponse({"detail": "sampler 'x' not found"}, status_code=422)
    error = _ends_with(refusal)
    assert "sampler 'x' not found" in error.en and error.retry is False


def test_a_server_error_can_be_retried() -> None:
    error = _ends_with(JSONResponse({"error": "OutOfMemoryError"}, status_code=500))
    assert error.retry is True and "OutOfMemoryError" in error.en


def test_odd_progress_answers_are_ignored() -> None:
    odd = JSONResponse({"state": {"sampling_step": "7", "sampling_steps": -1}, "current_image": 5})
    buffer = io.BytesIO()
    Image.new("RGB", (1, 1)).save(buffer, format="PNG")
    png = base64.b64encode(buffer.getvalue()).decode()
    routes = {
        "/sdapi/v1/txt2img": JSONResponse({"images": [png], "info": json.dumps([1, 2])}),
        "/sdapi/v1/progress": odd,
    }
    steps: list[object] = []
    with running(Canned(routes)) as server:  # type: ignore[arg-type]
        backend = A1111Backend(server.url, poll_interval=0.01)
        [result] = list(backend.generate(REQUEST, steps.append, preview=True))
        backend.close()
    assert steps == [] and result.image.size == (1, 1)
    assert result.model.name == ""  # the info was not A1111's: nothing taken from it
