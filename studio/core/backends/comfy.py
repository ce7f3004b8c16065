"""A ComfyUI server behind the `Backend` protocol: the graph is built from the request, sent
with `POST /prompt`, followed on the websocket (steps, previews), and its images fetched."""

from __future__ import annotations

import io
import json
import time
from collections.abc import Iterator, Mapping
from pathlib import PurePath
from typing import Any

from websockets.exceptions import ConnectionClosed, WebSocketException
from websockets.sync.client import ClientConnection, connect

from studio.core.backends.base import ServerError, StepCallback
from studio.core.backends.comfy_client import ComfyClient
from studio.core.backends.comfy_graph import check_graph, combo_options, comfy_graph_for
from studio.core.backends.comfy_messages import (
    MAX_PREVIEW_BYTES,
    Failed,
    Finished,
    Preview,
    Progress,
    parse_message,
)
from studio.core.backends.http_api import unreachable
from studio.core.backends.model_match import pick_checkpoint, pick_loras
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

POLL_S = 0.2  # how often a waiting job looks at its cancel token
SILENCE_TIMEOUT_S = 600.0  # no message at all for this long: the server is gone
_AFTER_INTERRUPT_S = 10.0


class ComfyBackend:
    """One ComfyUI server; runs one job at a time (one image per queued prompt)."""

    def __init__(
        self,
        url: str,
        silence_timeout: float = SILENCE_TIMEOUT_S,
        headers: Mapping[str, str] | None = None,
        name: str | None = None,
    ) -> None:
        self.client = ComfyClient(url, headers=headers)
        self.silence_timeout = silence_timeout
        self._name = name

    @property
    def name(self) -> str:
        """What metadata and the queue call this server (the user's name for it)."""
        return self._name or f"ComfyUI {self.client.label}"

    def close(self) -> None:
        self.client.close()

    def generate(
        self,
        request: GenerationRequest,
        on_step: StepCallback | None = None,
        cancel: CancelToken | None = None,
        preview: bool = False,
    ) -> Iterator[GeneratedImage]:
        """Yield each image of the request as the server finishes it (seeds S, S+1, …)."""
        validate(request)
        request = request.with_seed()
        info = self.client.object_info()
        checkpoint = pick_checkpoint(request.model, combo_options(info, *_CKPT))
        loras = pick_loras(request, combo_options(info, *_LORA))
        inpaint = prepare_remote_inpaint(request) if request.is_inpaint else None
        init_image = self._upload_init(request, inpaint) if request.init_image else None
        extra = {"preview_method": "latent2rgb"} if preview else {}
        stamp = ModelStamp(PurePath(checkpoint).stem, "", "")
        with self._socket() as socket:
            for index in range(request.count):
                single = request.for_image(index)
                graph = comfy_graph_for(single, checkpoint, loras, init_image, inpaint is not None)
                check_graph(graph, info)
                started = time.perf_counter()
                prompt_id = self.client.queue_prompt(graph, extra)
                report = _Reporter(on_step, preview, index, request.count, started)
                self._follow(socket, prompt_id, report, cancel)
                image, fields = finished(inpaint, self._fetch_image(prompt_id))
                seconds = time.perf_counter() - started
                graph_text = json.dumps(graph)  # ASCII, as ComfyUI writes it
                yield GeneratedImage(
                    image, single, stamp, self.name, seconds, comfy_graph=graph_text, **fields
                )

    def _socket(self) -> ClientConnection:
        try:
            socket = connect(
                self.client.ws_url,
                open_timeout=10,
                close_timeout=2,
                max_size=MAX_PREVIEW_BYTES,
                additional_headers=self.client.headers,
            )
        except (OSError, TimeoutError, WebSocketException):
            raise unreachable(self.client.label, "is not reachable", "no es accesible") from None
        # Without this flag this fork sends no previews at all; upstream ignores it.
        flags = {"type": "feature_flags", "data": {"supports_preview_metadata": True}}
        socket.send(json.dumps(flags))
        return socket

    def _follow(
        self,
        socket: ClientConnection,
        prompt_id: str,
        report: _Reporter,
        cancel: CancelToken | None,
    ) -> None:
        """Wait for the prompt to finish, reporting its steps; interrupt it on cancel."""
        last_message = time.monotonic()
        deadline: float | None = None
        while True:
            if cancel is not None and cancel.cancelled and deadline is None:
                self.client.interrupt(prompt_id)
                deadline = time.monotonic() + _AFTER_INTERRUPT_S
            if deadline is not None and time.monotonic() > deadline:
                raise GenerationCancelled()
            try:
                message = socket.recv(timeout=POLL_S)
            except TimeoutError:
                if time.monotonic() - last_message > self.silence_timeout:
                    raise unreachable(
                        self.client.label, "stopped answering", "dejó de responder"
                    ) from None
                continue
            except (ConnectionClosed, OSError):
                raise unreachable(
                    self.client.label, "dropped the connection", "cortó la conexión"
                ) from None
            last_message = time.monotonic()
            event = parse_message(message)
            if event is None or (event.prompt_id not in (None, prompt_id)):
                continue
            if isinstance(event, Progress):
                report.step(event.value, event.maximum)
            elif isinstance(event, Preview):
                report.preview(event.data)
            elif isinstance(event, Failed):
                if deadline is not None or not event.error:
                    raise GenerationCancelled()
                raise ServerError(
                    f"The server {self.client.label} could not finish the job: {event.error}",
                    f"El servidor {self.client.label} no pudo terminar el trabajo: {event.error}",
                    retry=False,
                )
            elif isinstance(event, Finished):
                report.flush()
                if deadline is not None:
                    raise GenerationCancelled()
                return

    def _fetch_image(self, prompt_id: str) -> Any:
        entry = self.client.history(prompt_id)
        outputs = entry.get("outputs")
        for node in outputs.values() if isinstance(outputs, dict) else ():
            images = node.get("images") if isinstance(node, dict) else None
            for image in images if isinstance(images, list) else ():
                if isinstance(image, dict) and image.get("type") == "output":
                    data = self.client.view(
                        str(image.get("filename", "")),
                        str(image.get("subfolder", "")),
                        "output",
                    )
                    return decode_image(data, self.client.label)
        raise ServerError(
            f"The server {self.client.label} finished the job but kept no picture.",
            f"El servidor {self.client.label} terminó el trabajo pero no guardó ninguna imagen.",
            retry=True,
        )

    def _upload_init(self, request: GenerationRequest, inpaint: RemoteInpaint | None) -> str:
        """Upload the init picture; for inpainting, the region to redraw with the mask as
        its alpha channel (transparent = redraw: what LoadImage's MASK output means)."""
        if inpaint is not None:
            from PIL import ImageOps

            picture = inpaint.picture.copy()
            picture.putalpha(ImageOps.invert(inpaint.mask.convert("L")))
            return self.client.upload_image(png_bytes(picture))
        from studio.core.generation.images import load_init_image

        assert request.init_image is not None
        picture = load_init_image(request.init_image, request.width, request.height)
        return self.client.upload_image(png_bytes(picture))


_CKPT = ("CheckpointLoaderSimple", "ckpt_name")
_LORA = ("LoraLoader", "lora_name")


def decode_image(data: bytes, label: str) -> Any:
    """A server's picture decoded to RGB, refusing anything that is not a sane image."""
    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(io.BytesIO(data)) as opened:
            if opened.width * opened.height > 4096 * 4096:
                raise ValueError("too large")
            return opened.convert("RGB")
    except (UnidentifiedImageError, ValueError, OSError, Image.DecompressionBombError):
        raise ServerError(
            f"The server {label} sent a picture that cannot be read.",
            f"El servidor {label} envió una imagen que no se puede leer.",
            retry=True,
        ) from None


class _Reporter:
    """Turns steps and previews into `StepProgress`: with previews on, a step waits for its
    picture (the server sends it right after the step)."""

    def __init__(
        self, on_step: StepCallback | None, preview: bool, index: int, count: int, started: float
    ) -> None:
        self._on_step, self._preview = on_step, preview
        self._index, self._count, self._started = index, count, started
        self._pending: tuple[int, int] | None = None

    def step(self, value: int, maximum: int) -> None:
        self.flush()
        if self._preview:
            self._pending = (value, maximum)
        else:
            self._send(value, maximum, None)

    def preview(self, data: bytes) -> None:
        if self._pending is None or not self._preview:
            return
        value, maximum = self._pending
        self._pending = None
        try:
            picture = decode_image(data, "")
        except ServerError:
            picture = None
        self._send(value, maximum, picture)

    def flush(self) -> None:
        if self._pending is not None:
            self._send(*self._pending, None)
            self._pending = None

    def _send(self, value: int, maximum: int, picture: Any) -> None:
        if self._on_step is not None:
            elapsed = time.perf_counter() - self._started
            self._on_step(StepProgress(self._index, self._count, value, maximum, elapsed, picture))
