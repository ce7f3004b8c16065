"""The settings' "Allow other programs to use Lienzo": the API served while the window is open.

Its jobs go into the window's queue (marked "API") and run on the window's engine: one model
in memory, one queue, pictures in the window's gallery (runtime/api_jobs.py).
"""

from __future__ import annotations

from studio.core.base.errors import StudioError
from studio.core.base.paths import AppPaths
from studio.core.base.settings import Settings
from studio.runtime.api_jobs import ApiJobs
from studio.runtime.controller import GenerationController
from studio.server.embedded import DEFAULT_PORT, EmbeddedServer
from studio.ui.window.api_sink import WindowJobs


class ApiSwitch:
    """Starts the API when the setting is on, stops it when it goes off or the window closes."""

    def __init__(self, paths: AppPaths, controller: GenerationController) -> None:
        self._paths = paths
        self._controller = controller
        self.port = DEFAULT_PORT
        self._server: EmbeddedServer | None = None
        self._bridge: ApiJobs | None = None

    @property
    def running(self) -> bool:
        return self._server is not None

    def apply(self, settings: Settings) -> str:
        """Follow the setting; "" when done, else why the API could not start (a port in use),
        for the window to show and to turn the switch back off."""
        if not settings.api_server:
            self.shutdown()
            return ""
        if self._server is not None:
            return ""
        bridge = ApiJobs(self._controller)
        model = self._controller.model_ref
        server = EmbeddedServer(self._paths, settings, WindowJobs(bridge), model, self.port)
        try:
            server.start()
        except StudioError as exc:
            bridge.stop()
            bridge.deleteLater()
            return str(exc)
        self._server, self._bridge = server, bridge
        return ""

    def shutdown(self) -> None:
        """Waiting API requests get a 503; the port closes. Safe to call twice."""
        if self._server is not None:
            self._server.stop()
            self._server = None
        if self._bridge is not None:
            self._bridge.deleteLater()
            self._bridge = None
