"""Build the small random-weight SD1 checkpoint (and a LoRA) a real ComfyUI server accepts.

Run with the ComfyUI venv's python (it has diffusers and ComfyUI's own saver):
    $LIENZO_COMFYUI_VENV/bin/python tests/core/backends/comfy_checkpoint.py BASE_DIR
Writes BASE_DIR/models/checkpoints/tiny-sd1.safetensors (~570 MB, original single-file layout)
and BASE_DIR/models/loras/tiny-lora.safetensors. Random weights: pictures are noise.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

CHECKPOINT = "tiny-sd1.safetensors"
LORA = "tiny-lora.safetensors"


def _diffusers_folder(folder: Path) -> None:
    import torch
    from diffusers import AutoencoderKL, UNet2DConditionModel
    from transformers import CLIPTextConfig, CLIPTextModel

    torch.manual_seed(0)
    unet = UNet2DConditionModel(
        block_out_channels=(320, 640),
        layers_per_block=1,
        down_block_types=("CrossAttnDownBlock2D", "DownBlock2D"),
        up_block_types=("UpBlock2D", "CrossAttnUpBlock2D"),
        cross_attention_dim=768,
        attention_head_dim=8,
    )
    vae = AutoencoderKL(
        block_out_channels=(128, 256, 512, 512),
        down_block_types=("DownEncoderBlock2D",) * 4,
        up_block_types=("UpDecoderBlock2D",) * 4,
        layers_per_block=2,
        latent_channels=4,
        sample_size=512,
    )
    text = CLIPTextModel(
        CLIPTextConfig(
            hidden_size=768,
            intermediate_size=3072,
            num_hidden_layers=12,
            num_attention_heads=12,
            max_position_embeddings=77,
            hidden_act="quick_gelu",
            projection_dim=768,
        )
    )
    unet.half().save_pretrained(folder / "unet")
    vae.half().save_pretrained(folder / "vae")
    text.half().save_pretrained(folder / "text_encoder")


def _lora(path: Path) -> None:
    import torch
    from safetensors.torch import save_file

    torch.manual_seed(1)
    tensors = {}
    for name, width in (
        ("lora_unet_down_blocks_0_attentions_0_transformer_blocks_0_attn1_to_q", 320),
        ("lora_unet_down_blocks_0_attentions_0_transformer_blocks_0_attn1_to_k", 320),
        ("lora_te_text_model_encoder_layers_0_self_attn_q_proj", 768),
    ):
        tensors[f"{name}.lora_down.weight"] = torch.randn(4, width, dtype=torch.float16) * 0.01
        tensors[f"{name}.lora_up.weight"] = torch.randn(width, 4, dtype=torch.float16) * 0.01
        tensors[f"{name}.alpha"] = torch.tensor(4.0, dtype=torch.float16)
    save_file(tensors, str(path))


def _single_file(folder: Path, path: Path) -> None:
    """The original SD layout ComfyUI detects from the weights (a diffusers UNet this small
    is not one of the configs it knows)."""
    from comfy import utils
    from comfy.diffusers_convert import convert_vae_state_dict
    from safetensors.torch import load_file, save_file

    unet = load_file(str(folder / "unet" / "diffusion_pytorch_model.safetensors"))
    layout = {
        "num_res_blocks": [1, 1],
        "channel_mult": [1, 2],
        "transformer_depth": [1, 0],
        "transformer_depth_output": [1, 1, 0, 0],  # popped from the end
        "transformer_depth_middle": 1,
    }
    names = utils.unet_to_diffusers(layout)
    missing = sorted(set(unet) - set(names))
    if missing:
        raise SystemExit(f"unmapped UNet keys: {missing[:5]}")
    tensors = {f"model.diffusion_model.{names[key]}": value for key, value in unet.items()}
    vae = convert_vae_state_dict(
        load_file(str(folder / "vae" / "diffusion_pytorch_model.safetensors"))
    )
    tensors.update({f"first_stage_model.{key}": value for key, value in vae.items()})
    text = load_file(str(folder / "text_encoder" / "model.safetensors"))
    tensors.update({f"cond_stage_model.transformer.{key}": value for key, value in text.items()})
    save_file({key: value.contiguous() for key, value in tensors.items()}, str(path))


def main(base: Path) -> None:
    checkpoints, loras = base / "models" / "checkpoints", base / "models" / "loras"
    checkpoints.mkdir(parents=True, exist_ok=True)
    loras.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as temp:
        _diffusers_folder(Path(temp))
        _single_file(Path(temp), checkpoints / CHECKPOINT)
    _lora(loras / LORA)


if __name__ == "__main__":
    main(Path(sys.argv[1]))
