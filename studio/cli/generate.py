"""`studio generate`: its options, the request they make (family defaults filled in, --strength
and the inpainting values checked) and the job run here, or on a server with --server."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from studio.cli import remote as remote_cli
from studio.core.base.devices import device_plan
from studio.core.base.errors import InvalidRequestError
from studio.core.base.settings import QUANTIZE_CHOICES
from studio.core.generation.request import SAMPLERS, GenerationRequest, parse_outpaint, parse_seed
from studio.core.models.defaults import default_model, fill_family_defaults
from studio.core.models.lora_files import lora_folders

if TYPE_CHECKING:
    from studio.core.base.paths import AppPaths
    from studio.core.base.settings import Settings


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add `studio generate` (with --server for a remote job)."""
    generate = commands.add_parser("generate", help="generate images without the window")
    _add_options(generate)
    remote_cli.register(generate)


def run(args: argparse.Namespace, paths: AppPaths, settings: Settings) -> int:
    """Make the pictures (here, or on --server), save them and print their paths."""
    if args.server:
        return remote_cli.run(args, paths, settings, _strength(args), _inpaint_settings(args))
    return _generate_here(args, paths, settings)


def _add_options(generate: argparse.ArgumentParser) -> None:
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


def _generate_here(args: argparse.Namespace, paths: AppPaths, settings: Settings) -> int:
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
