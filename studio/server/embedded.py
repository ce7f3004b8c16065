"""The API inside another program (the window's "Allow other programs" switch): the same app
as `studio serve`, on loopback only, served from a thread of its own; no Qt."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import uvicorn

    from studio.core.base.paths import AppPaths
    from studio.core.base.settings import Settings
    from studio.core.generation.engine import Engine

log = logging.getLogger(__name__)
DEFAULT_PORT = 7860
LOOPBACK = "127.0.0.1"  # no credentials here: never more than this computer


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
    """Start once, stop once: pictures go to `gallery`, as the window's own do."""

    def __init__(
        self, paths: AppPaths, settings: Settings, gallery: Path, port: int = DEFAULT_PORT
    ) -> None:
        self.paths = replace(paths, gallery=gallery)
        self.settings = settings
        self.port = port
        self._lock = threading.Lock()
        self._server: uvicorn.Server | None = None
        self._stopped = False
        self._thread = threading.Thread(target=self._serve, name="lienzo-api-server", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        """Stop the running job within a step, close the port, wait for the thread."""
        with self._lock:
            self._stopped = True
            server = self._server
        if server is not None:
            server.config.app.state.context.runner.stop_accepting()
            server.should_exit = True
        if self._thread.is_alive():
            self._thread.join(timeout=30)

    def _serve(self) -> None:
        import uvicorn

        from studio.core.base.devices import device_plan
        from studio.core.models.defaults import default_model
        from studio.server.app import create_app

        model = default_model(self.settings, device_plan(None, self.settings))
        factory = local_engine_factory(self.paths, self.settings)
        app = create_app(self.paths, self.settings, factory, model)
        config = uvicorn.Config(app, host=LOOPBACK, port=self.port, log_level="warning")
        with self._lock:
            if self._stopped:
                return
            self._server = uvicorn.Server(config)
        try:
            self._server.run()
        except SystemExit:  # uvicorn exits when the port is taken; the window keeps running
            log.warning("The API could not listen on %s:%s", LOOPBACK, self.port)
