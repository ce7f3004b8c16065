"""Pipelines for benchmarks/gpu_bench.py: real SD 1.5, SDXL and SD-Turbo architectures with
random weights, or tiny ones for `--smoke`. Built on the CPU in float32 (random init of
SDXL's 2.6 B parameters takes seconds there) and moved by the caller: building under a CUDA
device context breaks the schedulers, which turn their tables into NumPy arrays."""

from __future__ import annotations

from typing import Any

# SDXL's two text encoders (CLIP ViT-L and OpenCLIP ViT-bigG), from the published configs.
_SDXL_TEXT = (
    {"hidden_size": 768, "num_hidden_layers": 12, "num_attention_heads": 12,
     "intermediate_size": 3072},
    {"hidden_size": 1280, "num_hidden_layers": 32, "num_attention_heads": 20,
     "intermediate_size": 5120, "projection_dim": 1280},
)  # fmt: skip
_TINY_SDXL_UNET: dict[str, Any] = {
    "block_out_channels": (32, 64),
    "layers_per_block": 1,
    "sample_size": 32,
    "down_block_types": ("DownBlock2D", "CrossAttnDownBlock2D"),
    "up_block_types": ("CrossAttnUpBlock2D", "UpBlock2D"),
    "attention_head_dim": (2, 4),
    "use_linear_projection": True,
    "addition_embed_type": "text_time",
    "addition_time_embed_dim": 8,
    "transformer_layers_per_block": (1, 2),
    "projection_class_embeddings_input_dim": 80,  # 6 time ids × 8 + the 32-wide text embeds
    "cross_attention_dim": 64,  # both tiny encoders' hidden states side by side
    "norm_num_groups": 8,
}
_TINY_TEXT = {"hidden_size": 32, "num_hidden_layers": 2, "num_attention_heads": 4,
              "intermediate_size": 37, "projection_dim": 32}  # fmt: skip
SDXL_SCALING_FACTOR = 0.13025
# stabilityai/stable-diffusion-xl-base-1.0's scheduler_config.json (the parts that matter).
_SDXL_SCHEDULER = {"beta_start": 0.00085, "beta_end": 0.012, "beta_schedule": "scaled_linear",
                   "timestep_spacing": "leading", "steps_offset": 1}  # fmt: skip


def build(group: str, smoke: bool) -> Any:
    """The float32 CPU pipeline of a benchmark group ("sd15", "sdxl", "turbo")."""
    pipe = _sdxl(smoke) if group == "sdxl" else _sd(group, smoke)
    pipe.set_progress_bar_config(disable=True)
    return pipe


def tiny_decoder(smoke: bool) -> Any:
    """TAESD's architecture (or the demo's tiny one) with random weights, on the CPU."""
    from studio.core.models.demo import build_demo_tiny_vae
    from studio.core.models.reference import build_tiny_vae

    return build_demo_tiny_vae() if smoke else build_tiny_vae()


def _sd(group: str, smoke: bool) -> Any:
    from studio.core.models.demo import build_demo_pipeline
    from studio.core.models.reference import build_pipeline

    if smoke:
        return build_demo_pipeline()
    return build_pipeline("sd1" if group == "sd15" else "sd-turbo")


def _sdxl(smoke: bool) -> Any:
    from diffusers import EulerDiscreteScheduler, StableDiffusionXLPipeline, UNet2DConditionModel
    from transformers import CLIPTextConfig, CLIPTextModel, CLIPTextModelWithProjection

    from studio.core.models.demo import build_demo_pipeline, tiny_tokenizer
    from studio.core.models.reference import build_unet, build_vae

    tokenizer = tiny_tokenizer()
    configs = (_TINY_TEXT, _TINY_TEXT) if smoke else _SDXL_TEXT
    vocab = len(tokenizer) if smoke else 49408
    text = [CLIPTextConfig(vocab_size=vocab, max_position_embeddings=77, **c) for c in configs]
    if smoke:
        unet, vae = UNet2DConditionModel(**_TINY_SDXL_UNET), build_demo_pipeline().vae
    else:
        unet, vae = build_unet("sdxl"), build_vae()
    vae.register_to_config(scaling_factor=SDXL_SCALING_FACTOR)
    scheduler = EulerDiscreteScheduler(**_SDXL_SCHEDULER)
    return StableDiffusionXLPipeline(
        vae=vae.eval(),
        text_encoder=CLIPTextModel(text[0]).eval(),
        text_encoder_2=CLIPTextModelWithProjection(text[1]).eval(),
        tokenizer=tokenizer,
        tokenizer_2=tokenizer,
        unet=unet.eval(),
        scheduler=scheduler,
        add_watermarker=False,
    )
