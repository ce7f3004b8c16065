"""The `studio` command: no arguments opens the window; subcommands work headless."""

from __future__ import annotations

import argparse
import logging
import os
import sys
from pathlib import Path

from studio import APP_NAME, __version__
from studio.cli import remote as remote_cli
from studio.cli.terminal import safe_text
from studio.core.base.devices import device_plan
from studio.core.base.errors import (
    GenerationCancelled,
    InvalidRequestError,
    StudioError,
    set_language,
    tr,
)
from studio.core.base.paths import AppPaths, app_paths
from studio.core.base.settings import QUANTIZE_CHOICES, Settings, read_settings
from studio.core.generation.request import SAMPLERS, GenerationRequest, parse_outpaint, parse_seed
from studio.core.models.defaults import default_model, fill_family_defaults
from studio.core.models.lora_files import lora_folders

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
    _add_generate(commands.add_parser("generate", help="generate images without the window"))
    remote_cli.register(commands.choices["generate"])
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


def _add_generate(generate: argparse.ArgumentParser) -> None:
    generate.add_argument("--prompt", "-p", required=True, help="what to draw")
    generate.add_argument("--negative-prompt", "-n", default="", help="what to avoid")
    generate.add_argument(
        "--model",
        "-m",
        help="demo, a diffusers folder, a .safetensors file "
        "or a Hugging Face repo id (default: the setting, else SD-Turbo)",
    )
    generate.add_argument("--seed", "-s", default=None, help="0 … 2^64-1; -1 or empty = random")
    generate.add_argument("--steps", type=int, help="denoising steps (model default)")
    generate.add_argument("--guidance", "--cfg", type=float, help="CFG scale (model default)")
    generate.add_argument("--width", "-W", type=int, help="multiple of 8 (model default)")
    generate.add_argument("--height", "-H", type=int, help="multiple of 8 (model default)")
    generate.add_argument("--sampler", choices=SAMPLERS, help="model default if omitted")
    generate.add_argument("--count", "-c", type=int, default=1, help="images, seeds S, S+1, …")
    generate.add_argument("--init-image", "-i", help="image to transform (img2img)")
    generate.add_argument(
        "--strength",
        type=float,
        help="img2img: how much to change the image, 0–1 (default 0.6); needs --init-image",
    )
    _add_inpaint(generate)
    generate.add_argument(
        "--draft",
        action="store_true",
        help="fast, preview-quality decode (TAESD) when it is downloaded",
    )
    generate.add_argument("--out", "-o", type=Path, help="folder for the PNGs (default: gallery)")
    generate.add_argument("--device", help="auto, cuda, mps, xpu or cpu")
    generate.add_argument(
        "--quantize",
        choices=QUANTIZE_CHOICES,
        help="FLUX/SD3 transformer weights: int8 (torchao), nf4 (bitsandbytes, NVIDIA) or none",
    )
    generate.add_argument("--quiet", "-q", action="store_true", help="no progress output")


def _add_inpaint(generate: argparse.ArgumentParser) -> None:
    generate.add_argument(
        "--mask",
        help="inpaint: white = redraw, black = keep (the --init-image file itself: its "
        "transparent part); needs --init-image",
    )
    generate.add_argument(
        "--outpaint",
        help="extend the picture, e.g. left=128,bottom=256 (pixels, 0–512); needs --init-image",
    )
    generate.add_argument(
        "--mask-blur", type=int, help="inpaint: soft edge of the mask in pixels (default 4)"
    )
    generate.add_argument(
        "--inpaint-full-res",
        action="store_true",
        help="inpaint: redraw only a crop around the mask, at the model's size",
    )
    generate.add_argument(
        "--inpaint-padding", type=int, help="with --inpaint-full-res: context pixels (default 32)"
    )


def _inpaint_settings(args: argparse.Namespace) -> dict[str, object]:
    """The inpainting values the user gave; the rest keep the request's defaults."""
    settings: dict[str, object] = {"mask": args.mask, "inpaint_full_res": args.inpaint_full_res}
    if args.outpaint is not None:
        settings["outpaint"] = parse_outpaint(args.outpaint)
    if args.mask_blur is not None:
        settings["mask_blur"] = args.mask_blur
    if args.inpaint_padding is not None:
        settings["inpaint_padding"] = args.inpaint_padding
    return settings


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
    if args.command == "generate" and args.server:
        return remote_cli.run(args, paths, settings, _strength(args), _inpaint_settings(args))
    if args.command == "generate":
        return _generate(args, paths, settings)
    if args.command == "benchmark":
        return _benchmark(args, paths, settings)
    if args.headless or not _has_display():
        return _headless_demo(paths, settings)
    return _open_window(args)


def _generate(args: argparse.Namespace, paths: AppPaths, settings: Settings) -> int:
    from studio.cli import commands
    from studio.cli.models import print_progress
    from studio.core.generation.engine import Engine

    plan = device_plan(args.device, settings, args.quantize)
    model = args.model or default_model(settings, plan)
    given = commands.sampling_flags(args)
    request = GenerationRequest(
        prompt=args.prompt,
        negative_prompt=args.negative_prompt,
        model=model,
        seed=parse_seed(args.seed),
        count=args.count,
        init_image=args.init_image,
        strength=_strength(args),
        draft=args.draft,
        **_inpaint_settings(args),  # type: ignore[arg-type]
        **fill_family_defaults(model, given),  # type: ignore[arg-type]
    )
    out = args.out or (Path(settings.output_dir) if settings.output_dir else None)
    stream = None if args.quiet else sys.stderr
    engine = Engine(paths, plan, lora_folders(settings), on_download=print_progress)
    saved = commands.run_generate(request, engine, out, paths, stream)
    for path in saved:
        print(path)
    return 0


def _strength(args: argparse.Namespace) -> float:
    """--strength only means something for img2img: refuse it alone rather than ignore it."""
    if args.strength is None:
        return GenerationRequest.strength
    if not args.init_image:
        raise InvalidRequestError(
            "strength",
            "--strength only applies when transforming an image: add --init-image FILE, "
            "or leave --strength out to draw from the prompt alone.",
            "--strength solo se usa al transformar una imagen: añade --init-image ARCHIVO, "
            "o quita --strength para dibujar solo a partir del prompt.",
        )
    return float(args.strength)


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
    return _generate(
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
