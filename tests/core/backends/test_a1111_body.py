"""The A1111 body of one image: what AUTOMATIC1111/Forge would be asked, field by field."""

from __future__ import annotations

import base64

import pytest

from studio.core.backends.a1111_body import A1111_SAMPLERS, a1111_body
from studio.core.generation.request import SAMPLERS, GenerationRequest

REQUEST = GenerationRequest(
    prompt="a red fox <lora:ignored:1>", negative_prompt="blurry", seed=42, steps=20, guidance=6
)


def test_txt2img_with_loras_as_tags_and_the_server_checkpoint() -> None:
    body = a1111_body(
        REQUEST, "dreamshaper_8.safetensors [879db523c3]", [("detail", 0.7), ("style", -0.25)]
    )
    assert body["prompt"] == "a red fox <lora:detail:0.7> <lora:style:-0.25>"
    assert (body["seed"], body["steps"], body["cfg_scale"]) == (42, 20, 6.0)
    assert (body["batch_size"], body["n_iter"], body["width"], body["height"]) == (1, 1, 512, 512)
    assert body["override_settings"] == {
        "sd_model_checkpoint": "dreamshaper_8.safetensors [879db523c3]"
    }
    assert "init_images" not in body and "mask" not in body


def test_without_a_model_the_server_keeps_its_own() -> None:
    assert "override_settings" not in a1111_body(REQUEST, None)


def test_karras_is_a1111s_scheduler_and_every_sampler_is_mapped() -> None:
    karras = GenerationRequest(**{**REQUEST.to_dict(), "sampler": "DPM++ 2M Karras"})
    body = a1111_body(karras, None)
    assert (body["sampler_name"], body["scheduler"]) == ("DPM++ 2M", "karras")
    assert set(A1111_SAMPLERS) == set(SAMPLERS)


@pytest.mark.parametrize("masked", [False, True])
def test_img2img_and_inpainting_fields(masked: bool) -> None:
    strong = GenerationRequest(**{**REQUEST.to_dict(), "strength": 0.45})
    mask = b"mask-png" if masked else None
    body = a1111_body(strong, None, init_png=b"png", mask_png=mask, size=(320, 256))
    assert base64.b64decode(body["init_images"][0]) == b"png"
    assert body["denoising_strength"] == 0.45 and (body["width"], body["height"]) == (320, 256)
    if masked:
        assert base64.b64decode(body["mask"]) == b"mask-png"
        assert (body["inpainting_fill"], body["mask_blur"], body["inpaint_full_res"]) == (
            1,
            0,
            False,
        )
    else:
        assert "mask" not in body
