"""`studio servers add|list|test|remove`: the remote servers jobs can run on (ComfyUI or
A1111-API), kept in servers.json; their credentials in the system keyring."""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING

from studio.cli.terminal import safe_text
from studio.core.base.errors import InvalidRequestError, tr
from studio.core.base.progress import format_size

if TYPE_CHECKING:
    from studio.core.backends.servers import Credentials, ServerInfo, ServerList
    from studio.core.base.paths import AppPaths
    from studio.core.base.settings import Settings

MAX_SECRET_CHARS = 4096
_SHOWN_MODELS = 20


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the `servers` command and its actions to the CLI's subparsers."""
    servers = subparsers.add_parser(
        "servers", help="ComfyUI and A1111-API servers to generate on (studio generate --server)"
    )
    actions = servers.add_subparsers(dest="servers_command", required=True)
    add = actions.add_parser("add", help="add a server by URL (its kind is detected)")
    add.add_argument("url", help="e.g. http://gpu-box:8188 or https://…")
    add.add_argument("--name", help="what to call it (default: host:port)")
    add.add_argument("--user", help="Basic auth user; the password is read from stdin")
    add.add_argument(
        "--password-stdin", action="store_true", help="with --user: read the password from stdin"
    )
    add.add_argument("--token-stdin", action="store_true", help="read a bearer token from stdin")
    actions.add_parser("list", help="the servers added")
    test = actions.add_parser("test", help="version, GPU, VRAM and models of a server")
    test.add_argument("name", help="its name or URL")
    remove = actions.add_parser("remove", help="forget a server and its credentials")
    remove.add_argument("name")


def run(args: argparse.Namespace, paths: AppPaths, settings: Settings) -> int:
    """Run one `studio servers` action; errors surface as StudioError for the CLI to print."""
    from studio.core.backends.servers import ServerList

    servers = ServerList(paths)
    action = {"add": _add, "list": _list, "test": _test, "remove": _remove}
    code = action[args.servers_command](args, servers)
    if servers.notice is not None:
        warn(str(servers.notice))
    return code


def warn(text: str) -> None:
    """One warning line on stderr, control characters escaped."""
    print(tr("Warning: ", "Aviso: ") + safe_text(text), file=sys.stderr)


def warn_if_insecure(url: str) -> None:
    """Tell the user once when jobs and passwords would cross the network unencrypted."""
    from studio.core.backends.servers import insecure_warning

    warning = insecure_warning(url)
    if warning is not None:
        warn(tr(*warning))


def _add(args: argparse.Namespace, servers: ServerList) -> int:
    credentials = _credentials(args)
    warn_if_insecure(args.url)  # before anything, password included, is sent
    entry = servers.add(args.url, args.name, credentials)
    if servers.credentials_notice is not None:
        warn(tr(*servers.credentials_notice))
    kind = _kind_name(entry.kind)
    added = tr(
        f"Added {entry.name}: {kind} at {entry.url}", f"Añadido {entry.name}: {kind} en {entry.url}"
    )
    print(safe_text(added))
    return 0


def _credentials(args: argparse.Namespace) -> Credentials | None:
    from studio.core.backends.servers import Credentials

    if args.password_stdin and args.token_stdin:
        raise _flag_error(
            "Give either --user with --password-stdin or --token-stdin, not both.",
            "Da --user con --password-stdin o bien --token-stdin, no los dos.",
        )
    if bool(args.user) != bool(args.password_stdin):
        raise _flag_error(
            "--user and --password-stdin go together (the password is read from stdin).",
            "--user y --password-stdin van juntos (la contraseña se lee de la entrada estándar).",
        )
    if args.user:
        return Credentials(args.user, _read_secret())
    return Credentials(secret=_read_secret()) if args.token_stdin else None


def _read_secret() -> str:
    """One line from stdin (never echoed, never an argument other users could see)."""
    line = sys.stdin.readline(MAX_SECRET_CHARS + 2).rstrip("\r\n")
    if not line or len(line) > MAX_SECRET_CHARS:
        raise _flag_error(
            f"Expected the password or token on stdin: one line of 1 to {MAX_SECRET_CHARS} "
            "characters.",
            f"Se esperaba la contraseña o el token en la entrada estándar: una línea de 1 a "
            f"{MAX_SECRET_CHARS} caracteres.",
        )
    return line


def _flag_error(en: str, es: str) -> InvalidRequestError:
    return InvalidRequestError("servers", en, es)


def _list(args: argparse.Namespace, servers: ServerList) -> int:
    entries = servers.entries()
    if not entries:
        print(
            tr(
                "No servers yet. Add one with `studio servers add http://host:port`.",
                "Aún no hay servidores. Añade uno con `studio servers add http://host:puerto`.",
            )
        )
    for entry in entries:
        auth = "" if entry.auth == "none" else f"  [{entry.auth}]"
        print(safe_text(f"{entry.name}  {_kind_name(entry.kind)}  {entry.url}{auth}"))
    return 0


def _test(args: argparse.Namespace, servers: ServerList) -> int:
    from studio.core.backends.servers import probe

    entry = servers.find(args.name)
    url = entry.url if entry is not None else args.name
    credentials = servers.credentials(entry) if entry is not None else None
    if entry is None:
        warn_if_insecure(url)
    for line in describe(probe(url, credentials)):
        print(safe_text(line))
    return 0


def describe(info: ServerInfo) -> list[str]:
    """What `studio servers test` prints: version, GPU, VRAM, then the models."""
    unknown = tr("unknown", "desconocido")
    vram = format_size(info.vram_bytes) if info.vram_bytes else unknown
    lines = [
        f"{tr('Kind', 'Tipo')}: {_kind_name(info.kind)}",
        f"{tr('Version', 'Versión')}: {info.version or unknown}",
        f"GPU: {info.gpu or unknown}",
        f"VRAM: {vram}",
    ]
    for title, names in ((tr("Checkpoints", "Modelos"), info.checkpoints), ("LoRAs", info.loras)):
        lines.append(f"{title} ({len(names)}):")
        lines += [f"  {name}" for name in names[:_SHOWN_MODELS]]
        if len(names) > _SHOWN_MODELS:
            more = len(names) - _SHOWN_MODELS
            lines.append(tr(f"  … and {more} more", f"  … y {more} más"))
    return lines


def _remove(args: argparse.Namespace, servers: ServerList) -> int:
    servers.remove(args.name)
    print(safe_text(tr(f"Removed {args.name}.", f"Quitado {args.name}.")))
    return 0


def _kind_name(kind: str) -> str:
    from studio.core.backends.server_types import KIND_NAMES

    return KIND_NAMES.get(kind, kind)
