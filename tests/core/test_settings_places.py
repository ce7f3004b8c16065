"""Where settings text lives: a PNG's eXIf chunk, Civitai's ComfyUI JPEGs (graph plus
`extraMetadata` in EXIF UserComment), and the sampler variant kept in what is shown."""

from __future__ import annotations

import json
import struct
import zlib
from pathlib import Path

from PIL import Image

from studio.core.imagemeta.image_settings import format_settings, read_image_settings

A1111 = (
    "a lighthouse, night\nNegative prompt: blurry\nSteps: 24, Sampler: DPM++ 2M, "
    "Schedule type: Karras, CFG scale: 5.5, Seed: 77, Size: 832x1216, Model: juggernautXL"
)
GRAPHS = Path(__file__).parent.parent / "data" / "comfy_graphs"


def user_comment(text: str) -> bytes:
    return b"UNICODE\0" + text.encode("utf-16-be")


def exif_with_comment(comment: bytes) -> Image.Exif:
    exif = Image.Exif()
    exif.get_ifd(0x8769)[0x9286] = comment
    return exif


def exif_chunk(tiff: bytes, crc: int | None = None) -> bytes:
    crc = zlib.crc32(b"eXIf" + tiff) if crc is None else crc
    return struct.pack(">I", len(tiff)) + b"eXIf" + tiff + struct.pack(">I", crc)


def png_with_exif(path: Path, chunk: bytes, **save: object) -> Path:
    """A PNG with `chunk` right after IHDR, as Civitai writes it."""
    Image.new("RGB", (8, 8), "teal").save(path, "PNG", **save)
    data = path.read_bytes()
    path.write_bytes(data[:33] + chunk + data[33:])  # signature 8 + IHDR chunk 25
    return path


def a1111_tiff() -> bytes:
    return exif_with_comment(user_comment(A1111)).tobytes()[len(b"Exif\0\0") :]


def test_a1111_text_in_a_png_exif_chunk(tmp_path: Path) -> None:
    path = png_with_exif(tmp_path / "civitai.png", exif_chunk(a1111_tiff()))
    settings = read_image_settings(path)
    assert settings is not None
    assert (settings.generator, settings.prompt, settings.seed) == (
        "AUTOMATIC1111",
        "a lighthouse, night",
        77,
    )
    assert (settings.steps, settings.guidance, settings.width) == (24, 5.5, 832)


def test_png_text_chunk_wins_over_its_exif_chunk(tmp_path: Path) -> None:
    from PIL.PngImagePlugin import PngInfo

    info = PngInfo()
    info.add_text("parameters", A1111.replace("Seed: 77", "Seed: 78"))
    path = png_with_exif(tmp_path / "both.png", exif_chunk(a1111_tiff()), pnginfo=info)
    settings = read_image_settings(path)
    assert settings is not None and settings.seed == 78


def test_broken_or_bad_crc_exif_chunk_is_ignored(tmp_path: Path) -> None:
    broken = b"MM\0*\0\0\0\x08\0\x05\x87\x69\0\x04\0\0\0\x01\0\xff\xff\xff"
    assert read_image_settings(png_with_exif(tmp_path / "a.png", exif_chunk(broken))) is None
    bad_crc = exif_chunk(a1111_tiff(), crc=0)  # not trusted
    assert read_image_settings(png_with_exif(tmp_path / "b.png", bad_crc)) is None


def civitai_jpeg(tmp_path: Path, graph: dict[str, object], extra: dict[str, object]) -> Path:
    text = json.dumps({**graph, "extraMetadata": json.dumps(extra)})
    path = tmp_path / "civitai.jpeg"
    Image.new("RGB", (8, 8), "teal").save(path, "JPEG", exif=exif_with_comment(user_comment(text)))
    return path


def test_civitai_comfyui_jpeg_graph_in_user_comment(tmp_path: Path) -> None:
    case = json.loads((GRAPHS / "ksampler_lora_stack.json").read_text(encoding="utf-8"))
    extra = {"prompt": "ignored: the graph says it", "cfgScale": 3, "clipSkip": 2}
    settings = read_image_settings(civitai_jpeg(tmp_path, case["graph"], extra))
    assert settings is not None and settings.generator == "ComfyUI"
    assert (settings.prompt, settings.seed, settings.guidance) == (
        "a lighthouse at dusk, oil painting",
        123456789,
        6.5,
    )
    assert len(settings.loras) == 2


def test_civitai_extra_metadata_fills_what_the_graph_lacks(tmp_path: Path) -> None:
    graph = {
        "1": {"class_type": "CheckpointLoaderSimple", "inputs": {"ckpt_name": "pony.safetensors"}},
        "2": {"class_type": "smZ CLIPTextEncode", "inputs": {"txt": "x", "clip": ["1", 1]}},
        "3": {"class_type": "EmptyLatentImage", "inputs": {"width": 832, "height": 1216}},
        "4": {
            "class_type": "KSampler",
            "inputs": {"seed": 5, "steps": 30, "cfg": 7, "sampler_name": "euler_ancestral",
                       "scheduler": "normal", "model": ["1", 0], "positive": ["2", 0],
                       "negative": ["2", 0], "latent_image": ["3", 0]},
        },
    }  # fmt: skip
    extra = {"prompt": "a fox, forest", "negativePrompt": "lowres", "steps": 99}
    settings = read_image_settings(civitai_jpeg(tmp_path, graph, extra))
    assert settings is not None
    assert (settings.prompt, settings.negative_prompt) == ("a fox, forest", "lowres")
    assert (settings.steps, settings.sampler, settings.width) == (30, "Euler a", 832)


def test_civitai_extra_metadata_alone(tmp_path: Path) -> None:
    graph = {"9": {"class_type": "SaveImage", "inputs": {"images": ["8", 0]}}}
    extra = {"prompt": "a fox", "seed": 12, "steps": 20, "cfgScale": 4, "sampler": "Euler a",
             "width": 1024, "height": 1024}  # fmt: skip
    settings = read_image_settings(civitai_jpeg(tmp_path, graph, extra))
    assert settings is not None
    assert (settings.prompt, settings.seed, settings.steps, settings.guidance) == (
        "a fox",
        12,
        20,
        4,
    )
    assert (settings.sampler, settings.width, settings.height) == ("Euler a", 1024, 1024)


def test_sampler_variant_is_kept_in_what_is_shown() -> None:
    path = (
        Path(__file__).parent.parent / "data" / "metadata" / "ComfyUI" / "unclip_2pass_cropped.png"
    )
    settings = read_image_settings(path)
    assert settings is not None
    assert (settings.sampler, settings.original_sampler) == ("UniPC", "uni_pc_bh2")
    assert "Sampler: UniPC (uni_pc_bh2)" in format_settings(settings, as_json=False)
    assert json.loads(format_settings(settings, as_json=True))["original_sampler"] == "uni_pc_bh2"
