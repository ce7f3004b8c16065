"""The servers the user added (`<config>/servers.json`), their credentials (the OS keyring),
and the backend that runs jobs on each.

The file never holds secrets; a damaged one is copied aside and every entry that can still be
read is kept (the caller shows `notice`).
"""

from __future__ import annotations

import ipaddress
import json
import logging
import re
from typing import Any, get_args

from studio.core.backends.base import Backend, ServerError
from studio.core.backends.credentials import (
    delete_credentials,
    file_notice,
    load_credentials,
    save_credentials,
)
from studio.core.backends.http_api import clean_text, normalise_url, server_label
from studio.core.backends.server_probe import probe
from studio.core.backends.server_types import (
    AuthKind,
    Credentials,
    ServerEntry,
    ServerInfo,
    ServerKind,
    auth_headers,
)
from studio.core.base.atomic import atomic_write_bytes
from studio.core.base.damaged import copy_note, keep_damaged_copy, read_state_text, salvage_objects
from studio.core.base.errors import StudioError
from studio.core.base.paths import AppPaths

__all__ = [
    "Credentials",
    "ServerEntry",
    "ServerInfo",
    "ServerKind",
    "ServerList",
    "backend_for",
    "insecure_warning",
    "probe",
]

log = logging.getLogger(__name__)
SCHEMA_VERSION = 1
MAX_SERVERS = 100
_MAX_FILE_BYTES = 1024 * 1024
_MAX_NAME_CHARS = 80
_BAD_NAME = re.compile(r"[\x00-\x1f\x7f-\x9f]")


class ServerList:
    """The persisted list of servers; every call reads the file again (another window or a
    `studio servers` command may have changed it)."""

    def __init__(self, paths: AppPaths) -> None:
        self.paths = paths
        self.file = paths.config / "servers.json"
        self.notice: StudioError | None = None  # set when the file was damaged
        self.credentials_notice: tuple[str, str] | None = None  # set when no keyring exists

    def entries(self) -> list[ServerEntry]:
        """The servers, in the order they were added."""
        return self._read()[0]

    def add(
        self,
        url: str,
        name: str | None = None,
        credentials: Credentials | None = None,
        probe: bool = True,
        kind: ServerKind = "comfyui",
    ) -> ServerEntry:
        """Add a server (kind detected by probing it; `kind` when not probing) and store its
        credentials; ServerError when it cannot be reached or is neither kind."""
        url = normalise_url(url)
        name = _checked_name(name if name is not None else server_label(url))
        current, backup_needed = self._read()
        if any(entry.name == name for entry in current):
            raise _error(
                f"There already is a server called '{name}'; choose another --name.",
                f"Ya hay un servidor llamado '{name}'; elige otro --name.",
            )
        if len(current) >= MAX_SERVERS:
            raise _error(
                f"At most {MAX_SERVERS} servers can be added.",
                f"Se pueden añadir {MAX_SERVERS} servidores como mucho.",
            )
        if probe:
            kind = _probe(url, credentials).kind
        auth: AuthKind = credentials.auth if credentials is not None else "none"
        entry = ServerEntry(name, url, kind, auth)
        self.credentials_notice = None
        if credentials is not None and auth != "none":  # first: no entry without its secret
            in_file = save_credentials(self.paths.config, name, credentials)
            self.credentials_notice = file_notice(self.paths.config) if in_file else None
        self._write([*current, entry], backup_needed)
        return entry

    def remove(self, name: str) -> None:
        """Forget a server and its credentials; ServerError when there is none by that name."""
        current, backup_needed = self._read()
        kept = [entry for entry in current if entry.name != name]
        if len(kept) == len(current):
            raise _error(
                f"There is no server called '{clean_text(name)}' (see `studio servers list`).",
                f"No hay ningún servidor llamado '{clean_text(name)}' "
                "(mira `studio servers list`).",
            )
        self._write(kept, backup_needed)
        delete_credentials(self.paths.config, name)

    def find(self, name_or_url: str) -> ServerEntry | None:
        """The entry with this name, or else with this (normalised) address."""
        entries = self.entries()
        for entry in entries:
            if entry.name == name_or_url:
                return entry
        try:
            url = normalise_url(name_or_url)
        except ServerError:
            return None
        return next((entry for entry in entries if entry.url == url), None)

    def credentials(self, entry: ServerEntry) -> Credentials | None:
        """The stored credentials of `entry` (None when it needs none)."""
        if entry.auth == "none":
            return None
        return load_credentials(self.paths.config, entry.name)

    def _read(self) -> tuple[list[ServerEntry], bool]:
        """The entries, and whether the file on disk is damaged (its copy must exist first)."""
        self.notice = None
        try:
            if self.file.stat().st_size > _MAX_FILE_BYTES:
                return self._damaged("")
            text = read_state_text(self.file)
        except FileNotFoundError:
            return [], False
        except OSError as error:
            raise _error(
                f"Cannot read {self.file}: {error.strerror or error}.",
                f"No se puede leer {self.file}: {error.strerror or error}.",
            ) from None
        try:
            data = json.loads(text)
        except (ValueError, RecursionError):
            return self._damaged(text)
        servers = data.get("servers") if isinstance(data, dict) else None
        if not isinstance(servers, list):
            return self._damaged(text)
        entries = _entries(servers)
        if len(entries) != len(servers):
            return self._damaged(text)
        return entries, False

    def _damaged(self, text: str) -> tuple[list[ServerEntry], bool]:
        entries = _entries(salvage_objects(text, "name"))
        backup = keep_damaged_copy(self.file)
        extra_en, extra_es = copy_note(backup)
        log.warning("Servers file %s damaged; kept %d; copy at %s", self.file, len(entries), backup)
        self.notice = StudioError(
            f"The list of servers ({self.file.name}) was damaged: kept {len(entries)} "
            f"server(s) that could be read.{extra_en}",
            f"La lista de servidores ({self.file.name}) estaba dañada: se conservan "
            f"{len(entries)} servidor(es) legibles.{extra_es}",
        )
        return entries, backup is None

    def _write(self, entries: list[ServerEntry], backup_missing: bool) -> None:
        if backup_missing:  # never replace a damaged file nobody could copy
            raise _error(
                f"The list of servers {self.file} is damaged and no copy of it could be kept; "
                "move it away to start a new list.",
                f"La lista de servidores {self.file} está dañada y no se pudo guardar una copia; "
                "apártala para empezar una lista nueva.",
            )
        servers = [{"name": e.name, "url": e.url, "kind": e.kind, "auth": e.auth} for e in entries]
        data = {"schema_version": SCHEMA_VERSION, "servers": servers}
        atomic_write_bytes(self.file, json.dumps(data, indent=2).encode())


def _entries(raw: list[Any]) -> list[ServerEntry]:
    """The well-formed entries of `raw` (unknown kinds, bad names, duplicates left out)."""
    found: dict[str, ServerEntry] = {}
    for item in raw[:MAX_SERVERS]:
        entry = _entry(item)
        if entry is not None and entry.name not in found:
            found[entry.name] = entry
    return list(found.values())


def _entry(item: object) -> ServerEntry | None:
    if not isinstance(item, dict):
        return None
    name, url, kind = item.get("name"), item.get("url"), item.get("kind")
    auth = item.get("auth", "none")
    if kind not in get_args(ServerKind) or auth not in get_args(AuthKind):
        return None
    if not isinstance(name, str) or not isinstance(url, str):
        return None
    try:
        return ServerEntry(_checked_name(name), normalise_url(url), kind, auth)
    except (StudioError, ServerError):
        return None


def _checked_name(name: str) -> str:
    name = name.strip()
    if not name or len(name) > _MAX_NAME_CHARS or _BAD_NAME.search(name):
        raise _error(
            f"A server name must be 1 to {_MAX_NAME_CHARS} printable characters.",
            f"El nombre de un servidor debe tener de 1 a {_MAX_NAME_CHARS} caracteres visibles.",
        )
    return name


def _probe(url: str, credentials: Credentials | None) -> ServerInfo:
    return probe(url, credentials)


def _error(en: str, es: str) -> ServerError:
    return ServerError(en, es, retry=False)


def backend_for(entry: ServerEntry, paths: AppPaths) -> Backend:
    """The backend that runs jobs on `entry`, with its credentials from the keyring."""
    credentials = ServerList(paths).credentials(entry)
    if entry.auth != "none" and credentials is None:
        raise _error(
            f"The credentials of the server '{entry.name}' are missing; remove it and add it "
            "again.",
            f"Faltan las credenciales del servidor '{entry.name}'; quítalo y vuelve a añadirlo.",
        )
    headers = auth_headers(credentials)
    if entry.kind == "a1111":
        from studio.core.backends.a1111 import A1111Backend

        return A1111Backend(entry.url, headers=headers, name=entry.name)
    from studio.core.backends.comfy import ComfyBackend

    return ComfyBackend(entry.url, headers=headers, name=entry.name)


def insecure_warning(url: str) -> tuple[str, str] | None:
    """(en, es) when `url` is plain http:// to another machine (pictures, prompts and any
    password travel unencrypted); None for https and for this computer."""
    url = normalise_url(url)
    if url.startswith("https://") or _is_loopback(url):
        return None
    label = server_label(url)
    return (
        f"{label} is reached over plain http://: prompts, pictures and any password cross the "
        "network unencrypted. Use https:// (or an SSH tunnel) outside a network you trust.",
        f"{label} se usa por http:// sin cifrar: las instrucciones, las imágenes y cualquier "
        "contraseña viajan por la red sin cifrar. Usa https:// (o un túnel SSH) fuera de una "
        "red de confianza.",
    )


def _is_loopback(url: str) -> bool:
    from urllib.parse import urlsplit

    host = urlsplit(url).hostname or ""
    if host == "localhost" or host.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False
