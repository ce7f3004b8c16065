"""`studio serve`: the AUTOMATIC1111-compatible local API, headless (no Qt is imported)."""

from __future__ import annotations

import argparse
import logging
import signal
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from studio.core.base.errors import tr

if TYPE_CHECKING:
    from types import FrameType

    import uvicorn

    from studio.core.base.paths import AppPaths
    from studio.core.base.settings import Settings
    from studio.core.generation.engine import Engine

DEFAULT_PORT = 7860


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the `serve` command to the CLI's subparsers."""
    serve = subparsers.add_parser(
        "serve", help="let other programs use Lienzo through AUTOMATIC1111's API"
    )
    serve.add_argument("--port", type=int, default=DEFAULT_PORT, help="default: 7860")
    serve.add_argument(
        "--listen", action="store_true", help="accept other computers (needs --api-auth)"
    )
    serve.add_argument("--api-auth", help="user:password[,user2:password2] (HTTP Basic)")
    serve.add_argument(
        "--api-auth-file",
        type=Path,
        help="a file with one user:password a line (not shown in the process list)",
    )
    serve.add_argument(
        "--cors-allow-origins", help="comma-separated origins allowed to call from a browser"
    )
    serve.add_argument("--model", "-m", help="installed model to start with (default: setting)")
    serve.add_argument("--device", help="auto, cuda, mps, xpu or cpu")


def run(args: argparse.Namespace, paths: AppPaths, settings: Settings) -> int:
    """Check the exposure, then serve until Ctrl+C; errors surface as StudioError."""
    import uvicorn

    from studio.server.app import create_app
    from studio.server.context import ServerConfig
    from studio.server.jobs import JobRunner
    from studio.server.listen import bind_port
    from studio.server.security import check_exposure, parse_credentials

    host = "0.0.0.0" if args.listen else "127.0.0.1"
    credentials = parse_credentials(args.api_auth, args.api_auth_file)
    check_exposure(host, credentials)
    origins = tuple(o.strip() for o in (args.cors_allow_origins or "").split(",") if o.strip())
    model = _start_model(args, paths, settings)
    _warn_if_missing(model, paths, settings)
    limits = ServerConfig(credentials=credentials, cors_origins=origins)
    sock = bind_port(host, args.port)  # a taken port: PortInUse, exit code 2, no traceback
    runner = JobRunner(_engine_factory(args, paths, settings), paths.gallery)
    app = create_app(paths, settings, runner, model, limits)
    print(
        tr(
            f"Lienzo API on http://{host}:{args.port}/sdapi/v1 (docs: /docs). Ctrl+C stops it.",
            f"API de Lienzo en http://{host}:{args.port}/sdapi/v1 (documentación: /docs). "
            "Ctrl+C la detiene.",
        ),
        file=sys.stderr,
        flush=True,
    )
    level = "info" if logging.getLogger().level <= logging.INFO else "warning"
    config = uvicorn.Config(app, host=host, port=args.port, log_level=level)
    server = _server(config, runner.stop_accepting)
    with sock:
        server.run(sockets=[sock])
    # uvicorn re-raises the Ctrl+C it caught once it has shut down, but inside asyncio's runner
    # that KeyboardInterrupt can be lost when the last task ends first (exit 0 under load): the
    # code shells expect for Ctrl+C should not depend on that race.
    if signal.SIGINT in getattr(server, "stopped_by", ()):
        print(tr("\nCancelled.", "\nCancelado."), file=sys.stderr)
        return 130
    return 0


def _server(config: uvicorn.Config, on_exit: Callable[[], None]) -> uvicorn.Server:
    import uvicorn

    class StoppingServer(uvicorn.Server):
        """Ctrl+C stops the running job within a step, instead of waiting for it to end."""

        stopped_by: tuple[int, ...] = ()  # the signals that stopped it

        def handle_exit(self, sig: int, frame: FrameType | None) -> None:
            self.stopped_by = (*self.stopped_by, sig)
            on_exit()  # uvicorn waits for open requests to end: end them first
            super().handle_exit(sig, frame)

    return StoppingServer(config)


def _start_model(args: argparse.Namespace, paths: AppPaths, settings: Settings) -> str:
    """--model among installed models, else the default model (the setting or the catalog's)."""
    from studio.server.catalog import resolve_title

    if args.model:
        return resolve_title(args.model, paths, settings)
    from studio.core.base.devices import device_plan
    from studio.core.models.defaults import default_model

    return default_model(settings, device_plan(args.device, settings))


def _warn_if_missing(model: str, paths: AppPaths, settings: Settings) -> None:
    """The default model may not be downloaded: say so now rather than at the first request."""
    from studio.server.catalog import installed

    if any(entry.ref == model for entry in installed(paths, settings)):
        return
    print(
        tr(
            f"Note: {model} is not on this computer; requests will fail until it is downloaded "
            f"(`studio models download {model}`) or another model is chosen (--model demo).",
            f"Nota: {model} no está en este ordenador; las peticiones fallarán hasta descargarlo "
            f"(`studio models download {model}`) o elegir otro modelo (--model demo).",
        ),
        file=sys.stderr,
    )


def _engine_factory(
    args: argparse.Namespace, paths: AppPaths, settings: Settings
) -> Callable[[], Engine]:
    from studio.server.embedded import local_engine_factory

    return local_engine_factory(paths, settings, args.device)
