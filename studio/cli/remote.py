"""`studio generate --server URL`: the same job on a ComfyUI server; the pictures and their
settings land in the local gallery like local ones."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from studio.core.base.errors import InvalidRequestError
from studio.core.generation.request import GenerationRequest, parse_seed

if TYPE_CHECKING:
    from studio.core.base.paths import AppPaths
    from studio.core.base.settings import Settings

# What a remote SD model is asked for when the user leaves a value out (an SD1.5-like model):
# the local family defaults describe local models, not the server's.
REMOTE_DEFAULTS = {"steps": 20, "guidance": 7.0, "width": 512, "height": 512, "sampler": "Euler a"}


def register(generate: argparse.ArgumentParser) -> None:
    """Add `--server` to `studio generate`."""
    generate.add_argument(
        "--server",
        metavar="URL",
        help="run on a ComfyUI server, e.g. http://gpu-box:8188 (--model: its checkpoint; "
        "default: its first)",
    )


def run(args: argparse.Namespace, paths: AppPaths, settings: Settings, strength: float) -> int:
    """Generate on the server, save into the gallery (or --out), print the paths."""
    from studio.cli import commands
    from studio.core.backends.comfy import ComfyBackend

    if getattr(args, "mask", None) or getattr(args, "outpaint", None):
        raise InvalidRequestError(
            "server",
            "Inpainting on a server is not supported yet; leave out --mask/--outpaint.",
            "Aún no se puede retocar (inpainting) en un servidor; quita --mask/--outpaint.",
        )
    given = commands.sampling_flags(args)
    values = {key: given[key] if given[key] is not None else REMOTE_DEFAULTS[key] for key in given}
    request = GenerationRequest(
        prompt=args.prompt,
        negative_prompt=args.negative_prompt,
        model=args.model or "",
        seed=parse_seed(args.seed),
        count=args.count,
        init_image=args.init_image,
        strength=strength,
        **values,  # type: ignore[arg-type]
    )
    out = args.out or (Path(settings.output_dir) if settings.output_dir else None)
    backend = ComfyBackend(args.server)
    try:
        saved = commands.run_generate(
            request, backend, out, paths, None if args.quiet else sys.stderr
        )
    finally:
        backend.close()
    for path in saved:
        print(path)
    return 0
