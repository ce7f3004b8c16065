"""The settings' "Allow other programs to use Lienzo": the API served while the window is open.

The server has its own worker and engine (not the window's queue): its pictures are saved into
the window's gallery folder, where the gallery's watcher shows them.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from studio.core.base.paths import AppPaths
from studio.core.base.settings import Settings
from studio.server.embedded import DEFAULT_PORT, EmbeddedServer


class ApiSwitch:
    """Starts the API when the setting is on, stops it when it goes off or the window closes."""

    def __init__(self, paths: AppPaths, gallery_root: Callable[[], Path]) -> None:
        self._paths = paths
        self._gallery_root = gallery_root
        self.port = DEFAULT_PORT
        self._server: EmbeddedServer | None = None

    @property
    def running(self) -> bool:
        return self._server is not None

    def apply(self, settings: Settings) -> None:
        """Follow the setting; a new gallery folder restarts the server into it."""
        gallery = self._gallery_root()
        if self._server is not None and (
            not settings.api_server or self._server.paths.gallery != gallery
        ):
            self.shutdown()
        if settings.api_server and self._server is None:
            self._server = EmbeddedServer(self._paths, settings, gallery, self.port)
            self._server.start()

    def shutdown(self) -> None:
        if self._server is not None:
            self._server.stop()
            self._server = None
