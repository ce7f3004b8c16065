"""`studio generate --server NAME_OR_URL`: the same job on a ComfyUI or A1111-API server; the
pictures and their settings land in the local gallery like local ones."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from studio.core.generation.request import GenerationRequest, parse_seed

if TYPE_CHECKING:
    from studio.core.backends.base import Backend
    from studio.core.base.paths import AppPaths
    from studio.core.base.settings import Settings

# What a remote SD model is asked for when the user leaves a value out (an SD1.5-like model):
# the local family defaults describe local models, not the server's.
REMOTE_DEFAULTS = {"steps": 20, "guidance": 7.0, "width": 512, "height": 512, "sampler": "Euler a"}


def register(generate: argparse.ArgumentParser) -> None:
    """Add `--server` to `studio generate`."""
    generate.add_argument(
        "--server",
        metavar="NAME_OR_URL",
        help="run on a server added with `studio servers add`, or on a ComfyUI or A1111-API "
        "server's URL, e.g. http://gpu-box:8188 (--model: its checkpoint; default: its own)",
    )


def run(
    args: argparse.Namespace,
    paths: AppPaths,
    settings: Settings,
    strength: float,
    inpaint: dict[str, Any],
) -> int:
    """Generate on the server, save into the gallery (or --out), print the paths."""
    from studio.cli import commands

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
        **inpaint,
        **values,
    )
    out = args.out or (Path(settings.output_dir) if settings.output_dir else None)
    backend = backend_for_argument(args.server, paths)
    try:
        saved = commands.run_generate(
            request, backend, out, paths, None if args.quiet else sys.stderr
        )
    finally:
        backend.close()
    for path in saved:
        print(path)
    return 0


def backend_for_argument(value: str, paths: AppPaths) -> Backend:
    """The server added under this name (or URL), else the URL itself, probed for its kind."""
    from studio.cli.servers import warn, warn_if_insecure
    from studio.core.backends.a1111 import A1111Backend
    from studio.core.backends.comfy import ComfyBackend
    from studio.core.backends.servers import ServerList, backend_for, probe

    servers = ServerList(paths)
    entry = servers.find(value)
    if servers.notice is not None:
        warn(str(servers.notice))
    if entry is not None:
        return backend_for(entry, paths)
    warn_if_insecure(value)  # a listed server was flagged when it was added
    info = probe(value)
    if info.kind == "a1111":
        return A1111Backend(value)
    return ComfyBackend(value)
