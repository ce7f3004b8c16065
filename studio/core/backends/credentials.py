"""Server credentials in the OS keyring (service "lienzo-studio", key: the server's name);
where no usable keyring exists, in a file only the user can read, and the caller is told.

Never in settings.json, never in picture metadata, never in logs.
"""

from __future__ import annotations

import json
import logging
import os
from pathlib import Path
from typing import Any

from studio.core.backends.server_types import Credentials
from studio.core.base.atomic import atomic_open
from studio.core.base.errors import StudioError
from studio.core.base.keychain import usable_keyring

log = logging.getLogger(__name__)
SERVICE = "lienzo-studio"
FILE_NAME = "server-credentials.json"
_MAX_FILE_BYTES = 256 * 1024
_MAX_FIELD_CHARS = 4096


def credentials_file(config: Path) -> Path:
    """Where credentials go when there is no keyring (readable by the user only)."""
    return config / FILE_NAME


def file_notice(config: Path) -> tuple[str, str]:
    """What the user is told when credentials had to go to the file."""
    path = credentials_file(config)
    return (
        f"No system keyring is available: the credentials are kept in {path}, "
        "a file only your user can read.",
        f"No hay un llavero del sistema: las credenciales se guardan en {path}, "
        "un archivo que solo tu usuario puede leer.",
    )


def save_credentials(config: Path, name: str, credentials: Credentials) -> bool:
    """Store `credentials` for the server `name`; True when they went to the file."""
    text = json.dumps({"user": credentials.user, "secret": credentials.secret})
    if _keyring_call("set_password", SERVICE, name, text):
        _drop_from_file(config, name)
        return False
    stored = _read_file(config)
    stored[name] = {"user": credentials.user, "secret": credentials.secret}
    _write_file(config, stored)
    return True


def load_credentials(config: Path, name: str) -> Credentials | None:
    """The credentials stored for `name`, from the keyring or the file; None if none."""
    text = _keyring_call("get_password", SERVICE, name)
    if isinstance(text, str):
        try:
            return _credentials(json.loads(text))
        except (ValueError, RecursionError):
            log.warning("The keyring entry of a server is not ours; ignored")
    found = _read_file(config).get(name)
    return _credentials(found) if found is not None else None


def delete_credentials(config: Path, name: str) -> None:
    """Forget the credentials of `name` wherever they are."""
    _keyring_call("delete_password", SERVICE, name)
    _drop_from_file(config, name)


def _keyring_call(method: str, *args: str) -> Any:
    """A keyring call; None/False where no usable keyring exists (the caller falls back)."""
    keyring = usable_keyring()
    if keyring is None:
        return None
    from keyring.errors import KeyringError

    try:
        result = getattr(keyring, method)(*args)
    except (KeyringError, RuntimeError, OSError) as error:
        log.warning("Keyring %s failed (%s); using the credentials file", method, type(error))
        return None
    return True if result is None and method != "get_password" else result


def _credentials(raw: object) -> Credentials | None:
    if not isinstance(raw, dict):
        return None
    user, secret = raw.get("user", ""), raw.get("secret", "")
    if not isinstance(user, str) or not isinstance(secret, str):
        return None
    return Credentials(user[:_MAX_FIELD_CHARS], secret[:_MAX_FIELD_CHARS])


def _read_file(config: Path) -> dict[str, Any]:
    path = credentials_file(config)
    try:
        if path.stat().st_size > _MAX_FILE_BYTES:
            raise ValueError("too large")
        answer = json.loads(path.read_bytes())
    except FileNotFoundError:
        return {}
    except (OSError, ValueError, RecursionError) as error:
        log.warning("The server credentials file cannot be read (%s)", type(error).__name__)
        return {}
    return answer if isinstance(answer, dict) else {}


def _drop_from_file(config: Path, name: str) -> None:
    stored = _read_file(config)
    if name in stored:
        del stored[name]
        _write_file(config, stored)


def _write_file(config: Path, stored: dict[str, Any]) -> None:
    data = json.dumps(stored, indent=1).encode()
    path = credentials_file(config)
    try:
        with atomic_open(path) as handle:  # mkstemp: the file is 0600 from its first byte
            handle.write(data)
        os.chmod(path, 0o600)
    except OSError as error:
        raise StudioError(
            f"Cannot save the server credentials in {path}: {error.strerror or error}.",
            f"No se pueden guardar las credenciales del servidor en {path}: "
            f"{error.strerror or error}.",
        ) from None
