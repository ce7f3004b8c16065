"""ComfyUI's HTTP API as plain calls: every answer size-capped, every failure one bilingual
`ServerError` that says whether the job can go back to the queue."""

from __future__ import annotations

import json
import re
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any
from urllib.parse import urlsplit

import httpx

from studio.core.backends.base import ServerError

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


class ComfyClient:
    """One ComfyUI server at `url` (http or https). Not thread-safe: one job at a time."""

    def __init__(self, url: str, read_timeout: float = READ_TIMEOUT_S) -> None:
        parts = urlsplit(url.strip())
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise ServerError(
                f"'{clean_text(url)}' is not a server address; use http://host:port.",
                f"'{clean_text(url)}' no es una dirección de servidor; usa http://host:puerto.",
                retry=False,
            )
        self.url = f"{parts.scheme}://{parts.netloc}{parts.path.rstrip('/')}"
        self.label = server_label(self.url)
        self.client_id = uuid.uuid4().hex
        timeout = httpx.Timeout(read_timeout, connect=CONNECT_TIMEOUT_S)
        self._http = httpx.Client(base_url=self.url, timeout=timeout, follow_redirects=False)

    def close(self) -> None:
        self._http.close()

    @property
    def ws_url(self) -> str:
        scheme = "wss" if self.url.startswith("https") else "ws"
        return f"{scheme}{self.url[self.url.index(':') :]}/ws?clientId={self.client_id}"

    def system_stats(self) -> dict[str, Any]:
        """The server's version and devices; refuses an answer that is not ComfyUI's."""
        stats = self._json("GET", "/system_stats", limit=1024 * 1024)
        if not isinstance(stats.get("system"), dict) or not isinstance(stats.get("devices"), list):
            raise ServerError(
                f"{self.label} answered, but it is not a ComfyUI server.",
                f"{self.label} respondió, pero no es un servidor ComfyUI.",
                retry=False,
            )
        return stats

    def object_info(self) -> dict[str, Any]:
        """Every node type the server has, with its inputs and their choices."""
        return self._json("GET", "/object_info")

    def upload_image(self, png: bytes) -> str:
        """Upload a PNG for LoadImage; return the name the graph must use."""
        files = {"image": (f"lienzo-{uuid.uuid4().hex}.png", png, "image/png")}
        answer = self._json("POST", "/upload/image", files=files, data={"overwrite": "true"})
        name, folder = answer.get("name"), answer.get("subfolder") or ""
        if not isinstance(name, str) or not isinstance(folder, str):
            raise self._odd_answer("/upload/image")
        return f"{folder}/{name}" if folder else name

    def queue_prompt(self, graph: dict[str, Any], extra_data: dict[str, Any]) -> str:
        """Queue a graph; return its prompt id. A refused graph says why (the unknown model)."""
        body = {"prompt": graph, "client_id": self.client_id, "extra_data": extra_data}
        answer = self._json("POST", "/prompt", json=body)
        prompt_id = answer.get("prompt_id")
        if not isinstance(prompt_id, str):
            raise self._odd_answer("/prompt")
        return prompt_id

    def history(self, prompt_id: str) -> dict[str, Any]:
        """What the server kept of one finished prompt ({} when it has nothing yet)."""
        answer = self._json("GET", f"/history/{prompt_id}")
        entry = answer.get(prompt_id)
        return entry if isinstance(entry, dict) else {}

    def view(self, filename: str, subfolder: str, kind: str) -> bytes:
        """The bytes of one output image."""
        params = {"filename": filename, "subfolder": subfolder, "type": kind}
        with self._call("GET", "/view", params=params) as response:
            return _read_capped(response, MAX_IMAGE_BYTES, self.label)

    def interrupt(self, prompt_id: str) -> None:
        """Stop the prompt within a step if it runs, and take it off the queue if it waits."""
        for path, body in (
            ("/interrupt", {"prompt_id": prompt_id}),
            ("/queue", {"delete": [prompt_id]}),
        ):
            with self._call("POST", path, json=body) as response:
                _read_capped(response, 1024 * 1024, self.label)

    def _json(self, method: str, path: str, limit: int | None = None, **kw: Any) -> Any:
        with self._call(method, path, **kw) as response:
            raw = _read_capped(response, limit or MAX_JSON_BYTES, self.label)
        try:
            answer = json.loads(raw)
        except (ValueError, RecursionError):
            raise self._odd_answer(path) from None
        if not isinstance(answer, dict):
            raise self._odd_answer(path)
        return answer

    @contextmanager
    def _call(self, method: str, path: str, **kw: Any) -> Iterator[httpx.Response]:
        try:
            with self._http.stream(method, path, **kw) as response:
                if response.status_code >= 400:
                    body = _read_capped(response, 1024 * 1024, self.label)
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
            f"{self.label} gave an answer to {path} that is not ComfyUI's.",
            f"{self.label} dio a {path} una respuesta que no es de ComfyUI.",
            retry=True,
        )


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
    """ComfyUI's own words for a refusal: each node error's message and details."""
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
    return clean_text("; ".join(parts) or answer)


def _read_capped(response: httpx.Response, limit: int, label: str) -> bytes:
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


def _too_big(label: str, limit: int) -> ServerError:
    megabytes = limit // (1024 * 1024)
    return ServerError(
        f"The server {label} sent more than {megabytes} MB where far less was expected; stopped.",
        f"El servidor {label} envió más de {megabytes} MB donde se esperaba mucho menos; "
        "se detuvo.",
        retry=False,
    )
