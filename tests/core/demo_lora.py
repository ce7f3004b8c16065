"""A LoRA for the demo model with non-zero weights, written the way trainers write them."""

from __future__ import annotations

from pathlib import Path


def make_demo_lora(model_folder: Path, target: Path, seed: int = 0) -> Path:
    """Save a rank-4 attention LoRA for the demo UNet as `target` (.safetensors)."""
    import torch
    from diffusers import StableDiffusionPipeline
    from peft import LoraConfig
    from peft.utils import get_peft_model_state_dict

    trainer = StableDiffusionPipeline.from_pretrained(
        model_folder, safety_checker=None, requires_safety_checker=False
    )
    torch.manual_seed(seed)
    config = LoraConfig(r=4, target_modules=["to_q", "to_k", "to_v"], init_lora_weights=False)
    trainer.unet.add_adapter(config)
    StableDiffusionPipeline.save_lora_weights(
        target.parent,
        unet_lora_layers=get_peft_model_state_dict(trainer.unet),
        weight_name=target.name,
    )
    return target
