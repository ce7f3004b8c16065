"""The values that describe remote servers: an entry the user added, what a probe found, and
credentials (kept apart from the entry so they never reach settings, logs or metadata)."""

from __future__ import annotations

import base64
from dataclasses import dataclass
from typing import Literal

ServerKind = Literal["comfyui", "a1111"]
AuthKind = Literal["none", "basic", "bearer"]
KIND_NAMES: dict[str, str] = {"comfyui": "ComfyUI", "a1111": "A1111 API"}


@dataclass(frozen=True)
class ServerEntry:
    """One server the user added; never holds secrets."""

    name: str  # unique, user-visible ("gpu-box:8188" by default)
    url: str  # normalised, e.g. "http://gpu-box:8188"
    kind: ServerKind
    auth: AuthKind = "none"


@dataclass(frozen=True)
class ServerInfo:
    """What "Test" shows about a server."""

    kind: ServerKind
    version: str
    gpu: str
    vram_bytes: int | None
    checkpoints: tuple[str, ...]
    loras: tuple[str, ...]


@dataclass(frozen=True)
class Credentials:
    """Basic auth: user and password; bearer: the token alone (in `secret`)."""

    user: str = ""
    secret: str = ""

    def __repr__(self) -> str:  # a stray log line or traceback never shows the secret
        return f"Credentials(user={self.user!r}, secret={'***' if self.secret else ''!r})"

    @property
    def auth(self) -> AuthKind:
        """How these credentials are sent: user+password → basic, a token alone → bearer."""
        if self.user:
            return "basic"
        return "bearer" if self.secret else "none"


def auth_headers(credentials: Credentials | None) -> dict[str, str]:
    """The Authorization header for `credentials` ({} for none)."""
    if credentials is None or credentials.auth == "none":
        return {}
    if credentials.auth == "basic":
        pair = f"{credentials.user}:{credentials.secret}".encode()
        return {"Authorization": f"Basic {base64.b64encode(pair).decode('ascii')}"}
    return {"Authorization": f"Bearer {credentials.secret}"}
