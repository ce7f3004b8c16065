"""Find out what a server is (ComfyUI: `GET /system_stats`; A1111 API: `GET
/sdapi/v1/options`) and what it has: version, GPU, VRAM, checkpoints, LoRAs."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from studio.core.backends.a1111_client import A1111Client
from studio.core.backends.base import ServerError
from studio.core.backends.comfy_client import ComfyClient
from studio.core.backends.comfy_graph import combo_options
from studio.core.backends.http_api import (
    AnswerTooBig,
    CredentialsRefused,
    clean_text,
    normalise_url,
    server_label,
)
from studio.core.backends.server_types import Credentials, ServerInfo, auth_headers


def probe(url: str, credentials: Credentials | None = None, timeout: float = 5.0) -> ServerInfo:
    """What the server at `url` is and has; ServerError when it is neither kind or is down."""
    url = normalise_url(url)
    headers = auth_headers(credentials)
    # `timeout` bounds reaching the server; a big /object_info may take longer to arrive.
    comfy = ComfyClient(url, max(timeout, 30.0), headers, connect_timeout=timeout)
    try:
        stats = _answer_or_none(comfy.system_stats)
        if stats is not None:
            return _comfy_info(comfy, stats)
    finally:
        comfy.close()
    a1111 = A1111Client(url, max(timeout, 30.0), headers, connect_timeout=timeout)
    try:
        options = _answer_or_none(a1111.options)
        if options is not None:
            return _a1111_info(a1111, options)
    finally:
        a1111.close()
    label = server_label(url)
    raise ServerError(
        f"{label} answered, but it is neither a ComfyUI server nor an A1111-API server "
        "(for A1111/Forge, start it with --api).",
        f"{label} respondió, pero no es un servidor ComfyUI ni uno con la API de A1111 "
        "(para A1111/Forge, arráncalo con --api).",
        retry=False,
    )


def _answer_or_none(ask: Callable[[], dict[str, Any]]) -> dict[str, Any] | None:
    """The server's answer that says its kind, or None when it is of another kind."""
    try:
        return ask()
    except ServerError as error:
        if error.retry or _is_final(error):
            raise
        return None


def _is_final(error: ServerError) -> bool:
    """Errors that are no sign of "another kind of server": say them as they are."""
    return isinstance(error, (CredentialsRefused, AnswerTooBig))


def _comfy_info(client: ComfyClient, stats: dict[str, Any]) -> ServerInfo:
    info = client.object_info()
    system = stats["system"]
    devices = [device for device in stats["devices"] if isinstance(device, dict)]
    first = devices[0] if devices else {}
    vram = first.get("vram_total")
    return ServerInfo(
        kind="comfyui",
        version=clean_text(system.get("comfyui_version", "")),
        gpu=clean_text(first.get("name", "")),
        vram_bytes=vram if isinstance(vram, int) and vram > 0 else None,
        checkpoints=tuple(combo_options(info, "CheckpointLoaderSimple", "ckpt_name")),
        loras=tuple(combo_options(info, "LoraLoader", "lora_name")),
    )


def _a1111_info(client: A1111Client, options: dict[str, Any]) -> ServerInfo:
    version = options.get("version") or options.get("sd_webui_version") or ""
    return ServerInfo(
        kind="a1111",
        version=clean_text(version),
        gpu="",
        vram_bytes=client.vram_bytes(),
        checkpoints=tuple(client.checkpoints()),
        loras=tuple(client.loras()),
    )
