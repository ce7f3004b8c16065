"""Inpainting through the API: A1111's mask fields, with the real `webuiapi` client and raw HTTP."""

from __future__ import annotations

import base64
import io

import pytest
import webuiapi
from PIL import Image
from serve_support import PASSWORD, USER, RunningServer

pytestmark = pytest.mark.slow
SMALL = {"width": 64, "height": 64, "steps": 2, "cfg_scale": 5.0}
RED = (200, 30, 30)


@pytest.fixture
def api(api_server: RunningServer) -> webuiapi.WebUIApi:
    return webuiapi.WebUIApi(
        host="127.0.0.1", port=api_server.port, username=USER, password=PASSWORD
    )


def _left_half_mask() -> Image.Image:
    mask = Image.new("L", (64, 64), 0)
    mask.paste(255, (0, 0, 32, 64))
    return mask


def _b64(image: Image.Image) -> str:
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return base64.b64encode(buffer.getvalue()).decode("ascii")


def _inpaint(api: webuiapi.WebUIApi, **fields: object) -> webuiapi.WebUIApiResult:
    source = Image.new("RGB", (64, 64), RED)
    options = {"mask_blur": 0, "inpaint_full_res": False, "inpainting_fill": 1, "seed": 3}
    options.update(fields)
    return api.img2img(
        images=[source],
        mask_image=_left_half_mask(),
        prompt="un cielo azul",
        denoising_strength=1.0,
        **options,
        **SMALL,
    )


def _colours(image: Image.Image, box: tuple[int, int, int, int]) -> set[object]:
    region = image.convert("RGB").crop(box)
    return {region.getpixel((x, y)) for x in range(region.width) for y in range(region.height)}


def test_the_mask_keeps_the_black_part_exactly(api: webuiapi.WebUIApi) -> None:
    result = _inpaint(api)
    assert result.image.size == (64, 64)
    assert _colours(result.image, (32, 0, 64, 64)) == {RED}  # black in the mask: untouched
    assert _colours(result.image, (0, 0, 32, 64)) != {RED}  # white: redrawn
    notes = result.info["lienzo_not_honoured"]
    assert not [note for note in notes if "mask" in note or "inpaint" in note], notes


def test_inverting_the_mask_keeps_the_white_part(api: webuiapi.WebUIApi) -> None:
    result = _inpaint(api, inpainting_mask_invert=1)
    assert _colours(result.image, (0, 0, 32, 64)) == {RED}
    assert _colours(result.image, (32, 0, 64, 64)) != {RED}


def test_only_masked_with_padding_and_blur_run(api: webuiapi.WebUIApi) -> None:
    result = _inpaint(api, inpaint_full_res=True, inpaint_full_res_padding=8, mask_blur=2)
    assert _colours(result.image, (48, 0, 64, 64)) == {RED}  # beyond the blur: untouched
    assert "Mask blur: 2" in result.image.info["parameters"]


def test_fills_lienzo_cannot_do_are_reported(api: webuiapi.WebUIApi) -> None:
    result = _inpaint(api, inpainting_fill=0)  # webuiapi's default: "fill"
    assert any(note.startswith("inpainting_fill=0") for note in result.info["lienzo_not_honoured"])


def _post(server: RunningServer, **fields: object) -> tuple[int, str]:
    body = {"prompt": "x", **SMALL, "init_images": [_b64(Image.new("RGB", (64, 64), RED))]}
    body.update(fields)
    with server.client() as client:
        response = client.post("/img2img", json=body)
    detail = response.json().get("detail")
    assert isinstance(detail, str) and detail, response.text
    return response.status_code, detail


@pytest.mark.parametrize(
    ("fields", "words"),
    [
        ({"mask": "not base64 at all!"}, "mask"),
        ({"mask": base64.b64encode(b"GIF89a" + b"\xff" * 50).decode()}, "mask"),
        ({"mask": _b64(Image.new("L", (64, 64), 0))}, "empty"),
        ({"mask": _b64(Image.new("L", (64, 64), 255))}, "whole picture"),
        ({"mask": _b64(Image.new("L", (64, 16), 255))}, "shape"),
        ({"mask": _b64(_left_half_mask()), "mask_blur": 999}, "blur"),
        ({"mask": _b64(_left_half_mask()), "inpaint_full_res_padding": -3}, "adding"),
        ({"mask": _b64(_left_half_mask()), "inpainting_mask_invert": 7}, "inpainting_mask_invert"),
    ],
)
def test_bad_masks_get_4xx_with_a_message(
    api_server: RunningServer, fields: dict[str, object], words: str
) -> None:
    status, detail = _post(api_server, **fields)
    assert 400 <= status < 500 and words.lower() in detail.lower(), (status, detail)
    with api_server.client() as client:
        assert client.get("/samplers").status_code == 200


def test_no_mask_file_is_left_behind(api_server: RunningServer) -> None:
    _post(api_server, mask=_b64(Image.new("L", (64, 64), 0)))
    assert not list((api_server.home / "cache" / "api-inputs").rglob("*"))
