"""The A1111 web API (AUTOMATIC1111, Forge, SD.Next, `studio serve`) as plain calls, on the
size-capped, bilingual-error `HttpApi`."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from studio.core.backends.base import ServerError
from studio.core.backends.http_api import HttpApi, clean_text, read_capped

_SMALL = 1024 * 1024
_MAX_NAMES = 10_000
_JSON = {"Content-Type": "application/json"}
Trace = Callable[[str, Mapping[str, Any]], None]


class A1111Client(HttpApi):
    """One A1111-API server at `url`. Not thread-safe: one call at a time per client."""

    kind_name = "an A1111 API"

    def options(self) -> dict[str, Any]:
        """The server's options; refuses an answer that is not an A1111 API's."""
        options = self._json("GET", "/sdapi/v1/options", limit=8 * _SMALL)
        if not isinstance(options, dict) or "sd_model_checkpoint" not in options:
            raise ServerError(
                f"{self.label} answered, but it is not an A1111-API server.",
                f"{self.label} respondió, pero no es un servidor con la API de A1111.",
                retry=False,
            )
        return options

    def checkpoints(self) -> list[str]:
        """The checkpoints' titles, as `override_settings.sd_model_checkpoint` takes them."""
        return _names(self._json("GET", "/sdapi/v1/sd-models", limit=16 * _SMALL), "title")

    def loras(self) -> list[str]:
        """The LoRA names, as `<lora:name:w>` tags take them ([] where the API has none)."""
        try:
            answer = self._json("GET", "/sdapi/v1/loras", limit=64 * _SMALL)
        except ServerError as error:
            if error.retry:
                raise
            return []  # older servers without the built-in LoRA extension answer 404
        return _names(answer, "name")

    def vram_bytes(self) -> int | None:
        """Total GPU memory, when the server tells (A1111's `/memory` cuda.system.total)."""
        try:
            memory = self._json_object("GET", "/sdapi/v1/memory", limit=_SMALL)
        except ServerError as error:
            if error.retry:
                raise
            return None
        cuda = memory.get("cuda")
        system = cuda.get("system") if isinstance(cuda, dict) else None
        total = system.get("total") if isinstance(system, dict) else None
        return total if isinstance(total, int) and total > 0 else None

    def generate(self, mode: str, body: bytes, trace: Trace | None = None) -> dict[str, Any]:
        """POST a txt2img or img2img body (JSON); the answer (its `images` checked by the
        caller). `trace` sees httpcore's connection events (the socket the POST runs on)."""
        extensions = {"trace": trace} if trace is not None else {}
        path = f"/sdapi/v1/{mode}"
        return self._json_object("POST", path, content=body, headers=_JSON, extensions=extensions)

    def progress(self) -> dict[str, Any]:
        """The running job's progress, with its current preview image (base64)."""
        return self._json_object("GET", "/sdapi/v1/progress", limit=64 * _SMALL)

    def interrupt(self, timeout: float) -> None:
        """Stop the running job within a step; gives up after `timeout` seconds."""
        with self._call("POST", "/sdapi/v1/interrupt", json={}, timeout=timeout) as response:
            read_capped(response, _SMALL, self.label)


def _names(answer: Any, key: str) -> list[str]:
    if not isinstance(answer, list):
        return []
    names = [item.get(key) for item in answer[:_MAX_NAMES] if isinstance(item, dict)]
    return [clean_text(name) for name in names if isinstance(name, str) and name]
