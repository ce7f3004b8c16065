"""An A1111-API server (AUTOMATIC1111, Forge, SD.Next, `studio serve`) behind the `Backend`
protocol: one POST per image, its steps and preview polled from `/sdapi/v1/progress` while
the POST runs. Cancel sends `/sdapi/v1/interrupt` once and ends the job at once: the POST is
dropped (its connection shut), so a late answer is never read."""

from __future__ import annotations

import base64
import binascii
import json
import logging
import time
from collections.abc import Iterator, Mapping
from typing import Any

from studio.core.backends.a1111_body import a1111_body
from studio.core.backends.a1111_client import A1111Client
from studio.core.backends.a1111_post import PostInFlight
from studio.core.backends.base import ServerError, StepCallback
from studio.core.backends.comfy import decode_image
from studio.core.backends.http_api import clean_text
from studio.core.backends.model_match import pick_checkpoint, pick_loras, wanted_loras
from studio.core.backends.remote_inpaint import (
    RemoteInpaint,
    finished,
    png_bytes,
    prepare_remote_inpaint,
)
from studio.core.base.errors import GenerationCancelled
from studio.core.base.progress import CancelToken, StepProgress
from studio.core.generation.engine import GeneratedImage
from studio.core.generation.request import GenerationRequest, validate
from studio.core.models.source import ModelStamp

log = logging.getLogger(__name__)
POLL_S = 0.25  # how often the running job's progress is asked for
JOB_TIMEOUT_S = 1800.0  # A1111 answers a POST only when the picture is done
_PROGRESS_TIMEOUT_S = 5.0  # a stalled /progress delays noticing a cancel by at most this
_INTERRUPT_TIMEOUT_S = 1.0  # best effort: the job ends whether or not the server heard it
_DROP_BOUND_S = 2.0  # how long a dropped POST's thread is waited for (its socket is shut)
_SERVER = "A1111-API"


class A1111Backend:
    """One A1111-API server; runs one job at a time (one POST per image, seeds S, S+1, …)."""

    def __init__(
        self,
        url: str,
        headers: Mapping[str, str] | None = None,
        name: str | None = None,
        job_timeout: float = JOB_TIMEOUT_S,
        poll_interval: float = POLL_S,
    ) -> None:
        self.client = A1111Client(url, read_timeout=job_timeout, headers=headers)
        self._poller = A1111Client(url, read_timeout=_PROGRESS_TIMEOUT_S, headers=headers)
        self._job_timeout = job_timeout
        self._name = name
        self.poll_interval = poll_interval

    @property
    def name(self) -> str:
        """What metadata and the queue call this server (the user's name for it)."""
        return self._name or f"A1111 {self.client.label}"

    def close(self) -> None:
        self.client.close()
        self._poller.close()

    def generate(
        self,
        request: GenerationRequest,
        on_step: StepCallback | None = None,
        cancel: CancelToken | None = None,
        preview: bool = False,
    ) -> Iterator[GeneratedImage]:
        """Yield each image of the request as the server finishes it."""
        validate(request)
        request = request.with_seed()
        checkpoint = self._checkpoint(request.model)
        loras = pick_loras(request, self.client.loras(), _SERVER) if wanted_loras(request) else []
        inpaint = prepare_remote_inpaint(request) if request.is_inpaint else None
        init_png = self._init_png(request, inpaint)
        mask_png = png_bytes(inpaint.mask) if inpaint is not None else None
        size = inpaint.size if inpaint is not None else None
        for index in range(request.count):
            single = request.for_image(index)
            body = a1111_body(single, checkpoint, loras, init_png, mask_png, size)
            mode = "img2img" if init_png is not None else "txt2img"
            started = time.perf_counter()
            answer = self._run(
                mode, body, _Progress(on_step, preview, index, request.count), cancel
            )
            picture, stamp = self._picture(answer, checkpoint)
            picture, fields = finished(inpaint, picture)
            seconds = time.perf_counter() - started
            yield GeneratedImage(picture, single, stamp, self.name, seconds, **fields)

    def _checkpoint(self, wanted: str) -> str | None:
        """The server's title for the requested model; None: whatever it has loaded."""
        if not wanted:
            return None
        return pick_checkpoint(wanted, self.client.checkpoints(), _SERVER)

    @staticmethod
    def _init_png(request: GenerationRequest, inpaint: RemoteInpaint | None) -> bytes | None:
        if inpaint is not None:
            return png_bytes(inpaint.picture)
        if request.init_image is None:
            return None
        from studio.core.generation.images import load_init_image

        return png_bytes(load_init_image(request.init_image, request.width, request.height))

    def _run(
        self, mode: str, body: dict[str, Any], progress: _Progress, cancel: CancelToken | None
    ) -> dict[str, Any]:
        """POST the body from a helper thread; meanwhile report progress and watch `cancel`."""
        if _cancelled(cancel):
            raise GenerationCancelled()
        client = self.client
        content = json.dumps(body).encode()
        post = PostInFlight(client.url, client.headers, self._job_timeout, mode, content)
        try:
            while not post.wait(self.poll_interval):
                if _cancelled(cancel):
                    self._interrupt()
                    raise GenerationCancelled()
                self._poll(progress)
        finally:  # cancelled, or anything else raised: the POST is dropped, its thread ends
            post.close(_DROP_BOUND_S)
        if _cancelled(cancel):  # the answer came as the user cancelled: not shown either
            raise GenerationCancelled()
        return post.result()

    def _poll(self, progress: _Progress) -> None:
        try:
            state = self._poller.progress()
        except ServerError as error:  # the POST itself tells whether the server is gone
            log.debug("Progress poll failed: %s", error.en)
            return
        progress.update(state)

    def _interrupt(self) -> None:
        try:
            self._poller.interrupt(_INTERRUPT_TIMEOUT_S)
        except ServerError as error:
            log.warning("Interrupt failed: %s", error.en)

    def _picture(self, answer: dict[str, Any], checkpoint: str | None) -> tuple[Any, ModelStamp]:
        images = answer.get("images")
        if not isinstance(images, list) or not images or not isinstance(images[0], str):
            raise ServerError(
                f"The server {self.client.label} finished the job but sent no picture.",
                f"El servidor {self.client.label} terminó el trabajo pero no envió ninguna imagen.",
                retry=True,
            )
        return decode_image(_unbase64(images[0]), self.client.label), _stamp(answer, checkpoint)


def _cancelled(cancel: CancelToken | None) -> bool:
    return cancel is not None and cancel.cancelled


def _unbase64(text: str) -> bytes:
    data = text.split(",", 1)[1] if text.startswith("data:") else text
    try:
        return base64.b64decode(data, validate=True)
    except (binascii.Error, ValueError):
        return b""  # decode_image names the server and refuses it


def _stamp(answer: dict[str, Any], checkpoint: str | None) -> ModelStamp:
    """The model as the server's `info` names it (A1111: sd_model_name and its short hash)."""
    info: Any = answer.get("info")
    try:
        info = json.loads(info) if isinstance(info, str) and len(info) < 1_000_000 else {}
    except (ValueError, RecursionError):
        info = {}
    info = info if isinstance(info, dict) else {}
    name, short_hash = info.get("sd_model_name"), info.get("sd_model_hash")
    name = name if isinstance(name, str) and name else (checkpoint or "")
    short_hash = short_hash if isinstance(short_hash, str) else ""
    return ModelStamp(clean_text(name), clean_text(short_hash)[:16], "")


class _Progress:
    """Turns `/sdapi/v1/progress` answers into `StepProgress`, once per new step."""

    def __init__(self, on_step: StepCallback | None, preview: bool, index: int, count: int):
        self._on_step, self._preview = on_step, preview
        self._index, self._count = index, count
        self._started = time.perf_counter()
        self._last_step = 0

    def update(self, answer: dict[str, Any]) -> None:
        state = answer.get("state")
        state = state if isinstance(state, dict) else {}
        step, total = state.get("sampling_step"), state.get("sampling_steps")
        if not isinstance(step, int) or not isinstance(total, int) or total <= 0:
            return
        if not 0 < step <= total or step <= self._last_step or self._on_step is None:
            return
        self._last_step = step
        picture = None
        current = answer.get("current_image")
        if self._preview and isinstance(current, str) and current:
            try:
                picture = decode_image(_unbase64(current), "")
            except ServerError:
                picture = None
        elapsed = time.perf_counter() - self._started
        self._on_step(StepProgress(self._index, self._count, step, total, elapsed, picture))
