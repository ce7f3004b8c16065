"""ComfyUI's HTTP API as plain calls, on the size-capped, bilingual-error `HttpApi`."""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from typing import Any

from studio.core.backends.base import ServerError
from studio.core.backends.http_api import (
    CONNECT_TIMEOUT_S,
    MAX_IMAGE_BYTES,
    READ_TIMEOUT_S,
    HttpApi,
    read_capped,
)


class ComfyClient(HttpApi):
    """One ComfyUI server at `url` (http or https). Not thread-safe: one job at a time."""

    kind_name = "ComfyUI"

    def __init__(
        self,
        url: str,
        read_timeout: float = READ_TIMEOUT_S,
        headers: Mapping[str, str] | None = None,
        connect_timeout: float = CONNECT_TIMEOUT_S,
    ) -> None:
        super().__init__(url, read_timeout, headers, connect_timeout)
        self.client_id = uuid.uuid4().hex

    @property
    def ws_url(self) -> str:
        scheme = "wss" if self.url.startswith("https") else "ws"
        return f"{scheme}{self.url[self.url.index(':') :]}/ws?clientId={self.client_id}"

    def system_stats(self) -> dict[str, Any]:
        """The server's version and devices; refuses an answer that is not ComfyUI's."""
        stats = self._json_object("GET", "/system_stats", limit=1024 * 1024)
        if not isinstance(stats.get("system"), dict) or not isinstance(stats.get("devices"), list):
            raise ServerError(
                f"{self.label} answered, but it is not a ComfyUI server.",
                f"{self.label} respondió, pero no es un servidor ComfyUI.",
                retry=False,
            )
        return stats

    def object_info(self) -> dict[str, Any]:
        """Every node type the server has, with its inputs and their choices."""
        return self._json_object("GET", "/object_info")

    def upload_image(self, png: bytes) -> str:
        """Upload a PNG for LoadImage; return the name the graph must use."""
        files = {"image": (f"lienzo-{uuid.uuid4().hex}.png", png, "image/png")}
        answer = self._json_object("POST", "/upload/image", files=files, data={"overwrite": "true"})
        name, folder = answer.get("name"), answer.get("subfolder") or ""
        if not isinstance(name, str) or not isinstance(folder, str):
            raise self._odd_answer("/upload/image")
        return f"{folder}/{name}" if folder else name

    def queue_prompt(self, graph: dict[str, Any], extra_data: dict[str, Any]) -> str:
        """Queue a graph; return its prompt id. A refused graph says why (the unknown model)."""
        body = {"prompt": graph, "client_id": self.client_id, "extra_data": extra_data}
        answer = self._json_object("POST", "/prompt", json=body)
        prompt_id = answer.get("prompt_id")
        if not isinstance(prompt_id, str):
            raise self._odd_answer("/prompt")
        return prompt_id

    def history(self, prompt_id: str) -> dict[str, Any]:
        """What the server kept of one finished prompt ({} when it has nothing yet)."""
        answer = self._json_object("GET", f"/history/{prompt_id}")
        entry = answer.get(prompt_id)
        return entry if isinstance(entry, dict) else {}

    def view(self, filename: str, subfolder: str, kind: str) -> bytes:
        """The bytes of one output image."""
        params = {"filename": filename, "subfolder": subfolder, "type": kind}
        with self._call("GET", "/view", params=params) as response:
            return read_capped(response, MAX_IMAGE_BYTES, self.label)

    def interrupt(self, prompt_id: str) -> None:
        """Stop the prompt within a step if it runs, and take it off the queue if it waits."""
        self._post_quietly("/interrupt", {"prompt_id": prompt_id})
        self._post_quietly("/queue", {"delete": [prompt_id]})
