"""ComfyUI's websocket messages turned into a few plain events, every field type-checked
(the server is untrusted: anything odd is ignored, never raised)."""

from __future__ import annotations

import json
import struct
from dataclasses import dataclass

from studio.core.backends.http_api import clean_text

MAX_PREVIEW_BYTES = 16 * 1024 * 1024
_PREVIEW_IMAGE = 1  # [type][image format][JPEG/PNG bytes]
_PREVIEW_WITH_METADATA = 4  # [type][metadata length][metadata JSON][image bytes]


@dataclass(frozen=True)
class Progress:
    """A sampler step finished (value of max)."""

    prompt_id: str
    value: int
    maximum: int


@dataclass(frozen=True)
class Preview:
    """An encoded preview picture of the running step (for the job this socket follows)."""

    prompt_id: str | None
    data: bytes


@dataclass(frozen=True)
class Finished:
    """The server is done with the prompt: `executing` with no node."""

    prompt_id: str


@dataclass(frozen=True)
class Failed:
    """The prompt stopped with an error (`error` set) or was interrupted (`error` empty)."""

    prompt_id: str
    error: str


Event = Progress | Preview | Finished | Failed


def parse_message(message: str | bytes) -> Event | None:
    """One websocket message as an event, or None when it is not one we use."""
    if isinstance(message, bytes):
        return _parse_binary(message)
    try:
        parsed = json.loads(message)
    except (ValueError, RecursionError):
        return None
    if not isinstance(parsed, dict) or not isinstance(parsed.get("data"), dict):
        return None
    kind, data = parsed.get("type"), parsed["data"]
    prompt_id = data.get("prompt_id")
    if not isinstance(prompt_id, str):
        return None
    if kind == "progress":
        value, maximum = data.get("value"), data.get("max")
        if _is_count(value) and _is_count(maximum):
            return Progress(prompt_id, value, maximum)
    elif kind == "executing" and data.get("node") is None:
        return Finished(prompt_id)
    elif kind == "execution_interrupted":
        return Failed(prompt_id, "")
    elif kind == "execution_error":
        text = f"{data.get('exception_type', '')}: {data.get('exception_message', '')}"
        return Failed(prompt_id, clean_text(text) or "error")
    return None


def _is_count(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and 0 <= value <= 100_000


def _parse_binary(message: bytes) -> Preview | None:
    if len(message) < 8 or len(message) > MAX_PREVIEW_BYTES:
        return None
    (kind,) = struct.unpack(">I", message[:4])
    if kind == _PREVIEW_IMAGE:
        return Preview(None, message[8:])
    if kind != _PREVIEW_WITH_METADATA:
        return None
    (length,) = struct.unpack(">I", message[4:8])
    if length > len(message) - 8:
        return None
    try:
        metadata = json.loads(message[8 : 8 + length])
    except (ValueError, RecursionError):
        return None
    prompt_id = metadata.get("prompt_id") if isinstance(metadata, dict) else None
    return Preview(prompt_id if isinstance(prompt_id, str) else None, message[8 + length :])
