"""Test helper: write a diffusers SD 1.x pipeline as an original (LDM) single-file checkpoint.

The inverse of diffusers.loaders.single_file_utils' convert_ldm_* functions, for the key
layout of Stable Diffusion 1.x files as found on Civitai, for any number of levels/layers.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

_RESNET_UNET = {
    "norm1": "in_layers.0",
    "conv1": "in_layers.2",
    "norm2": "out_layers.0",
    "conv2": "out_layers.3",
    "time_emb_proj": "emb_layers.1",
    "conv_shortcut": "skip_connection",
}
_UNET_FIXED = {
    "time_embedding.linear_1": "time_embed.0",
    "time_embedding.linear_2": "time_embed.2",
    "conv_in": "input_blocks.0.0",
    "conv_norm_out": "out.0",
    "conv_out": "out.2",
}
_VAE_ATTENTION = {
    "group_norm": "norm",
    "to_q": "q",
    "to_k": "k",
    "to_v": "v",
    "to_out.0": "proj_out",
}


def unet_key(key: str, layers: int, up_has_attention: list[bool]) -> str:
    """The LDM name of a diffusers UNet weight."""
    head, _, leaf = key.rpartition(".")
    for new, old in _UNET_FIXED.items():
        if head == new:
            return f"{old}.{leaf}"
    if m := re.match(r"down_blocks\.(\d+)\.(resnets|attentions)\.(\d+)\.(.*)", key):
        block = 1 + int(m[1]) * (layers + 1) + int(m[3])
        return f"input_blocks.{block}.{_part(m[2], m[4])}"
    if m := re.match(r"down_blocks\.(\d+)\.downsamplers\.0\.conv\.(.*)", key):
        return f"input_blocks.{(int(m[1]) + 1) * (layers + 1)}.0.op.{m[2]}"
    if m := re.match(r"mid_block\.(resnets|attentions)\.(\d+)\.(.*)", key):
        index = 1 if m[1] == "attentions" else 2 * int(m[2])
        return f"middle_block.{index}.{_part(m[1], m[3])[2:]}"
    if m := re.match(r"up_blocks\.(\d+)\.(resnets|attentions)\.(\d+)\.(.*)", key):
        block = int(m[1]) * (layers + 1) + int(m[3])
        return f"output_blocks.{block}.{_part(m[2], m[4])}"
    if m := re.match(r"up_blocks\.(\d+)\.upsamplers\.0\.(.*)", key):
        level = int(m[1])
        slot = 2 if up_has_attention[level] else 1
        return f"output_blocks.{level * (layers + 1) + layers}.{slot}.{m[2]}"
    raise KeyError(key)


def _part(kind: str, rest: str) -> str:
    if kind == "attentions":
        return f"1.{rest}"
    name, _, leaf = rest.rpartition(".")
    return f"0.{_RESNET_UNET.get(name, name)}.{leaf}"


def vae_key(key: str, levels: int) -> str:
    """The LDM name of a diffusers AutoencoderKL weight."""
    key = key.replace("conv_norm_out", "norm_out").replace("conv_shortcut", "nin_shortcut")
    key = re.sub(r"encoder\.down_blocks\.(\d+)\.resnets\.", r"encoder.down.\1.block.", key)
    key = re.sub(
        r"encoder\.down_blocks\.(\d+)\.downsamplers\.0\.", r"encoder.down.\1.downsample.", key
    )
    key = re.sub(
        r"decoder\.up_blocks\.(\d+)\.(resnets|upsamplers\.0)",
        lambda m: (
            f"decoder.up.{levels - 1 - int(m[1])}.{'block' if m[2] == 'resnets' else 'upsample'}"
        ),
        key,
    )
    key = re.sub(r"mid_block\.resnets\.(\d+)", lambda m: f"mid.block_{int(m[1]) + 1}", key)
    if m := re.match(r"(encoder|decoder)\.mid_block\.attentions\.0\.(.*)\.(weight|bias)", key):
        return f"{m[1]}.mid.attn_1.{_VAE_ATTENTION[m[2]]}.{m[3]}"
    return key


def write_sd1_single_file(pipeline: Any, target: Path) -> Path:
    """Save `pipeline` (an SD 1.x StableDiffusionPipeline) as one LDM-layout .safetensors."""
    from safetensors.torch import save_file

    unet = pipeline.unet
    layers = unet.config.layers_per_block
    up_attention = ["CrossAttn" in t for t in unet.config.up_block_types]
    levels = len(pipeline.vae.config.block_out_channels)
    tensors: dict[str, Any] = {}
    for key, value in unet.state_dict().items():
        tensors["model.diffusion_model." + unet_key(key, layers, up_attention)] = value
    for key, value in pipeline.vae.state_dict().items():
        name = vae_key(key, levels)
        if ".mid.attn_1." in name and name.endswith("weight") and value.ndim == 2:
            value = value[:, :, None, None]  # LDM's attention uses 1×1 convolutions
        tensors["first_stage_model." + name] = value
    for key, value in pipeline.text_encoder.state_dict().items():
        key = key if key.startswith("text_model.") else f"text_model.{key}"
        tensors["cond_stage_model.transformer." + key] = value
    save_file({k: v.contiguous() for k, v in tensors.items()}, str(target))
    return target
