"""Test helper: a tiny SDXL pipeline with random weights, built from config (no download)."""

from __future__ import annotations

from pathlib import Path
from typing import Any


def build_tiny_xl(in_channels: int = 4) -> Any:
    """StableDiffusionXLPipeline with the real SDXL structure (two text encoders, pooled
    embeddings, size conditioning) at toy sizes; 9 input channels makes it an inpainting one."""
    import torch
    from diffusers import (
        EulerDiscreteScheduler,
        StableDiffusionXLPipeline,
        UNet2DConditionModel,
    )
    from transformers import CLIPTextModel, CLIPTextModelWithProjection

    from studio.core.models.demo import tiny_clip_config, tiny_kl_vae, tiny_tokenizer

    with torch.random.fork_rng():
        torch.manual_seed(0)
        tokenizer = tiny_tokenizer()
        unet = UNet2DConditionModel(
            block_out_channels=(32, 64),
            layers_per_block=1,
            sample_size=32,
            in_channels=in_channels,
            out_channels=4,
            down_block_types=("DownBlock2D", "CrossAttnDownBlock2D"),
            up_block_types=("CrossAttnUpBlock2D", "UpBlock2D"),
            attention_head_dim=(2, 4),
            use_linear_projection=True,
            addition_embed_type="text_time",
            addition_time_embed_dim=8,
            transformer_layers_per_block=(1, 2),
            projection_class_embeddings_input_dim=6 * 8 + 32,  # six size numbers + pooled
            cross_attention_dim=64,  # both encoders' 32, side by side
            norm_num_groups=8,
        )
        vae = tiny_kl_vae(sample_size=128)
        text = tiny_clip_config(tokenizer, projection_dim=32, hidden_act="gelu")
        encoder, encoder_2 = CLIPTextModel(text), CLIPTextModelWithProjection(text)
    scheduler = EulerDiscreteScheduler(
        beta_start=0.00085, beta_end=0.012, beta_schedule="scaled_linear", steps_offset=1
    )
    return StableDiffusionXLPipeline(
        vae=vae,
        text_encoder=encoder,
        text_encoder_2=encoder_2,
        tokenizer=tokenizer,
        tokenizer_2=tokenizer,
        unet=unet,
        scheduler=scheduler,
    )


def save_tiny_xl(folder: Path, in_channels: int = 4) -> Path:
    build_tiny_xl(in_channels).save_pretrained(folder, safe_serialization=True)
    return folder
