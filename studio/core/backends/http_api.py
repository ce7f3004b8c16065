"""A remote server's HTTP API as plain calls: every answer size-capped, credentials sent as a
header only to the address the user added (no redirects), every failure one bilingual
`ServerError` that says whether the job can go back to the queue."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from studio.core.backends.base import ServerError

if TYPE_CHECKING:  # httpx (with click) costs ~130 ms: not imported until a server is called
    import httpx

MAX_JSON_BYTES = 64 * 1024 * 1024  # /object_info of a server with many custom nodes is MBs
MAX_IMAGE_BYTES = 256 * 1024 * 1024
CONNECT_TIMEOUT_S = 5.0
READ_TIMEOUT_S = 60.0
_SHOWN_CHARS = 300
_UNPRINTABLE = re.compile(r"[\x00-\x1f\x7f-\x9f]+")


def server_label(url: str) -> str:
    """The server as metadata and messages name it: host and port, never credentials."""
    parts = urlsplit(url)
    host = parts.hostname or "?"
    return f"{host}:{parts.port}" if parts.port else host


def clean_text(value: object) -> str:
    """A server's words made safe to show: one line, no control characters, cut short."""
    text = _UNPRINTABLE.sub(" ", str(value)).strip()
    return text[:_SHOWN_CHARS] + ("…" if len(text) > _SHOWN_CHARS else "")


def normalise_url(url: str) -> str:
    """`http(s)://host[:port][/path]` without a trailing slash; refuses anything else,
    including credentials written into the address (they would end up in logs)."""
    text = url.strip()
    if "://" not in text and text and not text.startswith("/"):
        text = f"http://{text}"
    try:
        parts = urlsplit(text)
        port_ok = parts.port is None or 0 < parts.port < 65536
    except ValueError:
        port_ok = False
        parts = urlsplit("")
    if parts.scheme not in ("http", "https") or not parts.hostname or not port_ok:
        raise ServerError(
            f"'{clean_text(url)}' is not a server address; use http://host:port.",
            f"'{clean_text(url)}' no es una dirección de servidor; usa http://host:puerto.",
            retry=False,
        )
    if parts.username or parts.password or parts.query or parts.fragment:
        raise ServerError(
            "Write the server address without a user, password, '?' or '#' "
            "(give credentials with --user/--token-stdin).",
            "Escribe la dirección del servidor sin usuario, contraseña, '?' ni '#' "
            "(da las credenciales con --user/--token-stdin).",
            retry=False,
        )
    return f"{parts.scheme}://{parts.netloc.lower()}{parts.path.rstrip('/')}"


class HttpApi:
    """One server at `url`; `headers` (e.g. Authorization) go with every call. Not
    thread-safe: one job at a time."""

    kind_name = "the expected server"

    def __init__(
        self,
        url: str,
        read_timeout: float = READ_TIMEOUT_S,
        headers: Mapping[str, str] | None = None,
        connect_timeout: float = CONNECT_TIMEOUT_S,
    ) -> None:
        self.url = normalise_url(url)
        self.label = server_label(self.url)
        self.headers = dict(headers or {})
        import httpx

        timeout = httpx.Timeout(read_timeout, connect=connect_timeout)
        self._http = httpx.Client(
            base_url=self.url, timeout=timeout, follow_redirects=False, headers=self.headers
        )

    def close(self) -> None:
        self._http.close()

    def _json(self, method: str, path: str, limit: int | None = None, **kw: Any) -> Any:
        """The server's JSON object (or list) answer to one call."""
        with self._call(method, path, **kw) as response:
            raw = read_capped(response, limit or MAX_JSON_BYTES, self.label)
        try:
            answer = json.loads(raw)
        except (ValueError, RecursionError):
            raise self._odd_answer(path) from None
        if not isinstance(answer, (dict, list)):
            raise self._odd_answer(path)
        return answer

    def _json_object(self, method: str, path: str, limit: int | None = None, **kw: Any) -> Any:
        answer = self._json(method, path, limit, **kw)
        if not isinstance(answer, dict):
            raise self._odd_answer(path)
        return answer

    def _post_quietly(self, path: str, body: Any) -> None:
        with self._call("POST", path, json=body) as response:
            read_capped(response, 1024 * 1024, self.label)

    @contextmanager
    def _call(self, method: str, path: str, **kw: Any) -> Iterator[httpx.Response]:
        import httpx

        try:
            with self._http.stream(method, path, **kw) as response:
                if response.status_code >= 300:
                    body = read_capped(response, 1024 * 1024, self.label)
                    raise refused(self.label, path, response.status_code, body)
                yield response
        except httpx.TimeoutException:
            raise unreachable(self.label, "timed out", "no respondió a tiempo") from None
        except httpx.ConnectError:
            raise unreachable(self.label, "is not reachable", "no es accesible") from None
        except httpx.TransportError:
            raise unreachable(self.label, "dropped the connection", "cortó la conexión") from None

    def _odd_answer(self, path: str) -> ServerError:
        return ServerError(
            f"{self.label} gave an answer to {path} that is not {self.kind_name}'s.",
            f"{self.label} dio a {path} una respuesta que no es de {self.kind_name}.",
            retry=True,
        )


class CredentialsRefused(ServerError):
    """401/403: the server wants other credentials (or some)."""


def unreachable(label: str, en: str, es: str) -> ServerError:
    """The server cannot be used right now; the job itself is fine and can run again."""
    return ServerError(
        f"The server {label} {en}. Check that it is running and that this computer can reach it.",
        f"El servidor {label} {es}. Comprueba que está en marcha y que este equipo llega a él.",
        retry=True,
    )


def refused(label: str, path: str, status: int, body: bytes) -> ServerError:
    """A 4xx/5xx answer: 4xx keeps the server's reason (which model it lacks); 5xx retries."""
    reason = _reason(body)
    if status in (401, 403):
        return CredentialsRefused(
            f"The server {label} refused the credentials ({status}); check the user, password "
            "or token.",
            f"El servidor {label} rechazó las credenciales ({status}); revisa el usuario, la "
            "contraseña o el token.",
            retry=False,
        )
    if status >= 500:
        return ServerError(
            f"The server {label} failed ({status} on {path}): {reason}",
            f"El servidor {label} falló ({status} en {path}): {reason}",
            retry=True,
        )
    return ServerError(
        f"The server {label} refused the job ({status}): {reason}",
        f"El servidor {label} rechazó el trabajo ({status}): {reason}",
        retry=False,
    )


def _reason(body: bytes) -> str:
    """The server's own words for a refusal: ComfyUI's node errors, A1111's `error`/`detail`."""
    try:
        answer = json.loads(body)
    except (ValueError, RecursionError):
        return clean_text(body.decode("utf-8", "replace")) or "-"
    if not isinstance(answer, dict):
        return clean_text(answer)
    parts: list[str] = []
    node_errors = answer.get("node_errors")
    for node in node_errors.values() if isinstance(node_errors, dict) else ():
        errors = node.get("errors") if isinstance(node, dict) else None
        for error in errors if isinstance(errors, list) else ():
            if isinstance(error, dict):
                parts.append(f"{error.get('message', '')}: {error.get('details', '')}")
    error = answer.get("error")
    if not parts and isinstance(error, dict):
        parts.append(f"{error.get('message', '')} {error.get('details', '')}")
    elif not parts and error:
        parts.append(str(error))
    for key in ("detail", "errors"):
        if answer.get(key) and isinstance(answer.get(key), (str, list)):
            parts.append(str(answer[key]))
    return clean_text("; ".join(parts) or answer)


def read_capped(response: httpx.Response, limit: int, label: str) -> bytes:
    declared = response.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limit:
        raise _too_big(label, limit)
    chunks, size = [], 0
    for chunk in response.iter_bytes():
        size += len(chunk)
        if size > limit:
            raise _too_big(label, limit)
        chunks.append(chunk)
    return b"".join(chunks)


class AnswerTooBig(ServerError):
    """The server sent far more than such an answer can be; reading stopped."""


def _too_big(label: str, limit: int) -> ServerError:
    megabytes = limit // (1024 * 1024)
    return AnswerTooBig(
        f"The server {label} sent more than {megabytes} MB where far less was expected; stopped.",
        f"El servidor {label} envió más de {megabytes} MB donde se esperaba mucho menos; "
        "se detuvo.",
        retry=False,
    )
