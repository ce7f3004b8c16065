"""A fake server behind the Backend protocol, for tests of several workers at once."""

from __future__ import annotations

import threading
from collections.abc import Iterator

from PIL import Image
from pytestqt.qtbot import QtBot

from studio.core.backends.base import ServerError
from studio.core.backends.model_match import match_name, pick_checkpoint
from studio.core.base.errors import GenerationCancelled
from studio.core.base.paths import AppPaths
from studio.core.base.progress import CancelToken, StepProgress
from studio.core.base.settings import load_settings
from studio.core.generation.engine import GeneratedImage
from studio.core.generation.request import GenerationRequest
from studio.core.models.source import ModelStamp
from studio.runtime.controller import GenerationController
from studio.runtime.jobs import QUEUE_FILE_NAME, JobQueueModel
from studio.runtime.pool import Target


class FakeServer:
    """A server behind the Backend protocol that waits on `gate` before it answers; with
    `models`, a job for another checkpoint is refused as ComfyUI's backend refuses it."""

    def __init__(
        self,
        name: str,
        gate: threading.Barrier | threading.Event | None = None,
        models: tuple[str, ...] | None = None,
    ):
        self.name = name
        self.gate = gate
        self.models = models
        self.refused: list[str] = []  # prompts of the jobs whose model it does not have
        self.fail_next = False  # the connection drops on the next job
        self.started: list[str] = []  # prompts of the jobs it began
        self.cancelled: list[str] = []

    def generate(
        self,
        request: GenerationRequest,
        on_step: object = None,
        cancel: CancelToken | None = None,
        preview: bool = False,
    ) -> Iterator[GeneratedImage]:
        if self.models is not None and match_name(request.model, self.models) is None:
            self.refused.append(request.prompt)
            pick_checkpoint(request.model, self.models)  # raises ServerLacksModel
        self.started.append(request.prompt)
        if callable(on_step):
            on_step(StepProgress(0, 1, 1, 2, 0.1))
        self._wait(request, cancel)
        if self.fail_next:
            self.fail_next = False
            raise ServerError(f"{self.name} dropped the connection.", "Se cortó.", retry=True)
        single = request.with_seed()
        picture = Image.new("RGB", (64, 64), "orange")
        yield GeneratedImage(picture, single, ModelStamp("tiny", "", ""), self.name, 0.1)

    def _wait(self, request: GenerationRequest, cancel: CancelToken | None) -> None:
        if isinstance(self.gate, threading.Barrier):
            self.gate.wait(timeout=30)  # broken (an error) unless another job runs meanwhile
        elif isinstance(self.gate, threading.Event):
            while not self.gate.wait(0.02):
                if cancel is not None and cancel.cancelled:
                    self.cancelled.append(request.prompt)
                    raise GenerationCancelled()


def pool_controller(qtbot: QtBot, home: AppPaths, *servers: FakeServer) -> GenerationController:
    """A started controller whose workers are these servers (this computer not among them)."""
    queue = JobQueueModel(home.data / QUEUE_FILE_NAME)
    targets = [Target(server.name, server) for server in servers]
    made = GenerationController(home, load_settings(home.settings_file), queue, targets=targets)
    with qtbot.waitSignal(made.model_ready, timeout=10_000):
        made.start()
    return made
