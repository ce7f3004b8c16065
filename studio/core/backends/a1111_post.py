"""One txt2img/img2img POST in flight: sent from its own thread on its own connection, so the
job can stop waiting the moment it is cancelled. A dropped POST's socket is shut down (which
wakes the blocked read at once), so its thread ends and the late answer is never read."""

from __future__ import annotations

import logging
import socket
import threading
from collections.abc import Mapping
from concurrent.futures import Future
from concurrent.futures import wait as wait_for
from contextlib import suppress
from typing import Any

from studio.core.backends.a1111_client import A1111Client

log = logging.getLogger(__name__)
_SOCKET_EVENTS = ("connect_tcp.complete", "start_tls.complete")


class PostInFlight:
    """The server's answer to one POST, awaited from the job's thread. Only immutable values
    cross: the body goes in as JSON bytes; the answer comes back once, through a Future."""

    def __init__(
        self, url: str, headers: Mapping[str, str], read_timeout: float, mode: str, body: bytes
    ) -> None:
        self._client = A1111Client(url, read_timeout=read_timeout, headers=headers)
        self._lock = threading.Lock()
        self._sockets: list[socket.socket] = []
        self._dropped = False
        self._answer: Future[dict[str, Any]] = Future()
        self._thread = threading.Thread(
            target=self._send, args=(mode, body), daemon=True, name="a1111-post"
        )
        self._thread.start()

    def wait(self, seconds: float) -> bool:
        """Whether the answer (or its failure) has come, waiting at most `seconds`."""
        return bool(wait_for([self._answer], timeout=seconds).done)

    def result(self) -> dict[str, Any]:
        """The server's answer; raises the POST's own error (a `ServerError`)."""
        return self._answer.result(timeout=0)

    def close(self, bound: float) -> bool:
        """Drop the POST if it has no answer yet (its socket shut, a late answer never read),
        then wait up to `bound` seconds for its thread; whether the thread has ended."""
        with self._lock:  # the sending thread closes its client only after taking the lock
            self._dropped = True
            if not self._answer.done():
                for sock in self._sockets:
                    _shut(sock)
        self._thread.join(bound)
        if self._thread.is_alive():
            log.warning("A dropped POST to %s has not ended yet.", self._client.label)
        return not self._thread.is_alive()

    def _send(self, mode: str, body: bytes) -> None:
        try:
            self._answer.set_result(self._client.generate(mode, body, self._on_trace))
        except BaseException as error:  # handed to the waiting thread, which raises it
            self._answer.set_exception(error)
        finally:
            with self._lock:
                self._sockets.clear()
            self._client.close()

    def _on_trace(self, event: str, info: Mapping[str, Any]) -> None:
        """httpcore's `trace` extension: keeps the POST's socket, to shut it if dropped."""
        if not event.endswith(_SOCKET_EVENTS):
            return
        stream = info.get("return_value")
        sock = stream.get_extra_info("socket") if stream is not None else None
        if not isinstance(sock, socket.socket):
            return
        with self._lock:
            self._sockets.append(sock)
            if self._dropped:  # dropped while it was still connecting
                _shut(sock)


def _shut(sock: socket.socket) -> None:
    """Shut both ways (a plain close would not wake a read blocked in another thread). The
    base method, so a TLS socket's state is left to the thread that reads it."""
    with suppress(OSError):  # already closed or never connected: nothing left to wake
        socket.socket.shutdown(sock, socket.SHUT_RDWR)
