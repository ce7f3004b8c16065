"""Raw diffusers vs Lienzo's engine configuration on a GPU: random weights, real architectures.

Run through benchmarks/gpu.sh on the GPU machine (it installs the wheels gpu_wheels.sh made).
Per case: the diffusers pipeline as a user calls it (half precision on the GPU, library
defaults: SDPA attention), then the engine's configuration (studio's device plan and
tune_pipeline: TF32, channels_last; the UNet compiled by the engine's UnetCompiler after
warm-up), then raw diffusers again (interleaved: A, B, A). Prints one table and writes it with
the raw numbers to $OUT (or --out). FLUX.1 schnell and SD 3.5 Medium run in bf16 (their
authors' precision), with a third row: the engine's text_encoder_offload rung (T5 streamed
from CPU RAM) — what that memory saving costs per image. A group whose estimated time
(ESTIMATE_S) no longer fits --total-s is skipped, saying so.
    python benchmarks/gpu_bench.py [--out DIR] [--repeats 3] [--budget-s 420] [--total-s 480]
        [--only turbo sd15 sdxl flux sd3] [--smoke]
`--smoke`: tiny models on the CPU, 1 step, 64² — checks the script, measures nothing.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import sys
import tempfile
import time
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # studio/ without installing
from gpu_flow_models import FLOW_GROUPS, build_flow
from gpu_models import build, tiny_decoder


@dataclass(frozen=True)
class Case:
    name: str
    group: str  # which pipeline: cases of one group share it (and its compiled UNet)
    size: int
    steps: int
    guidance: float
    decoder: str  # "vae" or "taesd"
    target_s: float | None  # the seconds-per-image target on an H100-class GPU
    dtype: str = ""  # "" = the engine's device plan; FLUX/SD3 run in bfloat16
    extra: tuple[tuple[str, Any], ...] = ()  # more pipeline arguments, as the engine passes


CASES = (
    Case("SD-Turbo + TAESD", "turbo", 512, 1, 0.0, "taesd", 0.150),
    Case("SD-Turbo + full VAE", "turbo", 512, 1, 0.0, "vae", None),
    Case("SD 1.5, CFG", "sd15", 512, 20, 7.0, "vae", 0.6),
    Case("SDXL, CFG", "sdxl", 1024, 30, 5.0, "vae", 2.5),
    # schnell: 4 steps, no guidance, 256 T5 tokens (what the engine passes).
    Case("FLUX.1 schnell", "flux", 1024, 4, 0.0, "vae", None, "bfloat16",
         (("max_sequence_length", 256),)),
    Case("SD 3.5 Medium, CFG", "sd3", 1024, 28, 4.5, "vae", None, "bfloat16"),
)  # fmt: skip
# Seconds per group on an H100/H200 (build, compile, 4 configurations × 7 images), from FLOP
# counts (FLUX: ~0.3 s per step at 1024², SD 3.5 Medium ~0.1 s per CFG step): the time guard.
ESTIMATE_S = {"turbo": 60, "sd15": 90, "sdxl": 150, "flux": 90, "sd3": 110}
STREAMED = "engine, T5 streamed"
ENGINE_TARGET = 1.3  # engine configuration at least this much faster than raw diffusers


@dataclass
class Row:
    case: str
    config: str
    dtype: str
    seconds_per_image: float
    it_per_s: float
    peak_vram_gb: float | None
    compile_s: float | None = None
    note: str = ""


class Runner:
    """Times one pipeline's images on one device, synchronising the GPU around each."""

    def __init__(self, device: str, repeats: int, smoke: bool) -> None:
        import torch

        self.torch, self.device, self.repeats, self.smoke = torch, device, repeats, smoke

    def sync(self) -> None:
        if self.device.startswith("cuda"):
            self.torch.cuda.synchronize()

    def image(self, pipe: Any, case: Case, size: int, steps: int, latent: bool = False) -> float:
        self.sync()
        started = time.perf_counter()
        with self.torch.inference_mode():  # as the engine runs pipelines
            pipe(
                prompt="un faro al atardecer",
                num_inference_steps=steps,
                guidance_scale=case.guidance,
                **dict(case.extra),
                width=size,
                height=size,
                generator=self.torch.Generator("cpu").manual_seed(1),
                output_type="latent" if latent else "pil",
            )
        self.sync()
        return time.perf_counter() - started

    def measure(self, pipe: Any, case: Case, config: str, dtype: str) -> Row:
        size, steps = (64, 1) if self.smoke else (case.size, case.steps)
        if not self.smoke:
            self.image(pipe, case, size, steps)  # warm-up (cuDNN/cuBLAS heuristics, allocator)
        if self.device.startswith("cuda"):
            self.torch.cuda.reset_peak_memory_stats()
        images = [self.image(pipe, case, size, steps) for _ in range(self.repeats)]
        denoise = [self.image(pipe, case, size, steps, True) for _ in range(self.repeats)]
        peak = None
        if self.device.startswith("cuda"):
            peak = self.torch.cuda.max_memory_allocated() / 2**30
        seconds = statistics.median(images)
        return Row(case.name, config, dtype, seconds, steps / statistics.median(denoise), peak)


def engine_plan(device: str, dtype: str) -> Any:
    """Studio's own device plan for this machine (float16 on CUDA unless --dtype says)."""
    from dataclasses import replace

    from studio.core.base.devices import choose_device, probe_devices

    plan = choose_device(probe_devices(), "cuda" if device.startswith("cuda") else "cpu")
    return replace(plan, dtype=dtype, vae_dtype=dtype) if dtype else plan


def apply_engine(pipe: Any, plan: Any, case: Case, compiler: Any, runner: Runner) -> float | None:
    """tune_pipeline, then the engine's compiled UNet for this shape; returns compile seconds."""
    from studio.core.generation.compiled import example_unet_inputs
    from studio.core.models.tuning import tune_pipeline

    tune_pipeline(pipe, plan)
    if compiler is None:
        return None
    size = 64 if runner.smoke else case.size
    key = (size, size, case.guidance > 1.0)
    if compiler.compiled_for(key) is None:
        started = time.perf_counter()
        compiler.start(pipe.unet, example_unet_inputs(pipe, size, size, key[2]), key)
        compiler.wait()
        runner.sync()
        compile_s = time.perf_counter() - started
    else:
        compile_s = 0.0  # the group's earlier case compiled this shape already
    compiled = compiler.compiled_for(key)
    if compiled is None:
        raise RuntimeError("the engine's compile failed; see the log above")
    pipe.unet = compiled
    return compile_s


def undo_engine(pipe: Any) -> None:
    """Back to raw diffusers: the plain UNet, default memory format, no TF32."""
    import torch

    if getattr(pipe, "unet", None) is not None:  # FLUX/SD3 have a transformer
        pipe.unet = getattr(pipe.unet, "_orig_mod", pipe.unet)
        pipe.unet.to(memory_format=torch.contiguous_format)
    torch.backends.cuda.matmul.allow_tf32 = False
    torch.backends.cudnn.allow_tf32 = True  # PyTorch's default
    torch.set_float32_matmul_precision("highest")


def run_group(group: str, cases: list[Case], args: argparse.Namespace, started: float) -> list[Row]:
    import torch

    from studio.core.generation.compiled import UnetCompiler

    runner = Runner(args.device, args.repeats, args.smoke)
    plan = engine_plan(args.device, args.dtype)
    flow = group in FLOW_GROUPS
    name = plan.dtype if args.smoke or not flow else cases[0].dtype
    dtype = getattr(torch, name)
    if flow:
        pipe = build_flow(group, args.smoke, args.device, dtype)
    else:
        pipe = build(group, args.smoke).to(args.device, dtype)
    full_vae = pipe.vae
    taesd = None if flow else tiny_decoder(args.smoke).to(args.device, dtype)
    over_budget = time.perf_counter() - started > args.budget_s
    compile_ok = args.compile and not over_budget and not flow  # the engine compiles UNets
    cache = Path(tempfile.gettempdir()) / "lienzo-gpu-bench-inductor"  # not in $OUT: many files
    compiler = UnetCompiler(cache, backend=args.compile_backend) if compile_ok else None
    rows: list[Row] = []
    for case in cases:
        pipe.vae = taesd if case.decoder == "taesd" else full_vae
        raw = [runner.measure(pipe, case, "diffusers", name)]
        compile_s = apply_engine(pipe, plan, case, compiler, runner)
        ours = runner.measure(pipe, case, "engine", name)
        ours.compile_s = compile_s
        if compiler is None and not flow:
            ours.note = "not compiled (time budget)" if over_budget and args.compile else ""
        if flow:
            ours.note = "FLUX/SD3 engine: tune_pipeline only, no transformer compile"
        streamed = t5_streamed(pipe, case, runner, name) if flow else []
        undo_engine(pipe)
        if not args.smoke:  # the smoke run checks the code path once, quickly
            raw.append(runner.measure(pipe, case, "diffusers", name))
        rows += [average(raw), ours, *streamed]
        print(f"{case.name}: done at {time.perf_counter() - started:.0f} s", flush=True)
    del pipe, full_vae, taesd
    torch._dynamo.reset()  # the next group's UNet starts from an empty compile cache
    if args.device.startswith("cuda"):
        torch.cuda.empty_cache()
    return rows


def t5_streamed(pipe: Any, case: Case, runner: Runner, dtype: str) -> list[Row]:
    """The engine's text_encoder_offload rung (GPUs where T5 does not fit beside the
    transformer): encoders in CPU RAM, streamed layer by layer. Then back on the GPU."""
    from studio.core.generation.recovery import TEXT_ENCODERS, offload_text_encoders

    if runner.smoke:
        # On an all-CPU pipeline diffusers would take the encoders' offloaded ("meta")
        # weights for the execution device; tests/core/test_text_encoder_offload.py covers it.
        return []
    offload_text_encoders(pipe, runner.device)
    try:
        row = runner.measure(pipe, case, STREAMED, dtype)
    except RuntimeError as exc:  # one failed configuration does not cost the rest of the run
        print(f"{case.name}: {STREAMED} failed: {exc}", flush=True)
        return []
    finally:
        pipe.remove_all_hooks()  # the weights go back to the CPU
        for name in TEXT_ENCODERS:
            if getattr(pipe, name, None) is not None:
                getattr(pipe, name).to(runner.device)
    row.note = "T5 streamed: text encoders in CPU RAM, to the GPU layer by layer"
    return [row]


def average(rows: list[Row]) -> Row:
    """The two raw runs (before and after the engine's) as one row."""
    first = rows[0]
    first.seconds_per_image = statistics.fmean(r.seconds_per_image for r in rows)
    first.it_per_s = statistics.fmean(r.it_per_s for r in rows)
    peaks = [r.peak_vram_gb for r in rows if r.peak_vram_gb is not None]
    first.peak_vram_gb = max(peaks) if peaks else None
    if len(rows) > 1:
        first.note = "diffusers: mean of the runs before and after the engine's"
    return first


def table(rows: list[Row], header: str) -> str:
    lines = [
        header,
        "",
        "| case | configuration | dtype | s/image | it/s | peak VRAM | compile | "
        "vs diffusers | target |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    raw = {r.case: r.seconds_per_image for r in rows if r.config == "diffusers"}
    targets = {c.name: c.target_s for c in CASES}
    flow = {c.name for c in CASES if c.group in FLOW_GROUPS}  # no targets: engine ≈ diffusers
    for r in rows:
        speedup = raw[r.case] / r.seconds_per_image
        vram = f"{r.peak_vram_gb:.2f} GB" if r.peak_vram_gb is not None else "n/a (CPU)"
        compiled = f"{r.compile_s:.0f} s" if r.compile_s is not None else "—"
        lines.append(
            f"| {r.case} | {r.config} | {r.dtype} | {r.seconds_per_image:.3f} | "
            f"{r.it_per_s:.2f} | {vram} | {compiled} | {speedup:.2f}× | "
            f"{'—' if r.case in flow else verdict(r, targets[r.case], speedup)} |"
        )
    notes = sorted({r.note for r in rows if r.note})
    return "\n".join(lines + [""] + [f"- {n}" for n in notes]) + "\n"


def verdict(row: Row, target_s: float | None, speedup: float) -> str:
    if row.dtype == "float32":
        return "n/a (CPU smoke)"
    parts = []
    if target_s is not None and row.config == "engine":
        met = "met" if row.seconds_per_image <= target_s else "not met"
        parts.append(f"≤ {target_s:g} s: {met}")
    if row.config == "engine":
        parts.append(f"≥ {ENGINE_TARGET}×: {'met' if speedup >= ENGINE_TARGET else 'not met'}")
    return "; ".join(parts) or "—"


def machine_header(args: argparse.Namespace) -> str:
    import diffusers
    import torch

    if args.device.startswith("cuda"):
        gpu = f"{torch.cuda.get_device_name(0)}, CUDA {torch.version.cuda}"
    else:
        gpu = f"CPU ({platform.processor() or platform.machine()}), smoke run: tiny models"
    return (
        f"### GPU benchmark — {time.strftime('%Y-%m-%d')}, {gpu}, torch {torch.__version__}, "
        f"diffusers {diffusers.__version__}, Python {platform.python_version()}\n"
        f"Random weights, real architectures; median of {args.repeats} images after one "
        "warm-up; it/s from denoise-only calls (output_type='latent')."
    )


def parse(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default=os.environ.get("OUT") or "gpu-bench-out")
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--budget-s", type=float, default=420.0, help="no new compile after")
    parser.add_argument("--total-s", type=float, help="skip groups past this (default 480)")
    parser.add_argument("--dtype", choices=("", "float16", "bfloat16"), default="")
    parser.add_argument("--no-compile", dest="compile", action="store_false")
    parser.add_argument("--compile-backend", default="inductor", help="torch.compile backend")
    parser.add_argument("--only", nargs="*", choices=sorted({c.group for c in CASES}))
    parser.add_argument("--smoke", action="store_true", help="tiny models on the CPU, 1 step")
    args = parser.parse_args(argv)
    args.device = "cpu" if args.smoke else "cuda"
    if args.smoke:
        # "eager" still runs the engine's compile path (Dynamo tracing), without Inductor.
        args.repeats, args.dtype, args.compile_backend = 1, "float32", "eager"
    if args.total_s is None:  # a smoke run times nothing: no guard unless asked for
        args.total_s = float("inf") if args.smoke else 480.0
    return args


def main(argv: list[str] | None = None) -> None:
    args = parse(argv)
    import torch

    if not args.smoke and not torch.cuda.is_available():
        sys.exit("No CUDA GPU here: use --smoke to check the script on the CPU.")
    started = time.perf_counter()
    rows: list[Row] = []
    skipped: list[str] = []
    for group in dict.fromkeys(c.group for c in CASES):
        if args.only and group not in args.only:
            continue
        left = args.total_s - (time.perf_counter() - started)
        if ESTIMATE_S[group] > left:
            skipped.append(
                f"{group}: skipped, about {ESTIMATE_S[group]} s needed and {left:.0f} s left "
                f"of --total-s {args.total_s:.0f} (run it with --only {group})"
            )
            print(skipped[-1], flush=True)
            continue
        rows += run_group(group, [c for c in CASES if c.group == group], args, started)
    text = table(rows, machine_header(args)) + "".join(f"- {s}\n" for s in skipped)
    text += f"\nTotal {time.perf_counter() - started:.0f} s.\n"
    print(text)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    (out / "gpu_bench.md").write_text(text, encoding="utf-8")
    (out / "gpu_bench.json").write_text(json.dumps([asdict(r) for r in rows], indent=1))


if __name__ == "__main__":
    main()
