"""Transformer weights under their ORIGINAL names, as the files people download hold them.

Black Forest Labs' `flux1-schnell.safetensors` (`double_blocks.0.img_attn.qkv.weight`…) and
Stability's `sd3.5_medium.safetensors` (`model.diffusion_model.joint_blocks.0.x_block…`) fuse
q/k/v into one matrix and order the final modulation shift-then-scale. These functions invert
diffusers' own converters (convert_flux_/convert_sd3_transformer_checkpoint_to_diffusers in
diffusers/loaders/single_file_utils.py) so a test can write such a file from a diffusers model,
and refuse to write one if any diffusers tensor was left unmapped.
"""

from __future__ import annotations

from typing import Any

# original stem <- diffusers stems (several: concatenated along dim 0); ".weight"/".bias" follow
_FLUX_TOP = [
    ("time_in.in_layer", ["time_text_embed.timestep_embedder.linear_1"]),
    ("time_in.out_layer", ["time_text_embed.timestep_embedder.linear_2"]),
    ("vector_in.in_layer", ["time_text_embed.text_embedder.linear_1"]),
    ("vector_in.out_layer", ["time_text_embed.text_embedder.linear_2"]),
    ("guidance_in.in_layer", ["time_text_embed.guidance_embedder.linear_1"]),
    ("guidance_in.out_layer", ["time_text_embed.guidance_embedder.linear_2"]),
    ("txt_in", ["context_embedder"]),
    ("img_in", ["x_embedder"]),
    ("final_layer.linear", ["proj_out"]),
]
_FLUX_DOUBLE = [
    ("img_mod.lin", ["norm1.linear"]),
    ("txt_mod.lin", ["norm1_context.linear"]),
    ("img_attn.qkv", ["attn.to_q", "attn.to_k", "attn.to_v"]),
    ("txt_attn.qkv", ["attn.add_q_proj", "attn.add_k_proj", "attn.add_v_proj"]),
    ("img_attn.norm.query_norm", ["attn.norm_q"]),
    ("img_attn.norm.key_norm", ["attn.norm_k"]),
    ("txt_attn.norm.query_norm", ["attn.norm_added_q"]),
    ("txt_attn.norm.key_norm", ["attn.norm_added_k"]),
    ("img_mlp.0", ["ff.net.0.proj"]),
    ("img_mlp.2", ["ff.net.2"]),
    ("txt_mlp.0", ["ff_context.net.0.proj"]),
    ("txt_mlp.2", ["ff_context.net.2"]),
    ("img_attn.proj", ["attn.to_out.0"]),
    ("txt_attn.proj", ["attn.to_add_out"]),
]
_FLUX_SINGLE = [
    ("modulation.lin", ["norm.linear"]),
    ("linear1", ["attn.to_q", "attn.to_k", "attn.to_v", "proj_mlp"]),
    ("norm.query_norm", ["attn.norm_q"]),
    ("norm.key_norm", ["attn.norm_k"]),
    ("linear2", ["proj_out"]),
]
_SD3_TOP = [
    ("x_embedder.proj", ["pos_embed.proj"]),
    ("t_embedder.mlp.0", ["time_text_embed.timestep_embedder.linear_1"]),
    ("t_embedder.mlp.2", ["time_text_embed.timestep_embedder.linear_2"]),
    ("y_embedder.mlp.0", ["time_text_embed.text_embedder.linear_1"]),
    ("y_embedder.mlp.2", ["time_text_embed.text_embedder.linear_2"]),
    ("context_embedder", ["context_embedder"]),
    ("final_layer.linear", ["proj_out"]),
]
_SD3_JOINT = [
    ("x_block.attn.qkv", ["attn.to_q", "attn.to_k", "attn.to_v"]),
    ("context_block.attn.qkv", ["attn.add_q_proj", "attn.add_k_proj", "attn.add_v_proj"]),
    ("x_block.attn.ln_q", ["attn.norm_q"]),
    ("x_block.attn.ln_k", ["attn.norm_k"]),
    ("context_block.attn.ln_q", ["attn.norm_added_q"]),
    ("context_block.attn.ln_k", ["attn.norm_added_k"]),
    ("x_block.attn.proj", ["attn.to_out.0"]),
    ("context_block.attn.proj", ["attn.to_add_out"]),
    ("x_block.attn2.qkv", ["attn2.to_q", "attn2.to_k", "attn2.to_v"]),
    ("x_block.attn2.ln_q", ["attn2.norm_q"]),
    ("x_block.attn2.ln_k", ["attn2.norm_k"]),
    ("x_block.attn2.proj", ["attn2.to_out.0"]),
    ("x_block.adaLN_modulation.1", ["norm1.linear"]),
    ("context_block.adaLN_modulation.1", ["norm1_context.linear"]),
    ("x_block.mlp.fc1", ["ff.net.0.proj"]),
    ("x_block.mlp.fc2", ["ff.net.2"]),
    ("context_block.mlp.fc1", ["ff_context.net.0.proj"]),
    ("context_block.mlp.fc2", ["ff_context.net.2"]),
]


def _swap_halves(tensor: Any) -> Any:
    """diffusers' swap_scale_shift, which is its own inverse."""
    import torch

    first, second = tensor.chunk(2, dim=0)
    return torch.cat([second, first], dim=0)


class _Renamer:
    def __init__(self, state: dict[str, Any]) -> None:
        self.state = state
        self.left = set(state)
        self.out: dict[str, Any] = {}

    def rename(self, table: list[tuple[str, list[str]]], original: str, diffusers: str) -> None:
        """Every stem of `table`, under `original` / `diffusers` prefixes, where present."""
        import torch

        for target, sources in table:
            for suffix in ("weight", "bias"):
                names = [f"{diffusers}{source}.{suffix}" for source in sources]
                if not all(name in self.left for name in names):
                    continue
                # BFL's RMSNorm weights are called "scale"
                kept = "scale" if target.endswith("_norm") else suffix
                self.left.difference_update(names)
                parts = [self.state[name] for name in names]
                self.out[f"{original}{target}.{kept}"] = torch.cat(parts, dim=0).contiguous()

    def swap(self, original: str, diffusers: str) -> None:
        """A modulation stored shift-then-scale in the original, scale-then-shift in diffusers."""
        for suffix in ("weight", "bias"):
            if f"{diffusers}.{suffix}" in self.left:
                self.left.discard(f"{diffusers}.{suffix}")
                tensor = _swap_halves(self.state[f"{diffusers}.{suffix}"])
                self.out[f"{original}.{suffix}"] = tensor.contiguous()

    def done(self, prefix: str) -> dict[str, Any]:
        if self.left:
            raise AssertionError(f"diffusers tensors with no original name: {sorted(self.left)}")
        return {prefix + name: tensor for name, tensor in self.out.items()}


def _blocks(state: dict[str, Any], stem: str) -> int:
    return len({int(key.split(".")[1]) for key in state if key.startswith(stem + ".")})


def flux_original_state(state: dict[str, Any], prefix: str = "") -> dict[str, Any]:
    """A FluxTransformer2DModel's state dict under Black Forest Labs' names."""
    names = _Renamer(state)
    names.rename(_FLUX_TOP, "", "")
    names.swap("final_layer.adaLN_modulation.1", "norm_out.linear")
    for i in range(_blocks(state, "transformer_blocks")):
        names.rename(_FLUX_DOUBLE, f"double_blocks.{i}.", f"transformer_blocks.{i}.")
    for i in range(_blocks(state, "single_transformer_blocks")):
        names.rename(_FLUX_SINGLE, f"single_blocks.{i}.", f"single_transformer_blocks.{i}.")
    return names.done(prefix)


def sd3_original_state(state: dict[str, Any], prefix: str = "") -> dict[str, Any]:
    """An SD3Transformer2DModel's state dict under Stability's names."""
    names = _Renamer(state)
    names.out["pos_embed"] = state["pos_embed.pos_embed"]
    names.left.discard("pos_embed.pos_embed")
    names.rename(_SD3_TOP, "", "")
    names.swap("final_layer.adaLN_modulation.1", "norm_out.linear")
    last = _blocks(state, "transformer_blocks") - 1
    for i in range(last + 1):
        if i == last:  # the last block's context side only modulates, in the swapped order
            names.swap(
                f"joint_blocks.{i}.context_block.adaLN_modulation.1",
                f"transformer_blocks.{i}.norm1_context.linear",
            )
        names.rename(_SD3_JOINT, f"joint_blocks.{i}.", f"transformer_blocks.{i}.")
    return names.done(prefix)
