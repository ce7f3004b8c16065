"""Engine overhead, preview cost and peak memory against calling diffusers directly.

Same model (real SD-Turbo / SD 2.1 architecture, random weights, saved once as a diffusers
folder), same request, same machine, interleaved runs. Prints a table and appends it to
docs/performance.md.   Usage: python benchmarks/engine_vs_diffusers.py [--size 512] [--runs 2]
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import time
from dataclasses import replace
from pathlib import Path

import torch
from PIL import Image
from report import machine_line, publish  # benchmarks/ sibling

from studio.core.base.devices import choose_device, probe_devices
from studio.core.base.paths import app_paths
from studio.core.generation.engine import Engine
from studio.core.generation.request import GenerationRequest
from studio.core.models.reference import build_pipeline


def reference_folder(cache: Path, family: str) -> Path:
    folder = cache / f"reference-{family}"
    if not (folder / "model_index.json").is_file():
        print(f"building a random-weights {family} pipeline in {folder} (once)…", flush=True)
        torch.manual_seed(0)
        build_pipeline(family).save_pretrained(folder, safe_serialization=True)
    return folder


def time_raw(pipe: object, request: GenerationRequest) -> float:
    started = clock()
    size: dict[str, object] = {"width": request.width, "height": request.height}
    if request.init_image:  # the img2img pipeline: the picture and strength, no size
        image = Image.open(request.init_image).convert("RGB")
        size = {"image": image, "strength": request.strength}
    pipe(
        prompt=request.prompt,
        num_inference_steps=request.steps,  # type: ignore[operator]
        guidance_scale=request.guidance,
        generator=torch.Generator("cpu").manual_seed(request.seed or 0),
        **size,
    )
    return clock() - started


def img2img_inputs(folder: Path, size: int) -> Path:
    """A noise picture to start from (what it shows does not change the time)."""
    picture = folder / f"init-{size}.png"
    if not picture.is_file():
        pixels = torch.randint(0, 256, (size, size, 3), dtype=torch.uint8).numpy()
        Image.fromarray(pixels).save(picture)
    return picture


def time_engine(engine: Engine, request: GenerationRequest, preview: bool) -> float:
    started = clock()
    for _ in engine.generate(request, on_step=lambda _p: None, preview=preview):
        pass
    return clock() - started


def clock() -> float:
    """Wall-clock seconds, or with --cpu-time the process's CPU seconds (all its threads): on
    a machine shared with other jobs, the work done rather than the turns waited for a core."""
    return time.process_time() if CPU_TIME else time.perf_counter()


CPU_TIME = False


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--size", type=int, default=512)
    parser.add_argument("--steps", type=int, default=4)
    parser.add_argument("--runs", type=int, default=2)
    parser.add_argument("--img2img", action="store_true", help="strength 0.5, vs diffusers img2img")
    parser.add_argument("--cpu-time", action="store_true", help="CPU seconds instead of wall")
    args = parser.parse_args()
    global CPU_TIME
    CPU_TIME = args.cpu_time
    paths = app_paths()
    folder = reference_folder(paths.cache / "benchmarks", "sd-turbo")
    engine = Engine(paths, choose_device(probe_devices(), "auto"))
    request = GenerationRequest(
        prompt="un faro al atardecer",
        model=str(folder),
        seed=1,
        steps=args.steps,
        guidance=0.0,
        width=args.size,
        height=args.size,
        sampler="Euler a",
    )
    raw_pipe = engine.load(str(folder)).pipeline  # the very same loaded weights
    if args.img2img:
        from diffusers import StableDiffusionImg2ImgPipeline

        init = img2img_inputs(folder.parent, args.size)
        request = replace(request, init_image=str(init), strength=0.5)
        raw_pipe = StableDiffusionImg2ImgPipeline(**raw_pipe.components)
        raw_pipe.set_progress_bar_config(disable=True)
    time_engine(engine, request, False)  # warm-up
    raw, ours, ours_preview = [], [], []
    for _ in range(args.runs):
        raw.append(time_raw(raw_pipe, request))
        ours.append(time_engine(engine, request, False))
        ours_preview.append(time_engine(engine, request, True))
    report(args, engine.plan.label, raw, ours, ours_preview)


def report(
    args: argparse.Namespace, device: str, raw: list[float], ours: list[float], preview: list[float]
) -> None:
    raw_s, ours_s, prev_s = (statistics.median(v) for v in (raw, ours, preview))
    peak_gb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 2**20
    lines = [
        machine_line(f"Engine vs raw diffusers{' img2img' if args.img2img else ''} on {device}"),
        f"SD-Turbo architecture (random weights), {args.size}², {args.steps} steps"
        f"{' at strength 0.5' if args.img2img else ''}, median of {args.runs} interleaved runs"
        f"{', in CPU seconds of the process' if args.cpu_time else ''}; load average "
        f"{os.getloadavg()[0]:.1f} at the end.",
        "",
        "| run | seconds | ratio |",
        "|---|---|---|",
        f"| diffusers pipeline call | {raw_s:.2f} | 1.00 |",
        f"| engine, previews off | {ours_s:.2f} | {ours_s / raw_s:.3f} |",
        f"| engine, preview every step | {prev_s:.2f} | {prev_s / raw_s:.3f} |",
        "",
        f"Preview cost per step: {(prev_s - ours_s) / args.steps * 1000:.1f} ms "
        f"({(prev_s - ours_s) / ours_s * 100:.1f}% of a step). Peak RSS of the process "
        f"(both share the weights): {peak_gb:.1f} GB.",
        "",
    ]
    publish("\n".join(lines))


if __name__ == "__main__":
    main()
