"""Who may call the API and how much they may send: Basic auth and a body size limit."""

from __future__ import annotations

import base64
import binascii
import json
import secrets
from collections.abc import Awaitable, Callable, MutableMapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from studio.core.base.errors import InvalidRequestError, tr

MAX_BODY_BYTES = 50 * 1024 * 1024
LOOPBACK = ("127.0.0.1", "::1", "localhost")
Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]


@dataclass(frozen=True)
class Credentials:
    """user:pass pairs; empty means no authentication (allowed on loopback only)."""

    pairs: tuple[tuple[str, str], ...] = ()

    def accept(self, header: str | None) -> bool:
        """Whether an Authorization header carries one of the pairs (constant-time compare)."""
        if not self.pairs:
            return True
        given = _basic_pair(header)
        if given is None:
            return False
        ok = False
        for user, password in self.pairs:  # every pair is compared: no early exit to time
            same_user = secrets.compare_digest(given[0].encode(), user.encode())
            same_password = secrets.compare_digest(given[1].encode(), password.encode())
            ok |= same_user and same_password
        return ok


def parse_credentials(text: str | None, file: Path | None) -> Credentials:
    """`--api-auth user:pass[,user2:pass2]` and/or a file with one user:pass per line."""
    items = [item for item in (text or "").split(",") if item.strip()]
    if file is not None:
        try:
            lines = file.read_text(encoding="utf-8").splitlines()
            items += [line for line in lines if line.strip()]
        except (OSError, UnicodeDecodeError) as exc:
            raise InvalidRequestError(
                "api_auth_file",
                f"Cannot read the credentials file {file}: {exc}",
                f"No se puede leer el archivo de credenciales {file}: {exc}",
            ) from None
    pairs = []
    for item in items:
        user, sep, password = item.strip().partition(":")
        if not sep or not user or not password:
            raise InvalidRequestError(
                "api_auth",
                "Credentials must be written user:password (neither part empty).",
                "Las credenciales se escriben usuario:contraseña (ninguna parte vacía).",
            )
        pairs.append((user, password))
    return Credentials(tuple(pairs))


def check_exposure(host: str, credentials: Credentials) -> None:
    """Refuse to listen beyond this computer without a password."""
    if host not in LOOPBACK and not credentials.pairs:
        raise InvalidRequestError(
            "listen",
            "--listen lets other computers use Lienzo: give it --api-auth user:password "
            "(or --api-auth-file FILE) so only you can.",
            "--listen deja que otros ordenadores usen Lienzo: añade --api-auth usuario:contraseña "
            "(o --api-auth-file ARCHIVO) para que solo tú puedas.",
        )


def _basic_pair(header: str | None) -> tuple[str, str] | None:
    if not header or header[:6].lower() != "basic ":
        return None
    try:
        raw = base64.b64decode(header[6:].strip(), validate=True)
    except (binascii.Error, ValueError):
        return None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:  # `requests` (webuiapi) encodes non-ASCII credentials as Latin-1
        text = raw.decode("latin-1")
    user, sep, password = text.partition(":")
    return (user, password) if sep else None


class Guard:
    """ASGI middleware: Basic auth first, then at most `max_body` bytes of body."""

    def __init__(self, app: ASGIApp, credentials: Credentials, max_body: int) -> None:
        self.app, self.credentials, self.max_body = app, credentials, max_body

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope["headers"]}
        if not self.credentials.accept(headers.get("authorization")):
            return await _reply(send, 401, _unauthorized(), {"www-authenticate": "Basic"})
        declared = headers.get("content-length", "0")
        if not declared.isdigit() or int(declared) > self.max_body:
            return await _reply(send, 413, _too_large(self.max_body))
        body = await _read_body(receive, self.max_body)
        if body is None:
            return await _reply(send, 413, _too_large(self.max_body))
        await self.app(scope, _replay(body, receive), send)


async def _read_body(receive: Receive, limit: int) -> bytes | None:
    chunks, size = [], 0
    while True:
        message = await receive()
        if message["type"] == "http.disconnect":
            break
        chunk = message.get("body", b"")
        size += len(chunk)
        if size > limit:
            return None
        chunks.append(chunk)
        if not message.get("more_body"):
            break
    return b"".join(chunks)


def _replay(body: bytes, receive: Receive) -> Receive:
    sent = False

    async def replay() -> Message:
        nonlocal sent
        if sent:
            return await receive()
        sent = True
        return {"type": "http.request", "body": body, "more_body": False}

    return replay


async def _reply(
    send: Send, status: int, message: str, extra: dict[str, str] | None = None
) -> None:
    body = json.dumps({"error": message, "detail": message}, ensure_ascii=False).encode()
    headers = [(b"content-type", b"application/json"), (b"content-length", b"%d" % len(body))]
    headers += [(k.encode(), v.encode()) for k, v in (extra or {}).items()]
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})


def _unauthorized() -> str:
    return tr(
        "Wrong or missing user name and password (HTTP Basic auth).",
        "Usuario y contraseña incorrectos o ausentes (autenticación HTTP Basic).",
    )


def _too_large(limit: int) -> str:
    mb = limit // (1024 * 1024)
    return tr(
        f"The request is larger than {mb} MB (or does not say its size); send smaller images.",
        f"La petición supera {mb} MB (o no indica su tamaño); envía imágenes más pequeñas.",
    )
