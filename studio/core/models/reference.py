"""Full-size SD architectures with random weights: real speed and memory, no download.

Used by the preflight (`studio benchmark`) and by benchmarks/. The numbers below are the
published model configs (block widths, attention heads, text-encoder sizes) of each family.
"""

from __future__ import annotations

from typing import Any

_SD_VAE: dict[str, Any] = {
    "block_out_channels": (128, 256, 512, 512),
    "down_block_types": ("DownEncoderBlock2D",) * 4,
    "up_block_types": ("UpDecoderBlock2D",) * 4,
    "layers_per_block": 2,
    "latent_channels": 4,
    "sample_size": 512,
}

_UNETS: dict[str, dict[str, Any]] = {
    "sd1": {"cross_attention_dim": 768, "attention_head_dim": 8, "sample_size": 64},
    "sd2": {
        "cross_attention_dim": 1024,
        "attention_head_dim": (5, 10, 20, 20),
        "use_linear_projection": True,
        "sample_size": 96,
    },
    "sdxl": {
        "block_out_channels": (320, 640, 1280),
        "down_block_types": ("DownBlock2D", "CrossAttnDownBlock2D", "CrossAttnDownBlock2D"),
        "up_block_types": ("CrossAttnUpBlock2D", "CrossAttnUpBlock2D", "UpBlock2D"),
        "transformer_layers_per_block": (1, 2, 10),
        "cross_attention_dim": 2048,
        "attention_head_dim": (5, 10, 20),
        "use_linear_projection": True,
        "addition_embed_type": "text_time",
        "addition_time_embed_dim": 256,
        "projection_class_embeddings_input_dim": 2816,
        "sample_size": 128,
    },
}
# SD-Turbo is SD 2.1's architecture; SDXL-Turbo is SDXL's.
ARCHITECTURE = {
    "sd1": "sd1",
    "sd2": "sd2",
    "sd-turbo": "sd2",
    "sdxl": "sdxl",
    "sdxl-turbo": "sdxl",
    "demo": "sd1",
}

_TEXT_ENCODERS: dict[str, dict[str, int]] = {
    "sd1": {
        "hidden_size": 768,
        "num_hidden_layers": 12,
        "num_attention_heads": 12,
        "intermediate_size": 3072,
    },
    "sd2": {
        "hidden_size": 1024,
        "num_hidden_layers": 23,
        "num_attention_heads": 16,
        "intermediate_size": 4096,
    },
}


def build_unet(family: str) -> Any:
    """The family's UNet with random weights (fp32, CPU)."""
    from diffusers import UNet2DConditionModel

    return UNet2DConditionModel(**_UNETS[ARCHITECTURE[family]]).eval()


def build_vae() -> Any:
    """The SD/SDXL VAE architecture (same shape for both) with random weights."""
    from diffusers import AutoencoderKL

    return AutoencoderKL(**_SD_VAE).eval()


def build_tiny_vae() -> Any:
    """TAESD's architecture (AutoencoderTiny defaults) with random weights."""
    from diffusers import AutoencoderTiny

    return AutoencoderTiny().eval()


def build_pipeline(family: str) -> Any:
    """A whole SD 1.x / 2.x pipeline of real size with random weights (not SDXL)."""
    from diffusers import EulerAncestralDiscreteScheduler, StableDiffusionPipeline
    from transformers import CLIPTextConfig, CLIPTextModel

    from studio.core.models.demo import tiny_tokenizer

    arch = ARCHITECTURE[family]
    if arch not in _TEXT_ENCODERS:
        raise ValueError(f"build_pipeline supports SD 1.x/2.x families, not {family}")
    tokenizer = tiny_tokenizer()
    text_config = CLIPTextConfig(
        vocab_size=49408, max_position_embeddings=77, **_TEXT_ENCODERS[arch]
    )
    scheduler = EulerAncestralDiscreteScheduler(
        beta_start=0.00085,
        beta_end=0.012,
        beta_schedule="scaled_linear",
        timestep_spacing="trailing",
        steps_offset=1,
    )
    return StableDiffusionPipeline(
        vae=build_vae(),
        text_encoder=CLIPTextModel(text_config).eval(),
        tokenizer=tokenizer,
        unet=build_unet(family),
        scheduler=scheduler,
        safety_checker=None,
        feature_extractor=None,
        requires_safety_checker=False,
    )


def unet_inputs(family: str, width: int, height: int, batch: int) -> dict[str, Any]:
    """Random inputs of the right shapes for one UNet call."""
    import torch

    arch = ARCHITECTURE[family]
    latents = torch.randn(batch, 4, height // 8, width // 8)
    text_dim = _UNETS[arch]["cross_attention_dim"]
    inputs: dict[str, Any] = {
        "sample": latents,
        "timestep": torch.tensor(999),
        "encoder_hidden_states": torch.randn(batch, 77, text_dim),
    }
    if arch == "sdxl":
        inputs["added_cond_kwargs"] = {
            "text_embeds": torch.randn(batch, 1280),
            "time_ids": torch.randn(batch, 6),
        }
    return inputs
