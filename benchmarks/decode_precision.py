"""bfloat16 vs float32 VAE decode: error of the 8-bit picture, and time.

The SD 1.x/2.x VAE and the SDXL VAE (the same architecture, different latent scaling) from
their configs with random weights — real shapes, but NOT trained weights: the error of a
trained VAE can differ (its activations have other ranges), so read the numbers as the
arithmetic's error on these layer shapes, not as a quality verdict on a real model.
Latents: standard normal in the scaled space the UNet works in (what a finished denoise gives),
so the decode divides them by the family's scaling factor as it does for real ones.

`--emulate` (the default on CPUs without native bfloat16): weights and every layer's output
rounded to bfloat16 while the arithmetic runs in float32 — what AMX/oneDNN do (bfloat16
operands, float32 accumulation). A CPU without AMX/AVX512-BF16 runs real bfloat16 convolutions
about 50× slower than float32 (one 64² decode here: 218 s vs 4.5 s), too slow for 40 decodes.
`--real` times and measures real bfloat16 on one small latent as a check of the emulation.
    python benchmarks/decode_precision.py [--latents 20] [--size 128] [--real]
"""

from __future__ import annotations

import argparse
import math
import statistics
import time
from typing import Any

import torch
from report import machine_line, publish

from studio.core.generation.decode import decode_latents
from studio.core.models.reference import build_vae

FAMILIES = {"SD 1.x/2.x": 0.18215, "SDXL": 0.13025}  # the VAE configs' scaling factors


def to_8bit(pixels: torch.Tensor) -> torch.Tensor:
    """The picture a user gets: [-1, 1] → 0..255, as diffusers' postprocess rounds it."""
    return ((pixels.float() / 2 + 0.5).clamp(0, 1) * 255).round()


def psnr(reference: torch.Tensor, other: torch.Tensor) -> float:
    mse = float(((reference - other) ** 2).mean())
    return math.inf if mse == 0 else 10 * math.log10(255**2 / mse)


def emulate_bfloat16(vae: Any) -> list[Any]:
    """Round weights and every leaf module's output to bfloat16, computing in float32."""
    with torch.no_grad():
        for parameter in vae.parameters():
            parameter.copy_(parameter.to(torch.bfloat16).float())

    def round_output(_module: Any, _inputs: Any, output: Any) -> Any:
        if isinstance(output, torch.Tensor) and output.is_floating_point():
            return output.to(torch.bfloat16).float()
        return output

    leaves = [m for m in vae.modules() if not list(m.children())]
    return [m.register_forward_hook(round_output) for m in leaves]


def timed_decode(vae: Any, latents: torch.Tensor) -> tuple[torch.Tensor, float]:
    started = time.perf_counter()
    pixels = decode_latents(vae, latents.to(vae.dtype))
    return pixels.float(), time.perf_counter() - started


def study(family: str, scaling: float, args: argparse.Namespace) -> dict[str, Any]:
    torch.manual_seed(0)
    vae = build_vae()
    vae.register_to_config(scaling_factor=scaling)
    side = args.size // 8
    latents = torch.randn(args.latents, 4, side, side, generator=torch.Generator().manual_seed(1))
    reference, f32_s = timed_decode(vae, latents)
    hooks = emulate_bfloat16(vae)
    low, bf16_s = timed_decode(vae, latents.to(torch.bfloat16).float())  # a bf16 UNet's output
    for hook in hooks:
        hook.remove()
    ref8, low8 = to_8bit(reference), to_8bit(low)
    per_image = [psnr(ref8[i], low8[i]) for i in range(args.latents)]
    return {
        "family": family,
        "max_abs": float((reference - low).abs().max()),
        "max_8bit": int((ref8 - low8).abs().max()),
        "psnr_mean": statistics.fmean(per_image),
        "psnr_min": min(per_image),
        "spread": float(reference.std()),
        "f32_s": f32_s,
        "emulated_s": bf16_s,
    }


def real_check(size: int) -> dict[str, float]:
    """Real bfloat16 vs float32 and vs the emulation, on one latent (slow without AMX)."""
    torch.manual_seed(0)
    vae = build_vae()
    latents = torch.randn(1, 4, size // 8, size // 8, generator=torch.Generator().manual_seed(2))
    reference, f32_s = timed_decode(vae, latents)
    hooks = emulate_bfloat16(vae)
    emulated, _ = timed_decode(vae, latents.to(torch.bfloat16).float())
    for hook in hooks:
        hook.remove()
    vae.to(torch.bfloat16)
    real, bf16_s = timed_decode(vae, latents)
    ref8 = to_8bit(reference)
    return {
        "f32_s": f32_s,
        "bf16_s": bf16_s,
        "psnr_real": psnr(ref8, to_8bit(real)),
        "psnr_emulated": psnr(ref8, to_8bit(emulated)),
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--latents", type=int, default=20)
    parser.add_argument("--size", type=int, default=128, help="pixels per side")
    parser.add_argument("--real", action="store_true", help="also one real bfloat16 decode")
    parser.add_argument("--real-size", type=int, default=64)
    parser.add_argument("--no-write", action="store_true")
    args = parser.parse_args()
    torch.set_grad_enabled(False)
    results = [study(name, scaling, args) for name, scaling in FAMILIES.items()]
    check = real_check(args.real_size) if args.real else None
    publish(report(results, check, args), write=not args.no_write)


def report(results: list[dict[str, Any]], check: dict[str, float] | None, args: Any) -> str:
    lines = [
        machine_line("VAE decode, bfloat16 vs float32"),
        f"Real SD / SDXL VAE architecture, random weights (not trained: see the caveat in "
        f"benchmarks/decode_precision.py), {args.latents} latents per family at {args.size}², "
        "N(0, 1) in the scaled latent space; bfloat16 emulated (bfloat16 weights and layer "
        "outputs, float32 arithmetic). Errors against the float32 decode.",
        "",
        "| family | max abs error (float) | max error (8-bit levels) | PSNR mean | PSNR worst | "
        "output std | float32 decode | emulated decode |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for r in results:
        lines.append(
            f"| {r['family']} | {r['max_abs']:.4f} | {r['max_8bit']} | {r['psnr_mean']:.1f} dB | "
            f"{r['psnr_min']:.1f} dB | {r['spread']:.3f} | {r['f32_s']:.1f} s | "
            f"{r['emulated_s']:.1f} s |"
        )
    if check is not None:
        lines += [
            "",
            f"Real bfloat16 on this CPU, one {args.real_size}² latent: float32 "
            f"{check['f32_s']:.1f} s, bfloat16 {check['bf16_s']:.1f} s; PSNR vs float32: real "
            f"{check['psnr_real']:.1f} dB, emulated {check['psnr_emulated']:.1f} dB.",
        ]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    main()
