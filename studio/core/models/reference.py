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


# FLUX.1 and SD 3.5 (transformer/config.json of the Hub repos). Too big to build whole on
# small machines: the preflight builds a few blocks at real width and extrapolates.
_FLOW_TRANSFORMERS: dict[str, dict[str, Any]] = {
    "flux": {
        "patch_size": 1,
        "in_channels": 64,
        "attention_head_dim": 128,
        "num_attention_heads": 24,
        "joint_attention_dim": 4096,
        "pooled_projection_dim": 768,
        "axes_dims_rope": (16, 56, 56),
    },
    "sd3": {  # 3.5 Medium: MMDiT-X, extra self-attention in the first 13 blocks
        "patch_size": 2,
        "in_channels": 16,
        "out_channels": 16,
        "attention_head_dim": 64,
        "num_attention_heads": 24,
        "joint_attention_dim": 4096,
        "caption_projection_dim": 1536,
        "pooled_projection_dim": 2048,
        "pos_embed_max_size": 384,
        "qk_norm": "rms_norm",
    },
    "sd3-large": {
        "patch_size": 2,
        "in_channels": 16,
        "out_channels": 16,
        "attention_head_dim": 64,
        "num_attention_heads": 38,
        "joint_attention_dim": 4096,
        "caption_projection_dim": 2432,
        "pooled_projection_dim": 2048,
        "pos_embed_max_size": 192,
        "qk_norm": "rms_norm",
    },
}
FLOW_ARCHITECTURE = {
    "flux-schnell": "flux",
    "flux-dev": "flux",
    "sd3": "sd3",
    "sd3-turbo": "sd3-large",
}
# (blocks attribute, index of the block timed, how many such blocks the real model has);
# SD 3's last block (lighter: no text stream after it) is built and timed as it is.
FLOW_BLOCKS: dict[str, tuple[tuple[str, int, int], ...]] = {
    "flux": (("transformer_blocks", 0, 19), ("single_transformer_blocks", 0, 38)),
    "sd3": (("transformer_blocks", 0, 13), ("transformer_blocks", 1, 10)),
    "sd3-large": (("transformer_blocks", 0, 19), ("transformer_blocks", 1, 18)),
}
T5_XXL_LAYERS = 24
FLOW_VAE: dict[str, Any] = {
    **_SD_VAE,
    "latent_channels": 16,
    "use_quant_conv": False,
    "use_post_quant_conv": False,
}


def build_flow_transformer(family: str) -> Any:
    """FLUX/SD3 transformer at real width with only the blocks FLOW_BLOCKS times (+1 last)."""
    import diffusers

    arch = FLOW_ARCHITECTURE[family]
    config = dict(_FLOW_TRANSFORMERS[arch])
    if arch == "flux":
        model_class = diffusers.FluxTransformer2DModel
        config.update(num_layers=1, num_single_layers=1, guidance_embeds=family == "flux-dev")
    else:
        model_class = diffusers.SD3Transformer2DModel
        dual = (0,) if arch == "sd3" else ()  # the third block is the last, lighter one
        config.update(num_layers=3, dual_attention_layers=dual)
    return model_class(**config).eval()


def build_full_flow_transformer(family: str) -> Any:
    """The whole FLUX.1 / SD 3.5 transformer, every block: for machines that can hold it
    (FLUX.1: 11.9B parameters, 24 GB in bf16). Build it under a `torch.device` context."""
    import diffusers

    arch = FLOW_ARCHITECTURE[family]
    config = dict(_FLOW_TRANSFORMERS[arch])
    if arch == "flux":
        config.update(num_layers=19, num_single_layers=38, guidance_embeds=family == "flux-dev")
        return diffusers.FluxTransformer2DModel(**config).eval()
    dual = tuple(range(13)) if arch == "sd3" else ()
    config.update(num_layers=24 if arch == "sd3" else 38, dual_attention_layers=dual)
    return diffusers.SD3Transformer2DModel(**config).eval()


def flow_inputs(family: str, width: int, height: int, batch: int) -> dict[str, Any]:
    """Random inputs of the right shapes for one transformer call (text: T5 + CLIP tokens)."""
    import torch

    arch = FLOW_ARCHITECTURE[family]
    if arch != "flux":
        text = 256 + 77  # SD 3's T5 tokens and CLIP tokens, side by side
        return {
            "hidden_states": torch.randn(batch, 16, height // 8, width // 8),
            "encoder_hidden_states": torch.randn(batch, text, 4096),
            "pooled_projections": torch.randn(batch, 2048),
            "timestep": torch.full((batch,), 999.0),
        }
    tokens = (height // 16) * (width // 16)  # 2×2 latent patches
    text = 256 if family == "flux-schnell" else 512
    inputs = {
        "hidden_states": torch.randn(batch, tokens, 64),
        "encoder_hidden_states": torch.randn(batch, text, 4096),
        "pooled_projections": torch.randn(batch, 768),
        "timestep": torch.full((batch,), 1.0),
        "img_ids": torch.zeros(tokens, 3),
        "txt_ids": torch.zeros(text, 3),
    }
    if family == "flux-dev":
        inputs["guidance"] = torch.full((batch,), 3.5)
    return inputs


def build_flow_vae() -> Any:
    """The FLUX.1 / SD 3 VAE: the SD VAE's shape with 16 latent channels, no quant convs."""
    from diffusers import AutoencoderKL

    return AutoencoderKL(**FLOW_VAE).eval()


def build_flow_tiny_vae() -> Any:
    """TAEF1 / TAESD3's architecture: TAESD with 16 latent channels."""
    from diffusers import AutoencoderTiny

    return AutoencoderTiny(latent_channels=16).eval()


def build_t5_xxl(layers: int) -> Any:
    """T5-XXL's encoder (google/t5-v1_1-xxl config) with `layers` of its 24 layers."""
    from transformers import T5Config, T5EncoderModel

    config = T5Config(
        vocab_size=32128,
        d_model=4096,
        d_ff=10240,
        d_kv=64,
        num_heads=64,
        num_layers=layers,
        feed_forward_proj="gated-gelu",
    )
    return T5EncoderModel(config).eval()


def build_clip(hidden: int, layers: int, heads: int, projection: bool) -> Any:
    """A CLIP text encoder: CLIP-L (768, 12, 12) or OpenCLIP bigG (1280, 32, 20)."""
    from transformers import CLIPTextConfig, CLIPTextModel, CLIPTextModelWithProjection

    config = CLIPTextConfig(
        vocab_size=49408,
        hidden_size=hidden,
        intermediate_size=hidden * 4,
        num_hidden_layers=layers,
        num_attention_heads=heads,
        max_position_embeddings=77,
        projection_dim=hidden,
    )
    return (CLIPTextModelWithProjection if projection else CLIPTextModel)(config).eval()
