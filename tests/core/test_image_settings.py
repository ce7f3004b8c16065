"""Reading generation settings back from images: ours, other tools', and broken files."""

from __future__ import annotations

import json
import struct
import zlib
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from PIL import Image
from PIL.PngImagePlugin import PngInfo
from sd_parsers import ParserManager

from studio import APP_NAME
from studio.core.base.errors import ImageInputError, set_language
from studio.core.generation.request import MAX_SEED, GenerationRequest, validate
from studio.core.imagemeta.image_settings import format_settings, read_image_settings
from studio.core.imagemeta.lienzo_format import (
    LIENZO_KEY,
    PARAMETERS_KEY,
    a1111_parameters,
    png_info,
)
from studio.core.models.source import ModelStamp

DATA = Path(__file__).parent.parent / "data" / "metadata"
EXPECTED = json.loads((DATA / "expected.json").read_text(encoding="utf-8"))
# expected.json names generators as sd-parsers' enum members; we report their display values.
GENERATOR_NAMES = {
    "AUTOMATIC1111": "AUTOMATIC1111",
    "COMFYUI": "ComfyUI",
    "FOOOCUS": "Fooocus",
    "INVOKEAI": "InvokeAI",
    "NOVELAI": "NovelAI",
}
# expected.json (sd-parsers' own answers) picks an area prompt and, for area composition, the
# final hires pass; we load the base pass (the chain's first, on the background latent) and
# its whole-picture prompt, and list the other passes and prompts in the warnings.
BASE_PASS = {
    "ComfyUI/night_evening_day_morning_cropped.png": {
        "prompt": "(masterpiece) (best quality) beautiful landscape breathtaking amazing view "
        "nature photograph forest mountains ocean (sky) national park scenery",
    },
    "ComfyUI/noisy_latents_3_subjects_cropped.png": {
        "prompt": "sky clouds nature national park beautiful winter snow scenery HDR landscape "
        "(sunset)",
        "seed": 512136241112371,
        "steps": 16,
        "cfg_scale": 7.0,
    },
}
A1111_DUCK = (
    "photo of a duck\nNegative prompt: monochrome\nSteps: 15, Sampler: UniPC, CFG scale: 5, "
    "Seed: 235284042, Size: 512x400, Model hash: c0d1994c73, Model: realistic"
)
STAMP = ModelStamp(name="sd-turbo", hash="0123456789", family="sd21")
OURS = GenerationRequest(
    prompt="Un gato 🐱 en la azotea, «ñandú» al atardecer\ncon niebla: suave",
    negative_prompt="borroso, feo\nmarca de agua 🚫",
    model="sd-turbo",
    seed=MAX_SEED,
    steps=12,
    guidance=6.5,
    width=768,
    height=512,
    sampler="DPM++ 2M Karras",
)


@pytest.fixture
def language() -> Iterator[None]:
    """Messages in English unless a test says otherwise; the choice is undone afterwards."""
    set_language("en")
    yield
    set_language(None)


def chunk(kind: bytes, data: bytes, crc: int | None = None) -> bytes:
    crc = zlib.crc32(kind + data) if crc is None else crc
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", crc)


def png_bytes(*middle: bytes, width: int = 1, height: int = 1, after: bytes = b"") -> bytes:
    """A grey PNG with the given chunks before its pixel data and `after` after it."""
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    # Pixel data for one row only: decoding a taller image from it would fail.
    idat = zlib.compress(b"\0" + b"\x80" * width)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", ihdr)
        + b"".join(middle)
        + chunk(b"IDAT", idat)
        + after
        + chunk(b"IEND", b"")
    )


def text_chunk(key: str, value: str) -> bytes:
    return chunk(b"tEXt", key.encode("latin-1") + b"\0" + value.encode("latin-1"))


def write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def save_png(tmp_path: Path, info: PngInfo, name: str = "image.png") -> Path:
    path = tmp_path / name
    Image.new("RGB", (8, 8), "teal").save(path, pnginfo=info)
    return path


def a1111_png(tmp_path: Path, parameters: str) -> Path:
    info = PngInfo()
    info.add_text(PARAMETERS_KEY, parameters)
    return save_png(tmp_path, info)


def exif_image(tmp_path: Path, fmt: str, comment: bytes = b"", **tags: str) -> Path:
    exif = Image.Exif()
    if comment:
        exif.get_ifd(0x8769)[0x9286] = comment
    for tag, value in tags.items():
        exif[int(tag.removeprefix("tag_"), 16)] = value
    path = tmp_path / f"image.{fmt.lower()}"
    Image.new("RGB", (8, 8), "teal").save(path, fmt, exif=exif)
    return path


def assert_bilingual(error: ImageInputError, en: str, es: str) -> None:
    assert en in error.en, error.en
    assert es in error.es, error.es
    assert error.en != error.es


# --- Real images from other tools -------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_fixture_yields_its_expected_settings(name: str) -> None:
    expected = {**EXPECTED[name], **BASE_PASS.get(name, {})}
    settings = read_image_settings(DATA / name)
    if expected["generator"] is None:
        assert settings is None
        return
    assert settings is not None
    assert settings.generator == GENERATOR_NAMES[expected["generator"]]
    assert settings.prompt == expected["prompt"]
    assert settings.negative_prompt == (expected["negative_prompt"] or "")
    assert settings.seed == expected["seed"]
    assert settings.steps == expected["steps"]
    assert settings.guidance == expected["cfg_scale"]
    assert settings.model == expected.get("model")


@pytest.mark.parametrize("name", sorted(n for n, e in EXPECTED.items() if e["generator"]))
def test_fixture_request_fields_make_a_valid_request(name: str) -> None:
    settings = read_image_settings(DATA / name)
    assert settings is not None
    fields = settings.to_request_fields()
    validate(GenerationRequest(**{"prompt": "", **fields}))
    assert fields["seed"] == settings.seed and "model" not in fields


# bad/: an empty file is an error (nothing there to read); an empty PNG or JPEG is a valid image
# without generation settings (None); text after the pixel data is valid PNG and is read.


def test_bad_fixtures_empty_file_is_an_error(language: None) -> None:
    with pytest.raises(ImageInputError) as caught:
        read_image_settings(DATA / "bad" / "empty_file.png")
    assert_bilingual(caught.value, "is empty (0 bytes)", "está vacío (0 bytes)")


@pytest.mark.parametrize("name", ["empty_image.png", "empty_image.jpg"])
def test_bad_fixtures_images_without_settings_give_none(name: str) -> None:
    assert read_image_settings(DATA / "bad" / name) is None


def test_bad_fixtures_text_after_pixel_data_is_read() -> None:
    settings = read_image_settings(DATA / "bad" / "text_after_idat.png")
    assert settings is not None
    assert (settings.generator, settings.prompt, settings.seed) == (
        "AUTOMATIC1111",
        "photo of a duck",
        235284042,
    )


def test_comfyui_graph_with_several_passes_warns_and_keeps_unknown_sampler() -> None:
    settings = read_image_settings(DATA / "ComfyUI" / "night_evening_day_morning_cropped.png")
    assert settings is not None
    assert settings.sampler is None and settings.original_sampler == "dpmpp_sde"
    assert (settings.width, settings.height) == (704, 1280)
    warnings = "\n".join(settings.warnings)
    assert "2 sampling passes" in warnings and "2 pasadas" in warnings
    assert "'dpmpp_sde' is not available" in warnings
    assert "Several prompts were combined" in warnings
    assert "sampler" not in settings.to_request_fields()


def test_comfyui_img2img_maps_sampler_and_keeps_strength() -> None:
    settings = read_image_settings(DATA / "ComfyUI" / "img2img_cropped.png")
    assert settings is not None
    assert (settings.sampler, settings.original_sampler) == ("DPM++ 2M", "sample_dpmpp_2m")
    assert settings.strength == pytest.approx(0.87)
    assert settings.width is None  # the size came from the input image, not from the graph
    assert any("Other images were used as input" in note for note in settings.warnings)


def test_comfyui_advanced_sampler_seed_is_read(tmp_path: Path) -> None:
    with Image.open(DATA / "ComfyUI" / "img2img_cropped.png") as original:
        graph, workflow = json.loads(original.info["prompt"]), original.info["workflow"]
    graph["3"]["inputs"]["noise_seed"] = graph["3"]["inputs"].pop("seed")  # KSamplerAdvanced
    info = PngInfo()
    info.add_text("prompt", json.dumps(graph))
    info.add_text("workflow", workflow)
    settings = read_image_settings(save_png(tmp_path, info))
    assert settings is not None and settings.seed == 280823642470253


# --- Our own images --------------------------------------------------------------------------


def test_own_png_round_trips_exactly_from_our_json(tmp_path: Path) -> None:
    path = save_png(tmp_path, png_info(OURS, STAMP, "cpu"))
    settings = read_image_settings(path)
    assert settings is not None
    assert settings.generator == APP_NAME and settings.warnings == ()
    assert settings.model_hash == STAMP.hash
    assert GenerationRequest(**settings.to_request_fields()) == OURS


def test_own_png_values_come_from_our_json_not_the_rounded_text(tmp_path: Path) -> None:
    request = replace(OURS, prompt="  espacios ", guidance=6.123456789, model="owner/model")
    settings = read_image_settings(save_png(tmp_path, png_info(request, STAMP, "cpu")))
    assert settings is not None
    # The A1111 text says "CFG scale: 6.12346", strips the spaces and names the stamp's model.
    assert (settings.prompt, settings.guidance, settings.model) == (
        "  espacios ",
        6.123456789,
        "owner/model",
    )


def test_own_png_is_automatic1111_to_sd_parsers_with_identical_values(tmp_path: Path) -> None:
    info = ParserManager().parse(save_png(tmp_path, png_info(OURS, STAMP, "cpu")))
    assert info is not None and info.generator.value == "AUTOMATIC1111"
    [sampler] = info.samplers
    assert [p.value for p in sampler.prompts] == [OURS.prompt]
    assert [p.value for p in sampler.negative_prompts] == [OURS.negative_prompt]
    # A1111 1.9+ names the sampler and its schedule apart: "DPM++ 2M" + "Karras".
    assert (sampler.name, OURS.sampler) == ("DPM++ 2M", "DPM++ 2M Karras")
    assert sampler.parameters == {
        "seed": str(OURS.seed),
        "steps": "12",
        "cfg_scale": "6.5",
        "scheduler": "Karras",
    }
    assert (sampler.model.name, sampler.model.hash) == (STAMP.name, STAMP.hash)
    assert info.metadata["Size"] == "768x512"


def test_own_png_without_our_json_gives_the_same_values(tmp_path: Path) -> None:
    from_json = read_image_settings(save_png(tmp_path, png_info(OURS, STAMP, "cpu"), "a.png"))
    from_text = read_image_settings(a1111_png(tmp_path, a1111_parameters(OURS, STAMP)))
    assert from_text is not None and from_json is not None
    assert from_json.draft is False and from_text.draft is None  # only our JSON records it
    assert replace(from_text, draft=False) == from_json
    assert from_text.generator == APP_NAME  # recognised by the "Version" field


@pytest.mark.parametrize("payload", ['{"schema_version": 1, "request": ', '{"request": []}'])
def test_damaged_json_falls_back_to_the_text_with_a_warning(tmp_path: Path, payload: str) -> None:
    info = PngInfo()
    info.add_text(PARAMETERS_KEY, A1111_DUCK)
    info.add_itxt(LIENZO_KEY, payload)
    settings = read_image_settings(save_png(tmp_path, info))
    assert settings is not None and settings.prompt == "photo of a duck"
    assert any("'lienzo' is damaged" in note for note in settings.warnings)


def test_absurd_values_in_our_json_are_dropped(tmp_path: Path) -> None:
    payload = {"request": {**OURS.to_dict(), "steps": 10**9, "guidance": "mucho"}}
    info = PngInfo()
    info.add_itxt(LIENZO_KEY, json.dumps(payload))
    settings = read_image_settings(save_png(tmp_path, info))
    assert settings is not None and settings.generator == APP_NAME
    assert (settings.steps, settings.guidance, settings.seed) == (None, None, MAX_SEED)
    assert any("(got 1000000000). It was not loaded." in note for note in settings.warnings)
    assert any("'mucho') is not a usable number" in note for note in settings.warnings)


# --- Values we cannot use --------------------------------------------------------------------


def test_absurd_values_are_dropped_with_warnings_not_clamped(tmp_path: Path) -> None:
    text = (
        "a cat\nSteps: 1000000000, Sampler: Euler a, CFG scale: 7, "
        f"Seed: {2**70}, Size: 100000x100000"
    )
    settings = read_image_settings(a1111_png(tmp_path, text))
    assert settings is not None
    assert (settings.steps, settings.seed, settings.width, settings.height) == (None,) * 4
    assert (settings.guidance, settings.sampler) == (7.0, "Euler a")
    warnings = "\n".join(settings.warnings)
    for value in ("(got 1000000000)", f"Seed {2**70} is out of range", "(got 100000)"):
        assert value in warnings
    assert warnings.count("It was not loaded.") == 3 and warnings.count("No se cargó.") == 3
    assert set(settings.to_request_fields()) == {"prompt", "negative_prompt", "guidance", "sampler"}


def test_over_long_prompt_is_shown_but_not_loaded(tmp_path: Path) -> None:
    text = "gato " * 5000 + "\nSteps: 20, Sampler: Euler, CFG scale: 7, Seed: 1"
    settings = read_image_settings(a1111_png(tmp_path, text))
    assert settings is not None and len(settings.prompt) > 20_000
    assert "prompt" not in settings.to_request_fields()
    assert any("the limit is 20000" in note for note in settings.warnings)


@pytest.mark.parametrize(
    ("sampler", "schedule", "ours", "warns"),
    [
        ("Euler a", "", "Euler a", False),
        ("euler_ancestral", "normal", "Euler a", False),
        ("k_euler_ancestral", "", "Euler a", False),
        ("DPM++ 2M", "Karras", "DPM++ 2M Karras", False),
        ("dpmpp_2m_k", "", "DPM++ 2M Karras", False),
        ("DPM++ 2M Karras", "", "DPM++ 2M Karras", False),
        ("Euler", "Karras", "Euler", True),
        ("DPM++ 2M", "Exponential", "DPM++ 2M", True),
        ("uni_pc", "", "UniPC", False),
        ("DPM++ SDE", "", None, True),
    ],
)
def test_sampler_names_map_to_ours(
    tmp_path: Path, sampler: str, schedule: str, ours: str | None, warns: bool
) -> None:
    extra = f", Schedule type: {schedule}" if schedule else ""
    text = f"a cat\nSteps: 20, Sampler: {sampler}{extra}, CFG scale: 7, Seed: 1"
    settings = read_image_settings(a1111_png(tmp_path, text))
    assert settings is not None
    assert (settings.sampler, settings.original_sampler) == (ours, sampler)
    assert bool(settings.warnings) == warns


# --- JPEG and WebP ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("fmt", "encoding"), [("JPEG", "utf-16-be"), ("JPEG", "utf-16-le"), ("WEBP", "utf-16-be")]
)
def test_a1111_user_comment_in_jpeg_and_webp(tmp_path: Path, fmt: str, encoding: str) -> None:
    text = A1111_DUCK.replace("duck", "pato 🦆")
    path = exif_image(tmp_path, fmt, b"UNICODE\0" + text.encode(encoding))
    settings = read_image_settings(path)
    assert settings is not None
    assert (settings.prompt, settings.seed, settings.width) == (
        "photo of a pato 🦆",
        235284042,
        512,
    )


def test_comfyui_graph_in_webp_exif(tmp_path: Path) -> None:
    with Image.open(DATA / "ComfyUI" / "img2img_cropped.png") as original:
        graph, workflow = original.info["prompt"], original.info["workflow"]
    path = exif_image(tmp_path, "WEBP", tag_0110=f"prompt:{graph}", tag_010F=f"workflow:{workflow}")
    settings = read_image_settings(path)
    assert settings is not None
    assert (settings.generator, settings.seed) == ("ComfyUI", 280823642470253)


@pytest.mark.filterwarnings("ignore:Corrupt EXIF data")
def test_broken_exif_gives_none(tmp_path: Path) -> None:
    path = exif_image(tmp_path, "JPEG")
    data = path.read_bytes()
    broken = b"Exif\0\0MM\0*\0\0\0\x08\0\x05\x87\x69\0\x04\0\0\0\x01\0\xff\xff\xff"
    segment = b"\xff\xe1" + struct.pack(">H", len(broken) + 2) + broken
    path.write_bytes(data[:2] + segment + data[2:])
    assert read_image_settings(path) is None


# --- Files that are not usable images --------------------------------------------------------


def test_text_file_is_not_an_image(tmp_path: Path, language: None) -> None:
    path = write(tmp_path, "notes.png", b"Steps: 20, Sampler: Euler")
    with pytest.raises(ImageInputError) as caught:
        read_image_settings(path)
    assert_bilingual(caught.value, "is not a PNG, JPEG or WebP image", "no es una imagen PNG")
    assert str(path) in caught.value.en and str(path) in caught.value.es


def test_gif_is_not_accepted(tmp_path: Path) -> None:
    path = tmp_path / "anim.gif"
    Image.new("P", (4, 4)).save(path)
    with pytest.raises(ImageInputError) as caught:
        read_image_settings(path)
    assert_bilingual(caught.value, "not a PNG, JPEG or WebP", "no es una imagen PNG, JPEG ni WebP")


def test_directory_is_an_error(tmp_path: Path, language: None) -> None:
    with pytest.raises(ImageInputError) as caught:
        read_image_settings(tmp_path)
    assert_bilingual(caught.value, "is a folder", "es una carpeta")


def test_missing_file_is_an_error(tmp_path: Path, language: None) -> None:
    with pytest.raises(ImageInputError) as caught:
        read_image_settings(tmp_path / "nope.png")
    assert_bilingual(caught.value, "does not exist", "no existe")


@pytest.mark.parametrize("keep", ["half", "no IEND", "IEND cut"])
def test_truncated_png_is_an_error(tmp_path: Path, keep: str, language: None) -> None:
    noisy = tmp_path / "noise.png"  # noise, so that the pixel data is large enough to cut into
    Image.effect_noise((64, 64), 80).save(noisy, pnginfo=png_info(OURS, STAMP, "cpu"))
    data = noisy.read_bytes()
    end = {"half": len(data) // 2, "no IEND": len(data) - 12, "IEND cut": len(data) - 2}[keep]
    path = write(tmp_path, "cut.png", data[:end])
    with pytest.raises(ImageInputError) as caught:
        read_image_settings(path)
    assert_bilingual(caught.value, "is truncated or damaged", "está truncado o dañado")


def test_png_with_damaged_header_is_an_error(tmp_path: Path, language: None) -> None:
    data = bytearray(png_bytes(text_chunk("parameters", A1111_DUCK)))
    data[20] ^= 0x01  # one bit of the width: the IHDR checksum no longer matches
    with pytest.raises(ImageInputError) as caught:
        read_image_settings(write(tmp_path, "flip.png", bytes(data)))
    assert_bilingual(caught.value, "is truncated or damaged", "está truncado o dañado")


def test_decompression_bomb_is_refused_without_decoding(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "bomb.png",
        png_bytes(text_chunk("parameters", A1111_DUCK), width=100_000, height=100_000),
    )
    with pytest.raises(ImageInputError) as caught:
        read_image_settings(path)
    assert_bilingual(caught.value, "decompression bomb", "bomba de descompresión")


def test_large_image_metadata_is_read_without_decoding_pixels(tmp_path: Path) -> None:
    # 81 megapixels of which the file holds one byte: any attempt to decode them would fail.
    data = png_bytes(text_chunk("parameters", A1111_DUCK), width=9000, height=9000)
    settings = read_image_settings(write(tmp_path, "large.png", data))
    assert settings is not None and settings.prompt == "photo of a duck"


def test_huge_compressed_text_is_an_error_when_it_is_all_there_is(tmp_path: Path) -> None:
    bomb = zlib.compress(b"a" * 2_000_000)  # about 2 KB that would inflate to 2 MB
    path = write(tmp_path, "z.png", png_bytes(chunk(b"zTXt", b"parameters\0\0" + bomb)))
    with pytest.raises(ImageInputError) as caught:
        read_image_settings(path)
    assert_bilingual(caught.value, "too large to read safely (parameters)", "(parameters)")


def test_huge_or_corrupt_text_beside_good_settings_is_skipped(tmp_path: Path) -> None:
    bomb = chunk(b"zTXt", b"Comment\0\0" + zlib.compress(b"a" * 2_000_000))
    bad_crc = chunk(b"tEXt", b"workflow\0{}", crc=0)
    path = write(
        tmp_path, "z.png", png_bytes(bomb, bad_crc, after=text_chunk("parameters", A1111_DUCK))
    )
    settings = read_image_settings(path)
    assert settings is not None and settings.seed == 235284042
    warnings = "\n".join(settings.warnings)
    assert "'Comment' is damaged or too large" in warnings
    assert "'workflow' is damaged or too large" in warnings


def test_text_chunk_with_bad_crc_is_not_trusted(tmp_path: Path) -> None:
    path = write(
        tmp_path, "crc.png", png_bytes(chunk(b"tEXt", b"parameters\0" + A1111_DUCK.encode(), crc=1))
    )
    with pytest.raises(ImageInputError) as caught:
        read_image_settings(path)
    assert_bilingual(caught.value, "damaged or too large", "dañados o son demasiado grandes")


# --- Output for `studio params` ----------------------------------------------------------------


def test_format_settings_text_names_the_tool(language: None) -> None:
    settings = read_image_settings(DATA / "ComfyUI" / "img2img_cropped.png")
    assert settings is not None
    text = format_settings(settings, as_json=False)
    assert text.splitlines()[0] == "Made with: ComfyUI"
    assert "Seed: 280823642470253" in text and "Sampler: DPM++ 2M (sample_dpmpp_2m)" in text
    set_language("es")
    spanish = format_settings(settings, as_json=False)
    assert spanish.splitlines()[0] == "Hecha con: ComfyUI"
    assert "Semilla: 280823642470253" in spanish and "Se usaron otras imágenes" in spanish


def test_format_settings_multiline_prompt_stays_readable(tmp_path: Path, language: None) -> None:
    settings = read_image_settings(save_png(tmp_path, png_info(OURS, STAMP, "cpu")))
    assert settings is not None
    lines = format_settings(settings, as_json=False).splitlines()
    assert lines[1] == "Prompt: Un gato 🐱 en la azotea, «ñandú» al atardecer"
    assert lines[2] == "  con niebla: suave"


def test_format_settings_json_has_stable_keys() -> None:
    settings = read_image_settings(DATA / "ComfyUI" / "night_evening_day_morning_cropped.png")
    assert settings is not None
    data = json.loads(format_settings(settings, as_json=True))
    assert list(data) == [
        "schema_version",
        "found",
        "generator",
        "prompt",
        "negative_prompt",
        "seed",
        "steps",
        "guidance",
        "sampler",
        "original_sampler",
        "scheduler",
        "width",
        "height",
        "model",
        "model_hash",
        "strength",
        "draft",
        "loras",
        "passes",
        "warnings",
    ]
    assert data["seed"] == 335608130539327 and data["sampler"] is None
    assert data["warnings"][0]["en"].startswith("This ComfyUI image was made in 2")
    assert data["warnings"][0]["es"].startswith("Esta imagen de ComfyUI se hizo en 2")
