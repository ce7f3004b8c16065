"""A fake ComfyUI server on 127.0.0.1 that replays transcripts recorded from a real one
(tests/data/comfy, made by record_comfy.py): its HTTP answers and websocket messages."""

from __future__ import annotations

import asyncio
import base64
import json
import re
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import uvicorn
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route, WebSocketRoute
from starlette.websockets import WebSocket

DATA = Path(__file__).parents[2] / "data" / "comfy"
WAIT_FOR_INTERRUPT = {"wait": "interrupt"}  # a pause in a replay until POST /interrupt
DROP = {"drop": True}  # the server closes the websocket here


def load(name: str) -> dict[str, Any]:
    return json.loads((DATA / f"{name}.json").read_text("utf-8"))


@dataclass
class Script:
    """What the fake says to the next POST /prompt: its answer, then the messages."""

    status: int
    answer: dict[str, Any]
    messages: list[dict[str, Any]]
    history: dict[str, Any]
    image: bytes = b""


def script_from(name: str) -> Script:
    """The recorded job `name`; an interrupted one pauses before the server's interruption."""
    record = load(name)
    messages = list(record.get("messages", []))
    for index, message in enumerate(messages):
        if '"execution_interrupted"' in message.get("text", ""):
            messages.insert(index, WAIT_FOR_INTERRUPT)
            break
    return Script(
        record["prompt_status"],
        record["prompt_answer"],
        messages,
        record.get("history", {}),
        base64.b64decode(record.get("image_png", "")),
    )


@dataclass
class FakeComfy:
    """The fake's state: what it will answer and what it was sent."""

    scripts: list[Script] = field(default_factory=list)
    object_info: dict[str, Any] = field(default_factory=lambda: load("object_info"))
    prompts: list[dict[str, Any]] = field(default_factory=list)
    uploads: list[bytes] = field(default_factory=list)
    interrupts: int = 0
    authorizations: list[str] = field(default_factory=list)  # the /prompt and /ws headers
    url: str = ""
    _interrupted: asyncio.Event | None = None
    _outbox: asyncio.Queue[dict[str, Any]] | None = None
    _history: dict[str, Any] = field(default_factory=dict)
    _image: bytes = b""

    def app(self) -> Starlette:
        return Starlette(
            routes=[
                Route("/system_stats", lambda _: JSONResponse(load("system_stats"))),
                Route("/object_info", lambda _: JSONResponse(self.object_info)),
                Route("/upload/image", self._upload, methods=["POST"]),
                Route("/prompt", self._prompt, methods=["POST"]),
                Route("/interrupt", self._interrupt, methods=["POST"]),
                Route("/queue", lambda _: JSONResponse({}), methods=["POST"]),
                Route("/history/{prompt_id}", lambda _: JSONResponse(self._history)),
                Route("/view", lambda _: Response(self._image, media_type="image/png")),
                WebSocketRoute("/ws", self._socket),
            ]
        )

    async def _upload(self, request: Request) -> JSONResponse:
        # The PNG cut out of the multipart body by its signature (no form parser needed).
        body = await request.body()
        start, end = body.index(b"\x89PNG"), body.index(b"IEND") + 8
        self.uploads.append(body[start:end])
        name = re.search(rb'filename="([^"]+)"', body)
        assert name is not None
        return JSONResponse({"name": name.group(1).decode(), "subfolder": "", "type": "input"})

    async def _prompt(self, request: Request) -> JSONResponse:
        self.authorizations.append(request.headers.get("authorization", ""))
        self.prompts.append(await request.json())
        script = self.scripts.pop(0)
        if script.status == 200:
            self._history, self._image = script.history, script.image
            assert self._outbox is not None, "the client must open the websocket first"
            for message in script.messages:
                self._outbox.put_nowait(message)
        return JSONResponse(script.answer, status_code=script.status)

    async def _interrupt(self, _: Request) -> JSONResponse:
        self.interrupts += 1
        if self._interrupted is not None:
            self._interrupted.set()
        return JSONResponse({})

    async def _socket(self, websocket: WebSocket) -> None:
        self.authorizations.append(websocket.headers.get("authorization", ""))
        await websocket.accept()
        first = json.loads(await websocket.receive_text())
        assert first["type"] == "feature_flags"
        self._outbox, self._interrupted = asyncio.Queue(), asyncio.Event()
        closed = asyncio.ensure_future(websocket.receive())  # the client says nothing more
        while True:
            next_message = asyncio.ensure_future(self._outbox.get())
            await asyncio.wait({closed, next_message}, return_when=asyncio.FIRST_COMPLETED)
            if closed.done():
                next_message.cancel()
                return
            message = next_message.result()
            if message is WAIT_FOR_INTERRUPT:
                await self._interrupted.wait()
            elif message is DROP:
                await websocket.close()
                return
            elif "text" in message:
                await websocket.send_text(message["text"])
            else:
                await websocket.send_bytes(base64.b64decode(message["binary"]))


@contextmanager
def running(fake: FakeComfy) -> Iterator[FakeComfy]:
    """Serve `fake` on a free port of 127.0.0.1 for the duration of the block."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    config = uvicorn.Config(fake.app(), host="127.0.0.1", port=port, log_level="error")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started:
        assert time.monotonic() < deadline, "the fake ComfyUI server did not start"
        time.sleep(0.02)
    fake.url = f"http://127.0.0.1:{port}"
    try:
        yield fake
    finally:
        server.should_exit = True
        thread.join(10)
