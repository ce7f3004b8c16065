"""Engine overhead, preview cost and peak memory against calling diffusers directly.

Same model (real SD-Turbo / SD 2.1 architecture, random weights, saved once as a diffusers
folder), same request, same machine, interleaved runs. Prints a table and appends it to
docs/performance.md unless --no-write.
Usage: python benchmarks/engine_vs_diffusers.py [--size 512] [--runs 2] [--img2img | --inpaint]
On a machine shared with other work, add --cpu-time --threads 1: CPU seconds of one thread.

--inpaint compares the engine's inpainting with diffusers' StableDiffusionInpaintPipeline
built from the same loaded components: the same picture, a mask over the middle half (a band
across the picture), strength, steps, seed and sampler; mask blur 0 on both sides and the whole
picture drawn (not the engine's "masked area only at full resolution"). With the folder's
4-channel UNet both sides blend latents: diffusers' pipeline noises the picture's latents to
each step and keeps them outside the mask; the engine calls that same pipeline (output_type
latent) and decodes the latents itself (the plan's decode precision, a NaN check), so both
encode with the VAE twice (the picture, and the masked picture that a 4-channel UNet never
reads), run int(steps × strength) UNet calls and decode once. The
call counts are measured with forward hooks and printed. The engine's extra work is pasting
the result over the original through the mask (so unmasked pixels keep their exact values, no
VAE round trip): it is timed on its own and printed. --nine-channel does the same with a
9-channel inpainting UNet (the same folder, its UNet rebuilt with 9 input channels).
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path
from typing import Any

import torch
from PIL import Image
from report import machine_line, publish  # benchmarks/ sibling

from studio.core.base.devices import choose_device, probe_devices
from studio.core.base.paths import app_paths
from studio.core.generation.engine import Engine
from studio.core.generation.inpaint import prepare_inpaint
from studio.core.generation.request import GenerationRequest
from studio.core.generation.samplers import make_scheduler
from studio.core.models.reference import build_pipeline

COUNTED = ("unet", "vae encoder", "vae decoder", "text encoder")


def reference_folder(cache: Path, family: str) -> Path:
    folder = cache / f"reference-{family}"
    if not (folder / "model_index.json").is_file():
        print(f"building a random-weights {family} pipeline in {folder} (once)…", flush=True)
        torch.manual_seed(0)
        build_pipeline(family).save_pretrained(folder, safe_serialization=True)
    return folder


def nine_channel_folder(folder: Path) -> Path:
    """The same model with a 9-channel (inpainting) UNet; the other parts hard-linked."""
    from diffusers import UNet2DConditionModel

    target = folder.with_name(folder.name + "-inpaint")
    if (target / "unet" / "diffusion_pytorch_model.safetensors").is_file():  # written last
        return target
    print(f"building a random-weights 9-channel UNet in {target} (once)…", flush=True)
    shutil.rmtree(target, ignore_errors=True)  # what an interrupted build left
    ignored = shutil.ignore_patterns("unet")
    shutil.copytree(folder, target, ignore=ignored, copy_function=os.link)
    config = UNet2DConditionModel.load_config(folder / "unet")
    torch.manual_seed(0)
    unet = UNet2DConditionModel.from_config(config, in_channels=9)
    unet.save_pretrained(target / "unet", safe_serialization=True)
    return target


def raw_arguments(request: GenerationRequest) -> dict[str, object]:
    """What the diffusers pipeline gets besides prompt, steps, guidance and generator."""
    if request.mask:  # inpainting: the picture and mask files, opened as the engine does
        return {
            "image": Image.open(str(request.init_image)).convert("RGB"),
            "mask_image": Image.open(request.mask).convert("L"),
            "strength": request.strength,
            "width": request.width,
            "height": request.height,
        }
    if request.init_image:  # the img2img pipeline: the picture and strength, no size
        image = Image.open(request.init_image).convert("RGB")
        return {"image": image, "strength": request.strength}
    return {"width": request.width, "height": request.height}


def time_raw(pipe: Any, request: GenerationRequest) -> float:
    started = clock()
    pipe(
        prompt=request.prompt,
        num_inference_steps=request.steps,
        guidance_scale=request.guidance,
        generator=torch.Generator("cpu").manual_seed(request.seed or 0),
        **raw_arguments(request),
    )
    return clock() - started


def img2img_inputs(folder: Path, size: int) -> Path:
    """A noise picture to start from (what it shows does not change the time)."""
    picture = folder / f"init-{size}.png"
    if not picture.is_file():
        pixels = torch.randint(0, 256, (size, size, 3), dtype=torch.uint8).numpy()
        Image.fromarray(pixels).save(picture)
    return picture


def inpaint_mask(folder: Path, size: int) -> Path:
    """White (redraw) over the middle half of the picture: a band from 1/4 to 3/4 of its height."""
    path = folder / f"mask-{size}.png"
    if not path.is_file():
        mask = Image.new("L", (size, size), 0)
        mask.paste(255, (0, size // 4, size, size * 3 // 4))
        mask.save(path)
    return path


def time_engine(engine: Engine, request: GenerationRequest, preview: bool) -> float:
    started = clock()
    for _ in engine.generate(request, on_step=lambda _p: None, preview=preview):
        pass
    return clock() - started


def paste_seconds(request: GenerationRequest, runs: int = 5) -> float:
    """What the engine does after the decode that the diffusers pipeline does not: paste the
    drawn picture over the original through the mask (median of a few)."""
    job = prepare_inpaint(request)
    drawn = Image.new("RGB", job.size, (90, 120, 150))
    times = []
    for _ in range(runs):
        started = clock()
        job.paste(drawn)
        times.append(clock() - started)
    return statistics.median(times)


@contextmanager
def counted_calls(pipe: Any) -> Iterator[Counter[str]]:
    """Forward calls of the UNet, the VAE's halves and the text encoder while inside."""
    calls: Counter[str] = Counter()
    parts = (pipe.unet, pipe.vae.encoder, pipe.vae.decoder, pipe.text_encoder)
    hooks = [
        part.register_forward_hook(lambda *_a, name=name: calls.update([name]))
        for name, part in zip(COUNTED, parts, strict=True)
    ]
    try:
        yield calls
    finally:
        for hook in hooks:
            hook.remove()


def clock() -> float:
    """Wall-clock seconds, or with --cpu-time the process's CPU seconds (all its threads): on
    a machine shared with other jobs, the work done rather than the turns waited for a core."""
    return time.process_time() if CPU_TIME else time.perf_counter()


CPU_TIME = False


def parse_arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser()
    parser.add_argument("--size", type=int, default=512)
    parser.add_argument("--steps", type=int, default=4)
    parser.add_argument("--runs", type=int, default=2)
    parser.add_argument("--strength", type=float, default=0.5, help="img2img and inpaint")
    mode = parser.add_mutually_exclusive_group()
    mode.add_argument("--img2img", action="store_true", help="vs diffusers img2img")
    mode.add_argument("--inpaint", action="store_true", help="vs diffusers inpaint, 4 channels")
    mode.add_argument("--nine-channel", action="store_true", help="inpaint, 9-channel UNet")
    parser.add_argument("--cpu-time", action="store_true", help="CPU seconds instead of wall")
    parser.add_argument("--threads", type=int, help="torch threads (1: fair CPU seconds)")
    parser.add_argument("--no-write", action="store_true", help="print only")
    args = parser.parse_args()
    args.mode = (
        "img2img" if args.img2img else "inpaint, 9-channel UNet" if args.nine_channel
        else "inpaint" if args.inpaint else ""
    )  # fmt: skip
    return args


def benchmark_request(args: argparse.Namespace, folder: Path) -> GenerationRequest:
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
    if not args.mode:
        return request
    init = img2img_inputs(folder.parent, args.size)
    request = replace(request, init_image=str(init), strength=args.strength)
    if args.mode == "img2img":
        return request
    mask = inpaint_mask(folder.parent, args.size)
    return replace(request, mask=str(mask), mask_blur=0, inpaint_full_res=False)


def raw_pipeline(engine: Engine, request: GenerationRequest, mode: str) -> Any:
    """The diffusers pipeline for `mode` over the engine's loaded weights (nothing copied)."""
    loaded = engine.load(request.model)
    if not mode:
        return loaded.pipeline  # the engine sets its scheduler before each job
    from diffusers import StableDiffusionImg2ImgPipeline, StableDiffusionInpaintPipeline

    kind = StableDiffusionImg2ImgPipeline if mode == "img2img" else StableDiffusionInpaintPipeline
    pipe = kind(**loaded.pipeline.components)
    pipe.scheduler = make_scheduler(request.sampler, loaded.scheduler_config)
    pipe.set_progress_bar_config(disable=True)
    return pipe


def main() -> None:
    args = parse_arguments()
    global CPU_TIME
    CPU_TIME = args.cpu_time
    if args.threads:  # one thread: no OpenMP spinning counted as work on a shared machine
        torch.set_num_threads(args.threads)
    paths = app_paths()
    folder = reference_folder(paths.cache / "benchmarks", "sd-turbo")
    if args.nine_channel:
        folder = nine_channel_folder(folder)
    engine = Engine(paths, choose_device(probe_devices(), "auto"))
    request = benchmark_request(args, folder)
    raw_pipe = raw_pipeline(engine, request, args.mode)
    with counted_calls(raw_pipe) as raw_calls:  # also the warm-ups
        time_raw(raw_pipe, request)
    with counted_calls(raw_pipe) as engine_calls:
        time_engine(engine, request, False)
    raw, ours, ours_preview = [], [], []
    for _ in range(args.runs):
        raw.append(time_raw(raw_pipe, request))
        ours.append(time_engine(engine, request, False))
        ours_preview.append(time_engine(engine, request, True))
    paste = paste_seconds(request) if request.is_inpaint else None
    lines = report(args, engine.plan.label, raw, ours, ours_preview)
    lines += calls_lines(raw_calls, engine_calls, paste)
    publish("\n".join(lines), write=not args.no_write)


def calls_lines(raw: Counter[str], ours: Counter[str], paste: float | None) -> list[str]:
    """The work done per picture on each side, counted, and the engine's extra work."""

    def listed(calls: Counter[str]) -> str:
        return ", ".join(f"{name} {calls[name]}" for name in COUNTED)

    lines = [f"Calls per picture — diffusers: {listed(raw)}; engine: {listed(ours)}."]
    if raw != ours:
        lines.append(
            "**The two sides do not make the same calls: the ratio is not like for like.**"
        )
    if paste is not None:
        lines.append(
            f"Engine's extra work: pasting the result over the picture through the mask, "
            f"{paste * 1000:.1f} ms (included in the engine's time)."
        )
    return [*lines, ""]


def report(
    args: argparse.Namespace, device: str, raw: list[float], ours: list[float], preview: list[float]
) -> list[str]:
    raw_s, ours_s, prev_s = (statistics.median(v) for v in (raw, ours, preview))
    peak_gb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 2**20
    mode = f" {args.mode}" if args.mode else ""
    strength = f" at strength {args.strength:g}" if args.mode else ""
    masked = ", mask over the middle half, blur 0" if "inpaint" in args.mode else ""
    return [
        machine_line(f"Engine vs raw diffusers{mode} on {device}"),
        f"SD-Turbo architecture (random weights), {args.size}², {args.steps} steps"
        f"{strength}{masked}, median of {args.runs} interleaved runs"
        f"{', in CPU seconds of the process' if args.cpu_time else ''}"
        f"{f', {args.threads} torch thread(s)' if args.threads else ''}; load average "
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
        f"(both share the weights): {peak_gb:.1f} GB. Each run (s): diffusers "
        f"{each_run(raw)}; engine {each_run(ours)}; with previews {each_run(preview)}.",
    ]


def each_run(seconds: list[float]) -> str:
    return " ".join(f"{value:.2f}" for value in seconds)


if __name__ == "__main__":
    main()
