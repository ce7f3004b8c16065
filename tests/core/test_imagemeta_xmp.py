"""Settings from XMP packets and the JSON of tools sd-parsers does not know (Draw Things,
SwarmUI), in PNG, JPEG and WebP; small fixtures made here, shaped like each tool's output."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from PIL import Image
from PIL.PngImagePlugin import PngInfo

from studio.core.imagemeta.image_settings import read_image_settings
from studio.core.imagemeta.xmp import MAX_XMP_BYTES, xmp_texts

DRAW_THINGS = {
    "c": "a lighthouse at dusk, <lora:ink:0.5>",
    "uc": "blurry",
    "seed": 1234567,
    "steps": 28,
    "scale": 6.5,
    "sampler": "DPM++ 2M Karras",
    "model": "sd_xl_base_1.0_f16.ckpt",
    "size": "1024x768",
    "strength": 1,
    "seed_mode": "Scale Alike",
    "lora": [{"file": "ink_style_lora_f16.ckpt", "weight": 0.5}],
}
SWARM = {
    "sui_image_params": {
        "prompt": "a red fox in snow",
        "negativeprompt": "lowres",
        "model": "OfficialStableDiffusion/sd_xl_base_1.0",
        "seed": 42,
        "steps": 30,
        "cfgscale": 7,
        "aspectratio": "1:1",
        "width": 1024,
        "height": 1024,
        "sampler": "dpmpp_2m",
        "scheduler": "karras",
        "loras": ["detail_tweaker"],
        "loraweights": ["0.8"],
        "swarm_version": "0.9.2.1",
    },
    "sui_extra_data": {"date": "2024-08-01", "generation_time": "1.2 s"},
}


def _xmp(comment: str, description: str = "") -> bytes:
    def alt(text: str) -> str:
        escaped = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
        return f'<rdf:Alt><rdf:li xml:lang="x-default">{escaped}</rdf:li></rdf:Alt>'

    return (
        '<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>'
        '<x:xmpmeta xmlns:x="adobe:ns:meta/" x:xmptk="XMP Core 6.0.0">'
        '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
        '<rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/" '
        'xmlns:exif="http://ns.adobe.com/exif/1.0/" xmlns:xmp="http://ns.adobe.com/xap/1.0/">'
        f"<dc:description>{alt(description)}</dc:description>"
        f"<exif:UserComment>{alt(comment)}</exif:UserComment>"
        "<xmp:CreatorTool>Draw Things</xmp:CreatorTool>"
        '</rdf:Description></rdf:RDF></x:xmpmeta><?xpacket end="w"?>'
    ).encode()


def _save(path: Path, xmp: bytes | None = None, texts: dict[str, str] | None = None) -> Path:
    image = Image.new("RGB", (8, 8), "gray")
    if path.suffix == ".png":
        info = PngInfo()
        for key, text in (texts or {}).items():
            info.add_text(key, text)
        if xmp is not None:
            info.add_itxt("XML:com.adobe.xmp", xmp.decode())
        image.save(path, pnginfo=info)
    else:
        image.save(path, xmp=xmp or b"")
    return path


def _fields(path: Path) -> dict[str, Any]:
    settings = read_image_settings(path)
    assert settings is not None
    return {
        "generator": settings.generator,
        "prompt": settings.prompt,
        "negative_prompt": settings.negative_prompt,
        "seed": settings.seed,
        "steps": settings.steps,
        "guidance": settings.guidance,
        "sampler": settings.original_sampler,
        "scheduler": settings.scheduler,
        "size": (settings.width, settings.height),
        "model": settings.model,
        "loras": settings.loras,
        "strength": settings.strength,
    }


DRAW_THINGS_FIELDS = {
    "generator": "Draw Things",
    "prompt": "a lighthouse at dusk, <lora:ink:0.5>",
    "negative_prompt": "blurry",
    "seed": 1234567,
    "steps": 28,
    "guidance": 6.5,
    "sampler": "DPM++ 2M Karras",
    "scheduler": None,
    "size": (1024, 768),
    "model": "sd_xl_base_1.0_f16.ckpt",
    "loras": (("ink_style_lora_f16.ckpt", 0.5, 0.5),),
    "strength": None,
}
SWARM_FIELDS = {
    "generator": "SwarmUI",
    "prompt": "a red fox in snow",
    "negative_prompt": "lowres",
    "seed": 42,
    "steps": 30,
    "guidance": 7.0,
    "sampler": "dpmpp_2m",
    "scheduler": "karras",
    "size": (1024, 1024),
    "model": "OfficialStableDiffusion/sd_xl_base_1.0",
    "loras": (("detail_tweaker", 0.8, 0.8),),
    "strength": None,
}


@pytest.mark.parametrize("suffix", [".png", ".jpg", ".webp"])
def test_draw_things_xmp_is_read_in_every_format(tmp_path: Path, suffix: str) -> None:
    xmp = _xmp(json.dumps(DRAW_THINGS), DRAW_THINGS["c"])
    assert _fields(_save(tmp_path / f"dt{suffix}", xmp)) == DRAW_THINGS_FIELDS


def test_swarmui_parameters_chunk_is_read(tmp_path: Path) -> None:
    path = _save(tmp_path / "swarm.png", texts={"parameters": json.dumps(SWARM)})
    assert _fields(path) == SWARM_FIELDS


@pytest.mark.parametrize("suffix", [".jpg", ".webp"])
def test_swarmui_json_in_xmp_is_read(tmp_path: Path, suffix: str) -> None:
    assert _fields(_save(tmp_path / f"swarm{suffix}", _xmp(json.dumps(SWARM)))) == SWARM_FIELDS


def test_swarmui_img2img_and_refiner_are_noted(tmp_path: Path) -> None:
    params = {**SWARM["sui_image_params"], "initimagecreativity": 0.6}
    params["refinermodel"] = "sd_xl_refiner_1.0"
    path = _save(tmp_path / "s.png", texts={"parameters": json.dumps({"sui_image_params": params})})
    settings = read_image_settings(path)
    assert settings is not None and settings.strength == 0.6
    assert any("refiner" in warning for warning in settings.warnings)


def test_a1111_text_in_xmp_description_is_read(tmp_path: Path) -> None:
    text = "a cat\nNegative prompt: dog\nSteps: 20, Sampler: Euler a, CFG scale: 7, Seed: 5"
    settings = read_image_settings(_save(tmp_path / "a.webp", _xmp(text)))
    assert settings is not None
    assert (settings.prompt, settings.seed, settings.steps) == ("a cat", 5, 20)


def test_exif_text_wins_over_xmp(tmp_path: Path) -> None:
    image = Image.new("RGB", (8, 8))
    exif = Image.Exif()
    exif.get_ifd(0x8769)[0x9286] = b"ASCII\0\0\0from exif\nSteps: 9, Sampler: Euler, Seed: 1"
    image.save(tmp_path / "both.jpg", exif=exif, xmp=_xmp(json.dumps(DRAW_THINGS)))
    settings = read_image_settings(tmp_path / "both.jpg")
    assert settings is not None and settings.prompt == "from exif"


@pytest.mark.parametrize(
    "packet",
    [
        b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;">]>'
        b"<x><parameters>&b;&b;</parameters></x>",
        b'<!DOCTYPE x SYSTEM "file:///etc/passwd"><x><parameters>&xxe;</parameters></x>',
        b"<x>" * 5000 + b"<parameters>deep</parameters>",
        b"<x><parameters>" + b"a" * MAX_XMP_BYTES + b"</parameters></x>",
        b"<x><parameters>unclosed",
        b"\xff\xfe\x00garbage",
        b"",
    ],
)
def test_hostile_or_broken_xmp_gives_nothing(tmp_path: Path, packet: bytes) -> None:
    assert xmp_texts(packet) == {}
    assert read_image_settings(_save(tmp_path / "h.webp", packet)) is None


def test_deep_but_well_formed_xmp_is_refused() -> None:
    packet = b"<a>" * 200 + b"<parameters>x</parameters>" + b"</a>" * 200
    assert xmp_texts(packet) == {}
