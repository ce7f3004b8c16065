"""How close the CPU path already is to what this processor can do in float32.

Counts the floating-point work of one UNet call and one full VAE decode of the SD-Turbo
architecture (random weights, `torch.utils.flop_counter`), times them, and compares the rate
with a large float32 matrix multiply on the same threads — the practical peak of this CPU.
A layout (channels_last) or compiled variant (inductor, with the compile time) can be timed
beside the plain one. This bounds what any float32 "fast path" can gain here: a decode already
at ~90 % of the matmul rate cannot become 2.5× faster without doing less work or using a
lower precision.
    .venv/bin/python benchmarks/cpu_roofline.py [--size 512] [--repeats 2] [--channels-last]
        [--compile] [--no-write]
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable
from typing import Any

import torch
from cpu_fast_path import reference_folder
from report import machine_line, publish  # benchmarks/ sibling


def matmul_rate(repeats: int) -> float:
    """GFLOP/s of a 4096² float32 matrix multiply: what the cores sustain at best."""
    a, b = torch.randn(4096, 4096), torch.randn(4096, 4096)
    torch.mm(a, b)  # warm-up
    seconds = []
    for _ in range(repeats + 1):
        started = time.perf_counter()
        torch.mm(a, b)
        seconds.append(time.perf_counter() - started)
    return 2 * 4096**3 / min(seconds) / 1e9


def gflop(call: Callable[[], Any]) -> float:
    from torch.utils.flop_counter import FlopCounterMode

    with FlopCounterMode(display=False) as counter:
        call()
    return counter.get_total_flops() / 1e9


def best_of(call: Callable[[], Any], repeats: int) -> tuple[float, float]:
    """(best wall seconds, CPU seconds of that run) after a warm-up call."""
    call()
    runs = []
    for _ in range(repeats):
        wall, cpu = time.perf_counter(), time.process_time()
        call()
        runs.append((time.perf_counter() - wall, time.process_time() - cpu))
    return min(runs)


def parts(size: int) -> tuple[Any, Any, dict[str, Callable[[], Any]]]:
    from diffusers import AutoencoderKL, UNet2DConditionModel

    folder = reference_folder()
    unet = UNet2DConditionModel.from_pretrained(folder, subfolder="unet").eval()
    vae = AutoencoderKL.from_pretrained(folder, subfolder="vae").eval()
    latent = torch.randn(1, 4, size // 8, size // 8)
    text = torch.randn(1, 77, unet.config.cross_attention_dim)
    step = torch.tensor(999)
    calls = {
        "UNet call": lambda: unet(latent, step, encoder_hidden_states=text).sample,
        "VAE decode": lambda: vae.decode(latent).sample,
    }
    return unet, vae, calls


def measure(args: argparse.Namespace) -> list[str]:
    torch.manual_seed(0)
    peak = matmul_rate(args.repeats)
    unet, vae, calls = parts(args.size)
    rows = []
    with torch.inference_mode():
        work = {name: gflop(call) for name, call in calls.items()}
        variants: list[tuple[str, Callable[[], None]]] = [("plain", lambda: None)]
        if args.channels_last:
            variants.append(("channels_last", lambda: channels_last(unet, vae)))
        for variant, prepare in variants:
            prepare()
            for name, call in calls.items():
                wall, cpu = best_of(call, args.repeats)
                rows.append(row(name, variant, work[name], wall, cpu, peak))
        if args.compile:
            rows += compiled_rows(unet, vae, calls, work, peak, args.repeats)
    return table(rows, peak, args.size)


def channels_last(unet: Any, vae: Any) -> None:
    unet.to(memory_format=torch.channels_last)
    vae.to(memory_format=torch.channels_last)


def compiled_rows(
    unet: Any, vae: Any, calls: dict[str, Callable[[], Any]], work: dict[str, float], peak: float,
    repeats: int,
) -> list[str]:  # fmt: skip
    unet.forward = torch.compile(unet.forward)
    vae.decoder.forward = torch.compile(vae.decoder.forward)
    rows = []
    for name, call in calls.items():
        started = time.perf_counter()
        call()  # the compile
        compile_s = time.perf_counter() - started
        wall, cpu = best_of(call, repeats)
        variant = f"torch.compile (inductor; first call {compile_s:.0f} s)"
        rows.append(row(name, variant, work[name], wall, cpu, peak))
    return rows


def row(name: str, variant: str, work: float, wall: float, cpu: float, peak: float) -> str:
    rate = work / wall
    return (
        f"| {name} | {variant} | {work:.0f} | {wall:.2f} | {cpu:.2f} | {rate:.0f} | "
        f"{rate / peak:.0%} |"
    )


def table(rows: list[str], peak: float, size: int) -> list[str]:
    return [
        machine_line("float32 CPU work against this CPU's matmul rate"),
        f"SD-Turbo architecture (random weights), {size}², float32, "
        f"{torch.get_num_threads()} threads; practical peak = a 4096² float32 matmul: "
        f"**{peak:.0f} GFLOP/s**; best of the repeats after a warm-up.",
        "",
        "| part | variant | GFLOP | wall s | CPU s | GFLOP/s | of the matmul rate |",
        "|---|---|---|---|---|---|---|",
        *rows,
    ]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--size", type=int, default=512)
    parser.add_argument("--repeats", type=int, default=2)
    parser.add_argument("--channels-last", action="store_true")
    parser.add_argument("--compile", action="store_true")
    parser.add_argument("--no-write", action="store_true")
    args = parser.parse_args()
    lines = measure(args)
    publish("\n".join(lines), write=not args.no_write)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
