"""The `studio` command: no arguments opens the window; subcommands work headless."""

from __future__ import annotations

import argparse
import logging
import os
import sys
from pathlib import Path

from studio import APP_NAME, __version__
from studio.cli import generate as generate_cli
from studio.cli.terminal import safe_text
from studio.core.base.devices import device_plan
from studio.core.base.errors import GenerationCancelled, StudioError, set_language, tr
from studio.core.base.paths import AppPaths, app_paths
from studio.core.base.settings import Settings, read_settings

HEADLESS_PROMPT = "un faro al atardecer"


class _HelpFormatter(argparse.HelpFormatter):
    """Wraps prose as usual, but keeps a text with line breaks (the folder list) as written."""

    def _fill_text(self, text: str, width: int, indent: str) -> str:
        if "\n" in text:
            return "".join(indent + line for line in text.splitlines(keepends=True))
        return super()._fill_text(text, width, indent)


def build_parser(home: str | None = None) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="studio",
        description=f"{APP_NAME}: create images with Stable Diffusion on your own computer. "
        "Without a subcommand it opens the window (or, with no display, makes a demo image).",
        epilog=_folders_help(home),
        formatter_class=_HelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"{APP_NAME} {__version__}")
    parser.add_argument("--home", help="keep settings, cache and gallery in this folder")
    parser.add_argument("--lang", choices=("es", "en"), help="language of messages")
    parser.add_argument(
        "--headless", action="store_true", help="no window: generate one image with the demo model"
    )
    parser.add_argument("--verbose", action="store_true", help="log details to stderr")
    commands = parser.add_subparsers(dest="command")
    from studio.cli import models as models_cli

    models_cli.register(commands)
    generate_cli.register(commands)
    devices = commands.add_parser("devices", help="what hardware was found and what will be used")
    devices.add_argument("--device", help="auto, cuda, mps, xpu or cpu")
    bench = commands.add_parser(
        "benchmark", help="will a model run here, and how fast? (no download)"
    )
    bench.add_argument(
        "--family",
        default="sd-turbo",
        choices=(
            *("sd1", "sd2", "sdxl", "sd-turbo", "sdxl-turbo"),
            *("flux", "flux-schnell", "flux-dev", "sd3", "sd3-turbo"),
        ),
        help="flux is FLUX.1 schnell; sd3 is SD 3.5 Medium, sd3-turbo SD 3.5 Large Turbo",
    )
    bench.add_argument("--width", "-W", type=int, help="default: the family's size")
    bench.add_argument("--height", "-H", type=int, help="default: the family's size")
    bench.add_argument("--steps", type=int, help="default: the family's steps")
    bench.add_argument("--device", help="auto, cuda, mps, xpu or cpu")
    params = commands.add_parser("params", help="print the generation settings inside an image")
    params.add_argument("file", type=Path)
    params.add_argument("--json", action="store_true", help="as JSON")
    from studio.cli.gallery import register as register_gallery

    register_gallery(commands)
    from studio.cli import serve as serve_cli

    serve_cli.register(commands)
    from studio.cli import servers as servers_cli

    servers_cli.register(commands)
    return parser


def _folders_help(home: str | None) -> str:
    """The folders in use, for `studio --help` (README points there)."""
    from studio.core.models.downloads import hf_cache_dir

    paths = app_paths(home)
    rows = [
        (tr("settings", "ajustes"), paths.config),
        (tr("data", "datos"), paths.data),
        (tr("cache", "caché"), paths.cache),
        (tr("logs", "registros"), paths.logs),
        (tr("gallery", "galería"), paths.gallery),
        (tr("models", "modelos"), tr(f"{hf_cache_dir()} (Hugging Face's cache: HF_HOME)",
                                     f"{hf_cache_dir()} (caché de Hugging Face: HF_HOME)")),
    ]  # fmt: skip
    head = tr(
        "Folders in use (--home DIR or STUDIO_HOME=DIR moves the app's own folders into DIR):",
        "Carpetas en uso (--home DIR o STUDIO_HOME=DIR lleva las de la aplicación a DIR):",
    )
    return "\n".join([head, *(f"  {name:<10} {folder}" for name, folder in rows)])


def _early_options(argv: list[str] | None) -> argparse.Namespace:
    """--home and --lang before the full parse: --help lists those folders in that language."""
    early = argparse.ArgumentParser(prog="studio", add_help=False, exit_on_error=False)
    early.add_argument("--home")
    early.add_argument("--lang")  # a bad value is left for the full parse to explain
    try:
        return early.parse_known_args(argv)[0]
    except argparse.ArgumentError:
        return argparse.Namespace(home=None, lang=None)


def main(argv: list[str] | None = None) -> int:
    try:
        try:
            return _run(argv)
        finally:
            if sys.stdout is not None:
                sys.stdout.flush()  # a closed pipe shows here, not as a traceback at exit
    except BrokenPipeError:
        return _stdout_closed()


def _stdout_closed() -> int:
    """The reader went away (`studio … | head`): stop quietly, as other command-line tools do."""
    try:
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):  # no real file behind stdout
        sys.stdout = open(os.devnull, "w", encoding="utf-8")  # noqa: SIM115
    return 141  # 128 + SIGPIPE: what a shell reports for a tool stopped by a closed pipe


def _run(argv: list[str] | None) -> int:
    _ensure_streams()
    early = _early_options(argv)
    set_language(early.lang)
    args = build_parser(early.home).parse_args(argv)
    logging.basicConfig(level=logging.INFO if args.verbose else logging.WARNING)
    _quiet_libraries(args.verbose)
    paths = app_paths(args.home)
    read = read_settings(paths.settings_file)
    settings = read.settings
    set_language(args.lang or (settings.language if settings.language != "system" else None))
    if read.problem is not None:  # the window repairs the file; the command line only reads
        print(tr("Warning: ", "Aviso: ") + safe_text(read.problem), file=sys.stderr)
    try:
        return _dispatch(args, paths, settings)
    except StudioError as exc:
        # Messages may quote file names and values read from files: escape control characters.
        print(tr("Error: ", "Error: ") + safe_text(exc), file=sys.stderr)
        return 2
    except (KeyboardInterrupt, GenerationCancelled):
        print(tr("\nCancelled.", "\nCancelado."), file=sys.stderr)
        return 130


def _dispatch(args: argparse.Namespace, paths: AppPaths, settings: Settings) -> int:
    from studio.cli import commands

    if args.command == "devices":
        print(commands.describe_devices(device_plan(args.device, settings), settings))
        return 0
    if args.command == "params":
        from studio.cli import params

        return params.run(args)
    if args.command == "models":
        from studio.cli import models as models_cli

        return models_cli.run(args, paths, settings)
    if args.command == "gallery":
        from studio.cli import gallery as gallery_cli

        return gallery_cli.run(args, paths, settings)
    if args.command == "serve":
        from studio.cli import serve as serve_cli

        return serve_cli.run(args, paths, settings)
    if args.command == "servers":
        from studio.cli import servers as servers_cli

        return servers_cli.run(args, paths, settings)
    if args.command == "generate":
        return generate_cli.run(args, paths, settings)
    if args.command == "benchmark":
        return _benchmark(args, paths, settings)
    if args.headless or not _has_display():
        return _headless_demo(paths, settings)
    return _open_window(args)


def _benchmark(args: argparse.Namespace, paths: AppPaths, settings: Settings) -> int:
    from studio.core.models.families import FAMILIES
    from studio.core.models.library import measure_family

    plan = device_plan(args.device, settings)
    key = "flux-schnell" if args.family == "flux" else args.family
    family = FAMILIES[key]
    print(
        tr(
            f"Measuring one step of {family.label} with random weights on {plan.label}…",
            f"Midiendo un paso de {family.label} con pesos aleatorios en {plan.label}…",
        ),
        file=sys.stderr,
    )
    size = (args.width or family.width, args.height or family.height)
    # Cached at the family's own size: the Models dialog's "Time per image" shows it.
    report = measure_family(paths, plan, key, size, args.steps, _print_phase)
    print(report.summary())
    return 0


def _print_phase(number: int, total: int, what: str) -> None:
    """One line per phase of `studio benchmark`: building a big model takes a while."""
    print(tr(f"[{number}/{total}] Measuring {what}…", f"[{number}/{total}] Midiendo {what}…"),
          file=sys.stderr, flush=True)  # fmt: skip


def _headless_demo(paths: AppPaths, settings: Settings) -> int:
    print(
        tr(
            "No display (or --headless): generating one image with the demo model.",
            "Sin pantalla (o --headless): generando una imagen con el modelo demo.",
        ),
        file=sys.stderr,
    )
    return generate_cli.run(
        build_parser().parse_args(["generate", "--model", "demo", "--prompt", HEADLESS_PROMPT]),
        paths,
        settings,
    )


def _has_display() -> bool:
    if sys.platform.startswith("linux"):
        return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))
    return True


def _open_window(args: argparse.Namespace) -> int:
    try:
        from studio.ui.app import run_app
    except ImportError as exc:
        print(
            tr(
                f"The window cannot start ({exc}). Use `studio generate` meanwhile.",
                f"La ventana no puede abrirse ({exc}). Usa `studio generate` mientras tanto.",
            ),
            file=sys.stderr,
        )
        return 1
    return run_app(args.home, args.lang)  # --lang es: the window in Spanish too


def _ensure_streams() -> None:
    # A windowed build (pythonw, the Windows gui-script) has no stdout/stderr: tqdm, logging
    # and print would crash on None. Send them to a log file instead.
    if sys.stdout is not None and sys.stderr is not None:
        return
    logs = app_paths().logs
    logs.mkdir(parents=True, exist_ok=True)
    stream = open(logs / "studio.log", "a", encoding="utf-8", buffering=1)  # noqa: SIM115
    sys.stdout = sys.stdout or stream
    sys.stderr = sys.stderr or stream


def _quiet_libraries(verbose: bool) -> None:
    # Library progress bars and advice would drown our own per-step progress line.
    os.environ.setdefault("TRANSFORMERS_VERBOSITY", "info" if verbose else "error")
    os.environ.setdefault("DIFFUSERS_VERBOSITY", "info" if verbose else "error")
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
