"""The single files people download, under their original tensor names, loaded and drawn.

`flux1-schnell.safetensors` (Black Forest Labs' names, bfloat16) and `sd3.5_medium.safetensors`
(Stability's names under `model.diffusion_model.`) sit beside a diffusers base folder that
lends them text encoders, tokenizers and VAE, as `studio --model path/to/file` finds it.
diffusers' FLUX converter assumes FLUX.1's real width (3072 = 24 heads × 128) to split the
single blocks' fused projection, so the FLUX transformer here has that width, with one double
and one single block (~0.53 B parameters, a 1 GB file) and small text-context dims that the
tiny base's encoders match.
"""

from __future__ import annotations

import gc
import hashlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from flow_support import (
    build_tiny_flux,
    build_tiny_sd3,
    flow_request,
    tiny_sd3_transformer,
    write_gguf_state,
)
from original_names import flux_original_state, sd3_original_state

from studio.core.base.devices import DevicePlan
from studio.core.base.errors import ModelError
from studio.core.base.paths import AppPaths
from studio.core.generation.engine import Engine
from studio.core.models.source import resolve_model


@dataclass(frozen=True)
class Download:
    file: Path
    base: Path
    fingerprints: dict[str, str]  # diffusers tensor name -> sha1 of its float32 values
    gguf: Path | None = None  # the same weights, Q8_0, as city96's GGUF files name them


def _fingerprints(state: dict[str, Any]) -> dict[str, str]:
    return {
        name: hashlib.sha1(tensor.detach().float().contiguous().numpy().tobytes()).hexdigest()
        for name, tensor in state.items()
    }


def _real_width_flux() -> Any:
    """FLUX.1's width and heads, 1 double + 1 single block, built straight in bfloat16."""
    import torch
    from diffusers import FluxTransformer2DModel

    previous = torch.get_default_dtype()
    with torch.random.fork_rng():
        torch.manual_seed(5)
        torch.set_default_dtype(torch.bfloat16)
        try:
            return FluxTransformer2DModel(
                patch_size=1,
                in_channels=64,
                num_layers=1,
                num_single_layers=1,
                attention_head_dim=128,
                num_attention_heads=24,
                joint_attention_dim=32,  # the tiny T5's d_model
                pooled_projection_dim=32,  # the tiny CLIP's width
                guidance_embeds=False,
                axes_dims_rope=(16, 56, 56),  # FLUX.1's
            )
        finally:
            torch.set_default_dtype(previous)


@pytest.fixture(scope="module")
def flux_download(tmp_path_factory: pytest.TempPathFactory) -> Download:
    from safetensors.torch import save_file

    root = tmp_path_factory.mktemp("flux-download")
    base = root / "FLUX.1-schnell"
    build_tiny_flux().save_pretrained(base)
    transformer = _real_width_flux()
    # The base lends the transformer's config; its own tiny weights are not what is drawn with.
    transformer.save_config(base / "transformer")
    (base / "transformer" / "diffusion_pytorch_model.safetensors").unlink()
    state = transformer.state_dict()
    fingerprints = _fingerprints(state)
    original = flux_original_state(state)
    file = root / "flux1-schnell.safetensors"
    save_file(original, str(file))
    gguf = write_gguf_state(original, root / "flux1-schnell-Q8_0.gguf", "flux")
    del transformer, state, original
    gc.collect()
    return Download(file, base, fingerprints, gguf)


@pytest.fixture(scope="module")
def flux_engine(paths: AppPaths, cpu_plan: DevicePlan) -> Iterator[Engine]:
    engine = Engine(paths, cpu_plan)
    yield engine
    engine.unload()


@pytest.fixture(scope="module")
def sd3_download(tmp_path_factory: pytest.TempPathFactory) -> Download:
    """SD 3.5 Medium's layout at toy width: a dual-attention block and RMS q/k norms."""
    import torch
    from diffusers import StableDiffusion3Pipeline
    from safetensors.torch import save_file

    root = tmp_path_factory.mktemp("sd3-download")
    with torch.random.fork_rng():
        torch.manual_seed(6)
        transformer = tiny_sd3_transformer(dual_attention_layers=(0,), qk_norm="rms_norm")
    components = {**build_tiny_sd3().components, "transformer": transformer}
    base = root / "stable-diffusion-3.5-medium"
    StableDiffusion3Pipeline(**components).save_pretrained(base)
    state = transformer.state_dict()
    original = sd3_original_state(state, prefix="model.diffusion_model.")
    # Stability's file also carries text encoders; the transformer loader must skip them.
    original["text_encoders.clip_l.transformer.text_model.final_layer_norm.weight"] = torch.ones(8)
    file = root / "sd3.5_medium.safetensors"
    save_file(original, str(file))
    return Download(file, base, _fingerprints(state))


def _draw(engine: Engine, request: Any) -> tuple[Any, np.ndarray]:
    results = list(engine.generate(request))
    assert len(results) == 1
    return results[0], np.asarray(results[0].image).astype(np.int16)


def _loaded_fingerprints(engine: Engine) -> dict[str, str]:
    assert engine.loaded is not None
    return _fingerprints(engine.loaded.pipeline.transformer.state_dict())


@pytest.mark.slow
def test_a_flux1_file_with_black_forest_labs_names_loads_at_real_width_and_draws(
    flux_download: Download, flux_engine: Engine
) -> None:
    assert resolve_model(str(flux_download.file)).family.key == "flux-schnell"
    result, pixels = _draw(flux_engine, flow_request(flux_download.file, steps=1))
    # every tensor arrived under its diffusers name with the values written (q/k/v split
    # back out of the fused matrices, the final modulation's halves swapped back)
    assert _loaded_fingerprints(flux_engine) == flux_download.fingerprints
    config = flux_engine.loaded.pipeline.transformer.config  # type: ignore[union-attr]
    assert config.num_attention_heads * config.attention_head_dim == 3072
    assert result.image.size == (64, 64)
    assert pixels.std() > 1.0  # a picture, not a flat or NaN-black square
    assert result.model.family == "flux-schnell"
    assert result.model.files == ("flux1-schnell.safetensors", "FLUX.1-schnell")


@pytest.mark.slow
def test_a_flux1_gguf_with_original_names_stays_quantized_and_draws_like_the_full_file(
    flux_download: Download, flux_engine: Engine
) -> None:
    assert flux_download.gguf is not None
    _full, full = _draw(flux_engine, flow_request(flux_download.file, steps=1))
    _other, other_seed = _draw(flux_engine, flow_request(flux_download.file, steps=1, seed=12))
    result, quantized = _draw(flux_engine, flow_request(flux_download.gguf, steps=1))
    transformer = flux_engine.loaded.pipeline.transformer  # type: ignore[union-attr]
    for layer in (
        transformer.transformer_blocks[0].attn.to_q,
        transformer.single_transformer_blocks[0].proj_mlp,
    ):
        assert type(layer.weight).__name__ == "GGUFParameter"  # split out of a fused Q8_0 matrix
    assert result.model.quantization == "gguf-Q8_0"
    assert result.model.files == ("flux1-schnell-Q8_0.gguf", "FLUX.1-schnell")
    # Q8_0 rounding changes pixels a little; another seed changes the whole picture.
    assert np.abs(quantized - full).mean() < np.abs(other_seed - full).mean() / 4


def test_an_sd35_file_with_stability_names_draws_what_its_folder_draws(
    sd3_download: Download, paths: AppPaths, cpu_plan: DevicePlan
) -> None:
    assert resolve_model(str(sd3_download.file)).family.key == "sd3"
    engine = Engine(paths, cpu_plan)
    try:
        _folder, from_folder = _draw(engine, flow_request(sd3_download.base, guidance=4.5, steps=1))
        result, from_file = _draw(engine, flow_request(sd3_download.file, guidance=4.5, steps=1))
        assert _loaded_fingerprints(engine) == sd3_download.fingerprints
    finally:
        engine.unload()
    assert np.array_equal(from_folder, from_file)
    assert result.model.files == ("sd3.5_medium.safetensors", "stable-diffusion-3.5-medium")


def test_a_comfyui_scaled_fp8_file_is_refused_with_a_clear_message_not_drawn_as_noise(
    sd3_download: Download, paths: AppPaths, cpu_plan: DevicePlan
) -> None:
    import torch
    from safetensors.torch import load_file, save_file

    tensors = load_file(str(sd3_download.file))
    weight = "model.diffusion_model.joint_blocks.0.x_block.attn.qkv.weight"
    tensors[weight] = tensors[weight].to(torch.float8_e4m3fn)
    tensors[weight.replace(".weight", ".scale_weight")] = torch.tensor(0.02)
    tensors["model.diffusion_model.scaled_fp8"] = torch.empty(0, dtype=torch.float8_e4m3fn)
    scaled = sd3_download.base.parent / "sd3.5_medium_fp8_scaled.safetensors"
    save_file(tensors, str(scaled))
    engine = Engine(paths, cpu_plan)
    with pytest.raises(ModelError, match=r"scaled fp8.*GGUF") as refused:
        list(engine.generate(flow_request(scaled, steps=1)))
    assert "fp8 escalado" in refused.value.es
    assert engine.loaded is None


def test_a_plain_fp8_file_loads_upcast_and_draws_close_to_the_full_weights(
    sd3_download: Download, paths: AppPaths, cpu_plan: DevicePlan
) -> None:
    import torch
    from safetensors.torch import load_file, save_file

    tensors = load_file(str(sd3_download.file))
    fp8 = {k: v.to(torch.float8_e4m3fn) if v.ndim == 2 else v for k, v in tensors.items()}
    file = sd3_download.base.parent / "sd3.5_medium_fp8_e4m3fn.safetensors"
    save_file(fp8, str(file))
    engine = Engine(paths, cpu_plan)
    try:
        _full, full = _draw(engine, flow_request(sd3_download.base, steps=1, guidance=4.5))
        _other, other = _draw(
            engine, flow_request(sd3_download.base, steps=1, guidance=4.5, seed=12)
        )
        _fp8, upcast = _draw(engine, flow_request(file, steps=1, guidance=4.5))
    finally:
        engine.unload()
    # fp8 rounding changes pixels a little; another seed changes the whole picture.
    assert np.abs(upcast - full).mean() < np.abs(other - full).mean() / 4


def test_an_all_in_one_file_without_its_base_says_what_it_bundles_and_what_to_download(
    sd3_download: Download, paths: AppPaths, cpu_plan: DevicePlan, tmp_path: Path
) -> None:
    alone = tmp_path / "sd3.5_medium.safetensors"  # its text-encoder keys, no base beside it
    alone.write_bytes(sd3_download.file.read_bytes())
    with pytest.raises(ModelError, match=r"bundles text encoders .* stabilityai/stable-diff"):
        list(Engine(paths, cpu_plan).generate(flow_request(alone, steps=1)))
