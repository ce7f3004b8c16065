"""The one boundary between the queue and what runs a job, and the local engine behind it."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Protocol

from studio.core.base.errors import ModelNotHere, StudioError
from studio.core.base.progress import CancelToken, StepProgress
from studio.core.generation.request import GenerationRequest

if TYPE_CHECKING:  # the engine module (numpy, ~110 ms) loads with the worker, not the window
    from studio.core.generation.engine import Engine, GeneratedImage

StepCallback = Callable[[StepProgress], None]


class Backend(Protocol):
    """Runs one request at a time: yields each image when done, reports steps, obeys cancel."""

    @property
    def name(self) -> str: ...

    def generate(
        self,
        request: GenerationRequest,
        on_step: StepCallback | None = None,
        cancel: CancelToken | None = None,
        preview: bool = False,
    ) -> Iterator[GeneratedImage]: ...

    def close(self) -> None:
        """Let go of connections (remote servers); the backend is not used afterwards."""


class ServerError(StudioError):
    """A remote server could not run the job. `retry` says whether the job should go back to
    the queue (unreachable, dropped, timed out) or not (the server refused the request)."""

    def __init__(self, en: str, es: str, retry: bool) -> None:
        super().__init__(en, es)
        self.retry = retry


class ServerLacksModel(ServerError, ModelNotHere):
    """The server has no checkpoint or LoRA of the name the job asks for (another may)."""

    def __init__(self, en: str, es: str) -> None:
        super().__init__(en, es, retry=False)


class LocalBackend:
    """This computer: the local `Engine` behind the `Backend` protocol."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    @property
    def name(self) -> str:
        return "local"

    def close(self) -> None:
        """Nothing to let go of: the engine (and its loaded model) outlives jobs."""

    def generate(
        self,
        request: GenerationRequest,
        on_step: StepCallback | None = None,
        cancel: CancelToken | None = None,
        preview: bool = False,
    ) -> Iterator[GeneratedImage]:
        """The engine's own images, progress and cancellation, unchanged."""
        return self.engine.generate(request, on_step, cancel, preview)
