"""Taking the API's port before serving: a port already in use is a clear message at once,
not a uvicorn traceback (or, in the window, a line in the log nobody reads)."""

from __future__ import annotations

import errno
import socket
import sys

from studio.core.base.errors import StudioError


class PortInUse(StudioError):
    """Another program (or another Lienzo) already listens on the port."""

    def __init__(self, host: str, port: int, how_en: str, how_es: str) -> None:
        super().__init__(
            f"Port {port} on {host} is already in use (another program, or Lienzo's API already "
            f"running), so Lienzo's API could not start. {how_en}",
            f"El puerto {port} de {host} ya está en uso (otro programa, o la API de Lienzo ya en "
            f"marcha), así que la API de Lienzo no pudo arrancar. {how_es}",
        )
        self.port = port


CLI_HOW = (
    "Stop that program, or choose another port: studio serve --port 7861",
    "Detén ese programa o elige otro puerto: studio serve --port 7861",
)


def bind_port(host: str, port: int, how: tuple[str, str] = CLI_HOW) -> socket.socket:
    """A socket bound to host:port, as uvicorn binds it (handed to it: no race between a check
    and the real bind); PortInUse when taken, StudioError for any other refusal."""
    if not 1 <= port <= 65535:
        raise StudioError(
            f"{port} is not a port: choose one from 1 to 65535 (--port 7861).",
            f"{port} no es un puerto: elige uno de 1 a 65535 (--port 7861).",
        )
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    if sys.platform != "win32":  # there it would let two programs share the port
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host, port))
    except OSError as exc:
        sock.close()
        if exc.errno == errno.EADDRINUSE or getattr(exc, "winerror", None) == 10048:
            raise PortInUse(host, port, *how) from None
        raise StudioError(
            f"Lienzo's API cannot listen on {host}:{port}: {exc.strerror or exc}.",
            f"La API de Lienzo no puede escuchar en {host}:{port}: {exc.strerror or exc}.",
        ) from None
    sock.listen(2048)  # clients connecting before uvicorn's loop runs wait, not fail
    sock.set_inheritable(True)
    return sock
