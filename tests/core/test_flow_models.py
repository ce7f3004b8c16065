"""FLUX.1 and SD 3.x end to end on tiny random-weight models: recognise, load, generate.

Folders, a lone transformer .safetensors and a GGUF (Q8_0) transformer file each take the
text encoders and VAE from a base folder beside them, as people's downloads do.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np
import pytest
from flow_support import (
    build_tiny_flux,
    build_tiny_sd3,
    flow_request,
    make_flux_lora,
    save_transformer_file,
    tiny_flow_vae,
    write_gguf,
)
from PIL import Image

from studio.core.base.devices import DevicePlan
from studio.core.base.errors import GenerationCancelled, InvalidRequestError, ModelError
from studio.core.base.paths import AppPaths
from studio.core.base.progress import CancelToken, StepProgress
from studio.core.generation.engine import Engine
from studio.core.generation.request import GenerationRequest
from studio.core.imagemeta.lienzo_format import png_info, read_lienzo_payload, read_lienzo_request
from studio.core.models.source import resolve_model


@dataclass(frozen=True)
class FlowModels:
    flux: Path
    flux_dev: Path
    flux_gguf: Path
    sd3: Path
    sd3_file: Path
    sd3_gguf: Path


@pytest.fixture(scope="module")
def models(tmp_path_factory: pytest.TempPathFactory) -> FlowModels:
    root = tmp_path_factory.mktemp("flow-models")
    flux = build_tiny_flux()
    flux.save_pretrained(root / "FLUX.1-schnell")
    tiny_flow_vae().save_pretrained(root / "FLUX.1-schnell" / "tiny_vae")  # TAEF1's shape
    build_tiny_flux(guidance=True).save_pretrained(root / "FLUX.1-dev")
    sd3 = build_tiny_sd3()
    sd3.save_pretrained(root / "sd3.5-tiny")
    return FlowModels(
        flux=root / "FLUX.1-schnell",
        flux_dev=root / "FLUX.1-dev",
        flux_gguf=write_gguf(flux, root / "flux1-schnell-Q8_0.gguf", "flux"),
        sd3=root / "sd3.5-tiny",
        sd3_file=save_transformer_file(sd3, root / "sd3.5_tiny.safetensors"),
        sd3_gguf=write_gguf(sd3, root / "sd3.5_tiny-Q8_0.gguf", "sd3"),
    )


@pytest.fixture(scope="module")
def flow_engine(paths: AppPaths, cpu_plan: DevicePlan) -> Iterator[Engine]:
    engine = Engine(paths, cpu_plan)
    yield engine
    engine.unload()


def _request(model: Path, **changes: object) -> GenerationRequest:
    return flow_request(model, **changes)


def _one(engine: Engine, request: GenerationRequest, **kwargs: object) -> tuple:
    results = list(engine.generate(request, **kwargs))  # type: ignore[arg-type]
    assert len(results) == 1
    return results[0], np.asarray(results[0].image).astype(np.int16)


def test_folders_and_single_files_are_recognised_as_their_family(models: FlowModels) -> None:
    found = {
        path.name: resolve_model(str(path)).family.key
        for path in (models.flux, models.flux_dev, models.flux_gguf, models.sd3, models.sd3_file)
    }
    assert found == {
        "FLUX.1-schnell": "flux-schnell",
        "FLUX.1-dev": "flux-dev",  # by its guidance embedder, not only the name
        "flux1-schnell-Q8_0.gguf": "flux-schnell",
        "sd3.5-tiny": "sd3",
        "sd3.5_tiny.safetensors": "sd3",
    }
    assert resolve_model(str(models.flux_gguf)).kind == "single_file"


def test_flux_generates_with_progress_previews_and_says_the_negative_prompt_was_not_used(
    flow_engine: Engine, models: FlowModels
) -> None:
    steps: list[StepProgress] = []
    request = _request(models.flux, negative_prompt="blurry", width=96, height=64, steps=3)
    result, pixels = _one(flow_engine, request, on_step=steps.append, preview=True)
    assert result.image.size == (96, 64)
    assert [(p.step, p.total_steps) for p in steps] == [(1, 3), (2, 3), (3, 3)]
    # FLUX's packed latents are unpacked for the 1/8-size linear preview.
    assert all(p.preview is not None and p.preview.size == (12, 8) for p in steps)
    assert any("no negative prompt" in warning for warning in result.warnings)
    assert result.model.family == "flux-schnell"
    assert pixels.std() > 0  # a picture, not a flat fill


def test_flux_previews_and_drafts_use_its_16_channel_tiny_decoder(
    flow_engine: Engine, models: FlowModels
) -> None:
    steps: list[StepProgress] = []
    request = _request(models.flux, steps=5, width=96, height=64, draft=True)
    result, _pixels = _one(flow_engine, request, on_step=steps.append, preview=True)
    sizes = [p.preview.size for p in steps if p.preview is not None]
    # Linear previews are 1/8 size; the 4th step's comes from the tiny decoder, full size.
    assert sizes == [(12, 8), (12, 8), (12, 8), (96, 64), (12, 8)]
    assert result.image.size == (96, 64) and result.request.draft
    assert not result.warnings  # the draft decoder was there: nothing to report


def test_a_gguf_transformer_stays_quantized_and_draws_close_to_the_full_weights(
    flow_engine: Engine, models: FlowModels
) -> None:
    _full, full = _one(flow_engine, _request(models.flux))
    _other, other_seed = _one(flow_engine, _request(models.flux, seed=12))
    result, quantized = _one(flow_engine, _request(models.flux_gguf))
    loaded = flow_engine.loaded
    assert loaded is not None
    weight = loaded.pipeline.transformer.transformer_blocks[0].attn.to_q.weight
    assert type(weight).__name__ == "GGUFParameter"  # diffusers' own GGUF layers, not dequantized
    assert result.image.size == (64, 64)
    # Q8_0 rounding changes pixels a little; another seed changes the whole picture.
    assert np.abs(quantized - full).mean() < np.abs(other_seed - full).mean() / 4


def test_metadata_records_the_family_the_quantization_and_the_files(
    flow_engine: Engine, models: FlowModels, tmp_path: Path
) -> None:
    result, _pixels = _one(flow_engine, _request(models.flux_gguf, steps=1))
    saved = tmp_path / "fox.png"
    result.image.save(saved, pnginfo=png_info(result.request, result.model, result.device))
    with Image.open(saved) as reopened:
        chunks = dict(reopened.text)
    payload = read_lienzo_payload(chunks)
    assert payload is not None
    assert payload["model"]["family"] == "flux-schnell"
    assert payload["model"]["quantization"] == "gguf-Q8_0"
    assert payload["model"]["files"] == ["flux1-schnell-Q8_0.gguf", "FLUX.1-schnell"]
    again = read_lienzo_request(chunks)
    assert again is not None and (again.steps, again.sampler) == (1, "Euler")


def test_sd3_from_a_lone_transformer_file_matches_its_folder(
    flow_engine: Engine, models: FlowModels
) -> None:
    _a, from_folder = _one(flow_engine, _request(models.sd3, guidance=4.5, negative_prompt="x"))
    result, from_file = _one(
        flow_engine, _request(models.sd3_file, guidance=4.5, negative_prompt="x")
    )
    assert np.array_equal(from_folder, from_file)
    assert result.model.family == "sd3"
    assert not result.warnings  # SD 3 has a negative prompt: nothing to report


def test_a_non_flow_sampler_is_replaced_and_reported(
    flow_engine: Engine, models: FlowModels
) -> None:
    result, _pixels = _one(flow_engine, _request(models.sd3, sampler="DPM++ 2M Karras"))
    assert result.request.sampler == "Euler"  # what the metadata records is what ran
    assert any("DPM++ 2M Karras" in warning for warning in result.warnings)


def test_cancel_stops_flux_within_the_first_step(flow_engine: Engine, models: FlowModels) -> None:
    token = CancelToken()
    seen: list[int] = []

    def on_step(progress: StepProgress) -> None:
        seen.append(progress.step)
        token.cancel()

    with pytest.raises(GenerationCancelled):
        list(flow_engine.generate(_request(models.flux, steps=4), on_step, token))
    assert seen == [1]


def test_img2img_with_flux_keeps_the_size_and_draws_from_the_picture(
    flow_engine: Engine, models: FlowModels, tmp_path: Path
) -> None:
    drawn = []
    for name, colour in (("red.png", (250, 20, 20)), ("blue.png", (20, 20, 250))):
        Image.new("RGB", (64, 64), colour).save(tmp_path / name)
        request = _request(models.flux, init_image=str(tmp_path / name), strength=0.5, steps=4)
        result, pixels = _one(flow_engine, request)
        assert result.image.size == (64, 64)
        drawn.append(pixels)
    # Random weights draw no fox, but the starting picture must change what comes out.
    assert np.abs(drawn[0] - drawn[1]).mean() > 1.0


def test_flux_sizes_must_be_multiples_of_16_and_are_refused_before_loading(
    models: FlowModels, paths: AppPaths, cpu_plan: DevicePlan
) -> None:
    engine = Engine(paths, cpu_plan)
    with pytest.raises(InvalidRequestError, match="multiple of 16"):
        list(engine.generate(_request(models.flux, width=72)))
    assert engine.loaded is None


def test_a_transformer_file_without_its_base_says_which_repo_to_download(
    models: FlowModels, tmp_path: Path, paths: AppPaths, cpu_plan: DevicePlan
) -> None:
    alone = tmp_path / "flux1-schnell-Q8_0.gguf"
    alone.write_bytes(models.flux_gguf.read_bytes())
    with pytest.raises(ModelError, match=r"black-forest-labs/FLUX\.1-schnell"):
        list(Engine(paths, cpu_plan).generate(_request(alone)))


def test_a_damaged_gguf_file_is_a_clear_error(tmp_path: Path) -> None:
    broken = tmp_path / "flux1-dev-Q4_K_S.gguf"
    broken.write_bytes(b"GGUF" + b"\x03\x00\x00\x00" + b"\xff" * 40)
    with pytest.raises(ModelError, match="damaged or not a GGUF"):
        resolve_model(str(broken))


def test_a_flux_lora_changes_the_picture_and_an_sd_lora_is_refused_clearly(
    flow_engine: Engine, models: FlowModels, tmp_path: Path
) -> None:
    lora = make_flux_lora(models.flux, tmp_path / "fox_style.safetensors")
    _plain, plain = _one(flow_engine, _request(models.flux))
    result, styled = _one(flow_engine, _request(models.flux, loras=((str(lora), 1.0),)))
    assert np.abs(styled - plain).mean() > 0.1  # random weights: a small but real change
    assert [name for name, _hash in result.lora_hashes] == [str(lora)]
    _again, back = _one(flow_engine, _request(models.flux))  # the LoRA is taken off again
    assert np.array_equal(back, plain)
    sd_lora = tmp_path / "sd_style.safetensors"
    from safetensors.numpy import save_file

    save_file({"lora_unet_down_blocks_0_attn.lora_down.weight": np.zeros((4, 8), "f4")}, sd_lora)
    with pytest.raises(ModelError, match=r"made for SD 1\.x/2\.x models .* FLUX\.1 model"):
        list(flow_engine.generate(_request(models.flux, loras=((str(sd_lora), 1.0),))))


@pytest.mark.parametrize(
    ("keys", "family"),
    [
        # ComfyUI / Black Forest Labs names, as in flux1-dev.safetensors and city96's GGUF files
        (["double_blocks.0.img_attn.qkv.weight", "single_blocks.0.linear1.weight"], "flux-schnell"),
        (["model.diffusion_model.double_blocks.0.img_mod.lin.weight",
          "model.diffusion_model.guidance_in.in_layer.weight"], "flux-dev"),
        # Stability's names, as in sd3.5_medium.safetensors (with its text encoders inside)
        (["model.diffusion_model.joint_blocks.0.x_block.attn.qkv.weight",
          "text_encoders.clip_l.transformer.text_model.final_layer_norm.weight"], "sd3"),
    ],
)  # fmt: skip
def test_original_tensor_names_are_recognised_too(
    tmp_path: Path, keys: list[str], family: str
) -> None:
    from safetensors.numpy import save_file

    file = tmp_path / "downloaded.safetensors"
    save_file({key: np.zeros((2, 2), "f2") for key in keys}, str(file))
    assert resolve_model(str(file)).family.key == family


def test_inpainting_with_flux_redraws_only_the_masked_part(
    flow_engine: Engine, models: FlowModels, tmp_path: Path
) -> None:
    rng = np.random.default_rng(5)
    photo = tmp_path / "photo.png"
    Image.fromarray(rng.integers(0, 255, (64, 64, 3), dtype=np.uint8)).save(photo)
    mask = Image.new("L", (64, 64), 0)
    mask.paste(255, (16, 16, 48, 48))
    mask.save(tmp_path / "mask.png")
    request = _request(
        models.flux, init_image=str(photo), mask=str(tmp_path / "mask.png"), strength=0.9
    )
    result, pixels = _one(flow_engine, replace(request, mask_blur=0, steps=2))
    changed = (pixels != np.asarray(Image.open(photo).convert("RGB"))).any(-1)
    assert result.image.size == (64, 64)
    assert changed[16:48, 16:48].mean() > 0.9 and not changed[:16].any()


def test_gguf_files_are_listed_from_other_apps_and_can_be_added_as_models(
    models: FlowModels, paths: AppPaths
) -> None:
    from studio.core.models.library import add_user_model, load_user_models, save_user_models
    from studio.core.models.other_apps import ModelFolder, list_models

    comfy_unet = ModelFolder("ComfyUI", "checkpoint", models.flux_gguf.parent)
    assert "flux1-schnell-Q8_0" in [found.name for found in list_models(comfy_unet)]
    before = load_user_models(paths)
    try:
        entry = add_user_model(paths, models.flux_gguf)
        assert (entry.family, entry.source) == ("FLUX.1 schnell", "file")
    finally:
        save_user_models(paths, before)


def test_an_sd3_gguf_transformer_loads_quantized_and_draws_close_to_its_folder(
    flow_engine: Engine, models: FlowModels
) -> None:
    _full, full = _one(flow_engine, _request(models.sd3, guidance=4.5))
    _other, other_seed = _one(flow_engine, _request(models.sd3, guidance=4.5, seed=12))
    result, quantized = _one(flow_engine, _request(models.sd3_gguf, guidance=4.5))
    loaded = flow_engine.loaded
    assert loaded is not None and result.model.quantization == "gguf-Q8_0"
    assert type(loaded.pipeline.transformer.transformer_blocks[0].attn.to_q.weight).__name__ == (
        "GGUFParameter"
    )
    assert np.abs(quantized - full).mean() < np.abs(other_seed - full).mean() / 4
