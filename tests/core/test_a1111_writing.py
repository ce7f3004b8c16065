"""What we write in A1111's 1.9+ layout: A1111's key order, and every value read back the same
through our reader (text alone, without our JSON) and through sd-parsers."""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

import pytest
from PIL import Image
from PIL.PngImagePlugin import PngInfo
from sd_parsers import ParserManager

from studio.core.generation.request import SAMPLERS, GenerationRequest
from studio.core.imagemeta.image_settings import read_image_settings
from studio.core.imagemeta.lienzo_format import a1111_parameters
from studio.core.models.source import ModelStamp

STAMP = ModelStamp(name="dreamshaper_8", hash="879db523c3", family="sd15")
BASE = GenerationRequest(
    prompt="a lighthouse at dusk, oil painting",
    negative_prompt="blurry, lowres",
    model="dreamshaper_8",
    seed=1234567890,
    steps=25,
    guidance=6.5,
    width=512,
    height=768,
)
# The keys of AUTOMATIC1111 1.10's create_infotext (modules/processing.py), in its order;
# extra_generation_params (Mask blur, Lora hashes…) come after Clip skip, Version last.
A1111_ORDER = (
    "Steps", "Sampler", "Schedule type", "CFG scale", "Seed", "Size", "Model hash", "Model",
    "VAE hash", "VAE", "Denoising strength", "Clip skip", "Mask blur", "Inpaint area",
    "Masked area padding", "Lora hashes", "Version",
)  # fmt: skip
CASES = {
    **{f"sampler {name}": replace(BASE, sampler=name) for name in SAMPLERS},
    "img2img": replace(BASE, init_image="photo.png", strength=0.55),
    "draft decoder": replace(BASE, draft=True),
    "loras": replace(BASE, loras=(("add_detail", 0.8), ("/loras/ghibli.safetensors", 0.6))),
    "inpaint full res": replace(
        BASE, init_image="photo.png", mask="mask.png", strength=0.9, inpaint_full_res=True
    ),
}


def text_png(tmp_path: Path, text: str) -> Path:
    info = PngInfo()
    info.add_text("parameters", text)
    path = tmp_path / "ours.png"
    Image.new("RGB", (8, 8), "navy").save(path, pnginfo=info)
    return path


def keys(text: str) -> list[str]:
    return re.findall(r"(?:^|, )([A-Z][A-Za-z0-9 ]*): ", text.splitlines()[-1])


def test_current_layout_splits_sampler_and_schedule() -> None:
    text = a1111_parameters(replace(BASE, sampler="DPM++ 2M Karras"), STAMP)
    assert text.splitlines()[-1].startswith(
        "Steps: 25, Sampler: DPM++ 2M, Schedule type: Karras, CFG scale: 6.5, Seed: 1234567890, "
        "Size: 512x768, Model hash: 879db523c3, Model: dreamshaper_8, Version: Lienzo Studio"
    )


@pytest.mark.parametrize("case", sorted(CASES))
def test_keys_follow_a1111_order(case: str) -> None:
    written = keys(a1111_parameters(CASES[case], STAMP, {"add_detail": "0a1b2c3d4e5f"}))
    assert set(written) <= set(A1111_ORDER), written
    assert written == sorted(written, key=A1111_ORDER.index)


def test_keys_written_only_when_they_apply() -> None:
    plain = keys(a1111_parameters(BASE, STAMP))
    assert not {"Denoising strength", "VAE", "Lora hashes", "Mask blur", "Clip skip"} & set(plain)
    assert "Denoising strength: 0.55" in a1111_parameters(CASES["img2img"], STAMP)
    assert "VAE: taesd" in a1111_parameters(CASES["draft decoder"], STAMP)
    with_hashes = a1111_parameters(CASES["loras"], STAMP, {"ghibli": "ffee00112233"})
    assert 'Lora hashes: "ghibli: ffee00112233"' in with_hashes
    assert "Mask blur: 4, Inpaint area: Only masked, Masked area padding: 32" in (
        a1111_parameters(CASES["inpaint full res"], STAMP)
    )


@pytest.mark.parametrize("case", sorted(CASES))
def test_what_we_write_reads_back_identically_through_our_reader(tmp_path: Path, case: str) -> None:
    request = CASES[case]
    settings = read_image_settings(text_png(tmp_path, a1111_parameters(request, STAMP)))
    assert settings is not None and settings.warnings == ()
    fields = settings.to_request_fields()
    expected_prompt = request.prompt + "".join(
        f" <lora:{Path(name).stem}:{weight:g}>" for name, weight in request.loras
    )
    assert fields["prompt"] == settings.prompt == expected_prompt
    assert [(name, model) for name, model, _ in settings.loras] == [
        (Path(name).stem, weight) for name, weight in request.loras
    ]
    for name in ("negative_prompt", "seed", "steps", "guidance", "sampler", "width", "height"):
        assert fields[name] == getattr(request, name), name
    assert fields.get("strength") == (request.strength if request.is_img2img else None)
    assert (settings.model, settings.model_hash) == (STAMP.name, STAMP.hash)


@pytest.mark.parametrize("case", sorted(CASES))
def test_what_we_write_reads_back_identically_through_sd_parsers(tmp_path: Path, case: str) -> None:
    request = CASES[case]
    ours = read_image_settings(text_png(tmp_path, a1111_parameters(request, STAMP)))
    info = ParserManager().parse(tmp_path / "ours.png")
    assert ours is not None and info is not None and info.generator.value == "AUTOMATIC1111"
    [sampler] = info.samplers
    assert [p.value for p in sampler.prompts] == [ours.prompt]
    assert [p.value for p in sampler.negative_prompts] == [ours.negative_prompt]
    assert (sampler.name, sampler.parameters.get("scheduler")) == (
        ours.original_sampler,
        ours.scheduler,
    )
    assert sampler.parameters["seed"] == str(ours.seed)
    assert sampler.parameters["steps"] == str(ours.steps)
    assert float(sampler.parameters["cfg_scale"]) == ours.guidance
    assert (sampler.model.name, sampler.model.hash) == (ours.model, ours.model_hash)
    assert info.metadata["Size"] == f"{ours.width}x{ours.height}"


def test_our_json_gives_the_loras_back_for_reuse(tmp_path: Path) -> None:
    from studio.core.imagemeta.lienzo_format import png_info

    path = tmp_path / "ours.png"
    Image.new("RGB", (8, 8)).save(path, pnginfo=png_info(CASES["loras"], STAMP, "cpu"))
    settings = read_image_settings(path)
    assert settings is not None and settings.prompt == BASE.prompt
    assert settings.loras == (("add_detail", 0.8, 0.8), ("ghibli.safetensors", 0.6, 0.6))
    assert settings.to_request_fields()["prompt"] == (
        f"{BASE.prompt} <lora:add_detail:0.8> <lora:ghibli:0.6>"
    )


def test_lora_typed_in_the_prompt_gets_its_hash_too() -> None:
    request = replace(BASE, prompt="a cat <lora:ink_style:0.5>", loras=(("ghibli", 0.6),))
    text = a1111_parameters(request, STAMP, {"ink_style": "0123456789ab", "ghibli": "ffee00112233"})
    assert 'Lora hashes: "ghibli: ffee00112233, ink_style: 0123456789ab"' in text
