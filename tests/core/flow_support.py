"""Tiny random-weight FLUX.1 and SD 3.x pipelines built from config, and a GGUF writer.

Real architectures (16-channel latents, the VAE's 8× downscale, T5 + CLIP encoders), widths
of 32 like diffusers' own tests (tests/pipelines/flux, tests/pipelines/stable_diffusion_3).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

_CHARS = [chr(code) for code in range(33, 127)]


def tiny_t5_tokenizer() -> Any:
    """A T5 tokenizer (Unigram over single characters): real tokenization, tiny vocabulary."""
    from tokenizers import Tokenizer, decoders, models, pre_tokenizers
    from transformers import T5TokenizerFast

    vocab = [("<pad>", 0.0), ("</s>", 0.0), ("<unk>", 0.0), ("▁", -1.0)]
    vocab += [(c, -2.0) for c in _CHARS] + [("▁" + c, -1.5) for c in _CHARS]
    model = Tokenizer(models.Unigram(vocab, unk_id=2))
    model.pre_tokenizer = pre_tokenizers.Metaspace()
    model.decoder = decoders.Metaspace()
    return T5TokenizerFast(
        tokenizer_object=model, eos_token="</s>", unk_token="<unk>", pad_token="<pad>", extra_ids=0
    )


def _t5(tokenizer: Any) -> Any:
    from transformers import T5Config, T5EncoderModel

    config = T5Config(
        vocab_size=len(tokenizer),
        d_model=32,
        d_ff=37,
        d_kv=8,
        num_layers=2,
        num_heads=4,
        relative_attention_num_buckets=8,
        pad_token_id=tokenizer.pad_token_id,
        eos_token_id=tokenizer.eos_token_id,
    )
    return T5EncoderModel(config)


def _clip(with_projection: bool) -> tuple[Any, Any]:
    from transformers import CLIPTextModel, CLIPTextModelWithProjection

    from studio.core.models.demo import tiny_clip_config, tiny_tokenizer

    tokenizer = tiny_tokenizer()
    config = tiny_clip_config(tokenizer, projection_dim=32)
    model = CLIPTextModelWithProjection(config) if with_projection else CLIPTextModel(config)
    return model, tokenizer


def _vae(shift: float, scale: float) -> Any:
    from studio.core.models.demo import tiny_kl_vae

    return tiny_kl_vae(
        sample_size=128,
        latent_channels=16,
        use_quant_conv=False,
        use_post_quant_conv=False,
        shift_factor=shift,
        scaling_factor=scale,
    )


def build_tiny_flux(guidance: bool = False) -> Any:
    """A FluxPipeline with random weights; `guidance` makes it a "dev" (distilled guidance)."""
    import torch
    from diffusers import FlowMatchEulerDiscreteScheduler, FluxPipeline, FluxTransformer2DModel

    with torch.random.fork_rng():
        torch.manual_seed(0)
        transformer = FluxTransformer2DModel(
            patch_size=1,
            in_channels=64,
            num_layers=1,
            num_single_layers=1,
            attention_head_dim=16,
            num_attention_heads=2,
            joint_attention_dim=32,
            pooled_projection_dim=32,
            guidance_embeds=guidance,
            axes_dims_rope=(4, 4, 8),
        )
        text_encoder, tokenizer = _clip(with_projection=False)
        tokenizer_2 = tiny_t5_tokenizer()
        text_encoder_2 = _t5(tokenizer_2)
        vae = _vae(0.1159, 0.3611)  # FLUX.1's VAE constants
    scheduler = FlowMatchEulerDiscreteScheduler(shift=1.0, use_dynamic_shifting=not guidance)
    return FluxPipeline(
        scheduler=scheduler,
        vae=vae,
        text_encoder=text_encoder,
        tokenizer=tokenizer,
        text_encoder_2=text_encoder_2,
        tokenizer_2=tokenizer_2,
        transformer=transformer,
    )


def tiny_sd3_transformer(**layout: Any) -> Any:
    """An SD3Transformer2DModel at toy width; `layout` adds e.g. SD 3.5 Medium's options."""
    from diffusers import SD3Transformer2DModel

    return SD3Transformer2DModel(
        sample_size=32,
        patch_size=2,
        in_channels=16,
        num_layers=2,
        attention_head_dim=8,
        num_attention_heads=4,
        caption_projection_dim=32,
        joint_attention_dim=32,
        pooled_projection_dim=64,
        out_channels=16,
        **layout,
    )


def flow_request(model: Path, **changes: object) -> Any:
    """A small FLUX/SD3 request: 64², 2 Euler steps, no guidance unless changed."""
    from studio.core.generation.request import GenerationRequest

    values: dict[str, object] = dict(
        prompt="a red fox in the snow",
        model=str(model),
        seed=11,
        steps=2,
        guidance=0.0,
        width=64,
        height=64,
        sampler="Euler",
    )
    values.update(changes)
    return GenerationRequest(**values)  # type: ignore[arg-type]


def build_tiny_sd3() -> Any:
    """A StableDiffusion3Pipeline with random weights (two CLIPs and a T5, like SD 3.5)."""
    import torch
    from diffusers import FlowMatchEulerDiscreteScheduler, StableDiffusion3Pipeline

    with torch.random.fork_rng():
        torch.manual_seed(0)
        transformer = tiny_sd3_transformer()
        text_encoder, tokenizer = _clip(with_projection=True)
        text_encoder_2, tokenizer_2 = _clip(with_projection=True)
        tokenizer_3 = tiny_t5_tokenizer()
        text_encoder_3 = _t5(tokenizer_3)
        vae = _vae(0.0609, 1.5305)  # SD 3.x's VAE constants
    return StableDiffusion3Pipeline(
        scheduler=FlowMatchEulerDiscreteScheduler(shift=3.0),
        vae=vae,
        text_encoder=text_encoder,
        tokenizer=tokenizer,
        text_encoder_2=text_encoder_2,
        tokenizer_2=tokenizer_2,
        text_encoder_3=text_encoder_3,
        tokenizer_3=tokenizer_3,
        transformer=transformer,
    )


def tiny_flow_vae() -> Any:
    """A tiny decoder of TAEF1/TAESD3's kind (16 latent channels) at toy widths."""
    import torch
    from diffusers import AutoencoderTiny

    with torch.random.fork_rng():
        torch.manual_seed(2)
        return AutoencoderTiny(
            encoder_block_out_channels=(8, 8, 8, 8),
            decoder_block_out_channels=(8, 8, 8, 8),
            num_encoder_blocks=(1, 1, 1, 1),
            num_decoder_blocks=(1, 1, 1, 1),
            latent_channels=16,
        )


def save_transformer_file(pipeline: Any, target: Path) -> Path:
    """The transformer alone as one .safetensors file (what people download), diffusers keys."""
    from safetensors.torch import save_file

    state = {k: v.contiguous() for k, v in pipeline.transformer.state_dict().items()}
    save_file(state, str(target))
    return target


def write_gguf(pipeline: Any, target: Path, arch: str) -> Path:
    """The transformer's weights as a GGUF file: Linear weights Q8_0, the rest F16."""
    return write_gguf_state(pipeline.transformer.state_dict(), target, arch)


def write_gguf_state(state: dict[str, Any], target: Path, arch: str) -> Path:
    """Tensors (any names: diffusers' or the original ones) as a GGUF file, Q8_0 / F16."""
    import gguf
    import numpy as np

    writer = gguf.GGUFWriter(str(target), arch=arch)
    for name, tensor in state.items():
        array = tensor.detach().to("cpu").float().numpy()
        # Linear weights only, like the real converters: convolutions, position tables and
        # norms stay F16 (diffusers dequantizes GGUF weights inside its Linear layers only).
        if array.ndim == 2 and name.endswith(".weight") and array.shape[-1] % 32 == 0:
            quantized = gguf.quants.quantize(array, gguf.GGMLQuantizationType.Q8_0)
            writer.add_tensor(name, quantized, raw_dtype=gguf.GGMLQuantizationType.Q8_0)
        else:
            writer.add_tensor(name, array.astype(np.float16))
    writer.write_header_to_file()
    writer.write_kv_data_to_file()
    writer.write_tensors_to_file()
    writer.close()
    return target


def make_flux_lora(model_folder: Path, target: Path) -> Path:
    """A rank-4 attention LoRA for the tiny FLUX transformer, saved as diffusers saves them."""
    import torch
    from diffusers import FluxPipeline
    from peft import LoraConfig
    from peft.utils import get_peft_model_state_dict

    trainer = FluxPipeline.from_pretrained(model_folder)
    torch.manual_seed(3)
    config = LoraConfig(r=4, target_modules=["to_q", "to_k", "to_v"], init_lora_weights=False)
    trainer.transformer.add_adapter(config)
    FluxPipeline.save_lora_weights(
        target.parent,
        transformer_lora_layers=get_peft_model_state_dict(trainer.transformer),
        weight_name=target.name,
    )
    return target
