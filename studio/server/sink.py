"""The boundary between the routes and what runs their jobs (a "job sink"): `studio serve`'s
own worker (server/jobs.py) or, inside the window, the window's queue (ui/window/api_sink.py).
Both answer the same failure alike: `JobFailed` 400 when the user can fix it, 500 otherwise."""

from __future__ import annotations

from concurrent.futures import Future
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

from studio.core.base.errors import tr

if TYPE_CHECKING:
    from studio.core.base.progress import StepProgress
    from studio.core.generation.engine import GeneratedImage
    from studio.core.generation.request import GenerationRequest

ORIGIN = "api"  # written in the metadata of every picture another program asked for


class JobFailed(Exception):
    """A job could not run; the message is for the client, in the user's language.

    `status`: 400 when the request can be fixed (a model not downloaded, a LoRA not found),
    500 when something unexpected broke (the details are in the log), 503 when Lienzo stops."""

    def __init__(self, message: str, status: int) -> None:
        super().__init__(message)
        self.status = status


@dataclass(frozen=True)
class SavedImage:
    """One finished picture: what the engine made and the PNG (with metadata) in the gallery."""

    result: GeneratedImage
    png: bytes


@dataclass(frozen=True)
class JobOutcome:
    images: tuple[SavedImage, ...]
    interrupted: bool


@dataclass(frozen=True)
class ProgressState:
    """What /progress reports: the running job's last step, and how many jobs wait."""

    job: str
    job_count: int
    job_timestamp: str
    interrupted: bool
    step: StepProgress | None


class JobSink(Protocol):
    """Runs the API's jobs in order; every method may be called from any thread."""

    def start(self) -> None: ...

    def stop(self) -> None: ...

    def stop_accepting(self) -> None:
        """Lienzo is stopping: the running job stops within a step, the others get a 503."""

    def generate(self, request: GenerationRequest, label: str) -> Future[JobOutcome]:
        """Queue one request; the future gives its saved images (those done, if interrupted)."""
        ...

    def load_model(self, ref: str) -> Future[None]: ...

    def interrupt(self) -> None:
        """Stop the running API job within a step."""

    def progress(self) -> ProgressState: ...


def stopping() -> JobFailed:
    """The answer to every request still waiting when the API stops."""
    return JobFailed(
        tr("Lienzo's API is stopping; send the request again once it runs.",
           "La API de Lienzo se está deteniendo; repite la petición cuando vuelva a funcionar."),
        503,
    )  # fmt: skip


def unreadable_picture() -> JobFailed:
    """A picture saved a moment ago could not be read back (moved or deleted meanwhile)."""
    return JobFailed(
        tr("The picture was made but could not be read back from the gallery.",
           "La imagen se hizo, pero no se pudo volver a leer de la galería."),
        500,
    )  # fmt: skip
