"""Engine overhead, preview cost and peak memory against calling diffusers directly.

Same model (real SD-Turbo / SD 2.1 architecture, random weights, saved once as a diffusers
folder), same request, same machine, interleaved runs. Prints a table and appends it to
docs/performance.md.   Usage: python benchmarks/engine_vs_diffusers.py [--size 512] [--runs 2]
"""

from __future__ import annotations

import argparse
import resource
import statistics
import time
from pathlib import Path

import torch
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
    started = time.perf_counter()
    pipe(
        prompt=request.prompt,
        num_inference_steps=request.steps,  # type: ignore[operator]
        guidance_scale=request.guidance,
        width=request.width,
        height=request.height,
        generator=torch.Generator("cpu").manual_seed(request.seed or 0),
    )
    return time.perf_counter() - started


def time_engine(engine: Engine, request: GenerationRequest, preview: bool) -> float:
    started = time.perf_counter()
    for _ in engine.generate(request, on_step=lambda _p: None, preview=preview):
        pass
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--size", type=int, default=512)
    parser.add_argument("--steps", type=int, default=4)
    parser.add_argument("--runs", type=int, default=2)
    args = parser.parse_args()
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
        machine_line(f"Engine vs raw diffusers on {device}"),
        f"SD-Turbo architecture (random weights), {args.size}², {args.steps} steps, median of "
        f"{args.runs} interleaved runs.",
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
