"""The API inside another program (the window's "Allow other programs" switch): the same app
as `studio serve`, on loopback only, served from a thread of its own over the job sink it is
given (the window's queue: ui/window/api_sink.py); no Qt here."""

from __future__ import annotations

import logging
import socket
import threading
from collections.abc import Callable
from typing import TYPE_CHECKING

from studio.server.listen import bind_port

if TYPE_CHECKING:
    import uvicorn

    from studio.core.base.paths import AppPaths
    from studio.core.base.settings import Settings
    from studio.core.generation.engine import Engine
    from studio.server.sink import JobSink

log = logging.getLogger(__name__)
DEFAULT_PORT = 7860
LOOPBACK = "127.0.0.1"  # no credentials here: never more than this computer
WINDOW_HOW = (
    "Close the other program (or the other Lienzo window), then turn the switch on again; or "
    "run the API on another port from a terminal: studio serve --port 7861",
    "Cierra el otro programa (o la otra ventana de Lienzo) y vuelve a activar el interruptor; "
    "o usa otro puerto desde una terminal: studio serve --port 7861",
)


def local_engine_factory(
    paths: AppPaths, settings: Settings, device: str | None = None
) -> Callable[[], Engine]:
    """Made on the API's worker thread at its first job: torch is imported there. `device` is
    the command line's --device (the window has none: the settings decide)."""

    def make() -> Engine:
        from studio.core.base.devices import device_plan
        from studio.core.generation.engine import Engine
        from studio.core.models.lora_files import lora_folders

        plan = device_plan(device, settings)
        return Engine(paths, plan, lora_folders(settings), allow_download=False)

    return make


class EmbeddedServer:
    """Start once, stop once: `jobs` runs the requests (the window's queue, in the window)."""

    def __init__(
        self, paths: AppPaths, settings: Settings, jobs: JobSink, model: str = "",
        port: int = DEFAULT_PORT,
    ) -> None:  # fmt: skip
        self.paths = paths
        self.settings = settings
        self.port = port
        self._jobs = jobs
        self._model = model
        self._lock = threading.Lock()
        self._server: uvicorn.Server | None = None
        self._stopped = False
        self._thread = threading.Thread(target=self._serve, name="lienzo-api-server", daemon=True)
        self._socket: socket.socket | None = None

    def start(self) -> None:
        """Take the port now (PortInUse when taken: the caller says so), serve in a thread."""
        self._socket = bind_port(LOOPBACK, self.port, WINDOW_HOW)
        self._thread.start()

    def stop(self) -> None:
        """Answer waiting requests (503), stop the running job, close the port, wait."""
        with self._lock:
            self._stopped = True
            server = self._server
        self._jobs.stop_accepting()
        if server is not None:
            server.should_exit = True
        if self._thread.is_alive():
            self._thread.join(timeout=30)
        if self._socket is not None:
            self._socket.close()

    def _serve(self) -> None:
        import uvicorn

        from studio.server.app import create_app

        app = create_app(self.paths, self.settings, self._jobs, self._model or self._default())
        config = uvicorn.Config(app, log_level="warning")
        with self._lock:
            if self._stopped:
                return
            self._server = uvicorn.Server(config)
        assert self._socket is not None
        self._server.run(sockets=[self._socket])

    def _default(self) -> str:
        from studio.core.base.devices import device_plan
        from studio.core.models.defaults import default_model

        return default_model(self.settings, device_plan(None, self.settings))
