"""FLUX.1 schnell and SD 3.5 Medium for benchmarks/gpu_bench.py: real architectures with
random weights (FLUX: 11.9B transformer + T5-XXL 4.7B; bf16 ≈ 34 GB, one H200 holds it), or
the tests' tiny pipelines for `--smoke`.

The big modules are built directly on the target device (random init of 17B parameters on
the CPU takes minutes and ~70 GB of RAM in float32) and cast to the benchmark's dtype one by
one; the scheduler is built outside that device context (it keeps NumPy tables). Tokenizers
are the tiny byte-level CLIP one: prompts are padded to the real sequence lengths (77 CLIP,
256 T5 tokens), so the encoders do the real work whatever the token ids.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

FLOW_GROUPS = ("flux", "sd3")
_VAE_CONSTANTS = {"flux": (0.3611, 0.1159), "sd3": (1.5305, 0.0609)}  # scaling, shift


def build_flow(group: str, smoke: bool, device: str, dtype: Any) -> Any:
    """FLUX.1 schnell ("flux") or SD 3.5 Medium ("sd3"), on `device` in `dtype`."""
    if smoke:
        sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests" / "core"))
        from flow_support import build_tiny_flux, build_tiny_sd3

        pipe = (build_tiny_flux() if group == "flux" else build_tiny_sd3()).to(device, dtype)
    else:
        pipe = _real(group, device, dtype)
    for component in pipe.components.values():
        if hasattr(component, "eval"):
            component.eval()  # as from_pretrained leaves them: no dropout
    pipe.set_progress_bar_config(disable=True)
    return pipe


def _real(group: str, device: str, dtype: Any) -> Any:
    import torch
    from diffusers import FlowMatchEulerDiscreteScheduler, FluxPipeline, StableDiffusion3Pipeline

    from studio.core.models.demo import tiny_tokenizer
    from studio.core.models.reference import (
        build_clip,
        build_flow_vae,
        build_full_flow_transformer,
        build_t5_xxl,
    )

    def made(build: Any, *args: Any) -> Any:
        with torch.device(device):
            return build(*args).to(dtype)

    vae = made(build_flow_vae)
    scaling, shift = _VAE_CONSTANTS[group]
    vae.register_to_config(scaling_factor=scaling, shift_factor=shift)
    tokenizer = tiny_tokenizer()
    shared = {"vae": vae, "tokenizer": tokenizer, "tokenizer_2": tokenizer}
    if group == "flux":
        return FluxPipeline(
            scheduler=FlowMatchEulerDiscreteScheduler(shift=1.0, use_dynamic_shifting=False),
            text_encoder=made(build_clip, 768, 12, 12, False),  # CLIP-L
            text_encoder_2=made(build_t5_xxl, 24),
            transformer=made(build_full_flow_transformer, "flux-schnell"),
            **shared,
        )
    return StableDiffusion3Pipeline(
        scheduler=FlowMatchEulerDiscreteScheduler(shift=3.0),
        text_encoder=made(build_clip, 768, 12, 12, True),  # CLIP-L
        text_encoder_2=made(build_clip, 1280, 32, 20, True),  # OpenCLIP bigG
        text_encoder_3=made(build_t5_xxl, 24),
        tokenizer_3=tokenizer,
        transformer=made(build_full_flow_transformer, "sd3"),
        **shared,
    )
