"""Foreign formats: metadata text in PNG/JPEG/WebP files (no pixels decoded), via sd-parsers."""

from __future__ import annotations

import os
import re
import stat
import struct
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO

from PIL import Image, UnidentifiedImageError
from PIL.PngImagePlugin import MAX_TEXT_CHUNK, MAX_TEXT_MEMORY

from studio.core.base.errors import ImageInputError
from studio.core.imagemeta.exif import EXIF_ERRORS, exif_texts, png_exif_texts
from studio.core.imagemeta.xmp import PNG_XMP_KEY, xmp_texts

if TYPE_CHECKING:
    from sd_parsers.data import PromptInfo

_PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
_TEXT_CHUNKS = (b"tEXt", b"zTXt", b"iTXt")
# Far beyond any real PNG (a 2048² image has a few thousand); stops files made of empty chunks.
_MAX_CHUNKS = 100_000
# Our sampler names, keyed by how other tools spell them once _sampler_key() has tidied them.
_SAMPLER_ALIASES = {
    "euler": "Euler",
    "euler_a": "Euler a",
    "euler_ancestral": "Euler a",
    "dpmpp_2m": "DPM++ 2M",
    "dpmpp_2m_karras": "DPM++ 2M Karras",
    "dpmpp_2m_k": "DPM++ 2M Karras",
    "ddim": "DDIM",
    "unipc": "UniPC",
    "uni_pc": "UniPC",
    "uni_pc_bh2": "UniPC",  # diffusers' UniPC runs the bh2 variant by default
    "lcm": "LCM",
}
_KARRAS_VARIANTS = {"DPM++ 2M": "DPM++ 2M Karras"}
_PLAIN_SCHEDULES = ("", "automatic", "normal", "simple", "default")


@dataclass(frozen=True)
class RawMetadata:
    """Text entries found in an image, and the names of entries too damaged or large to read."""

    texts: dict[str, str]
    damaged: tuple[str, ...] = ()


def read_raw_metadata(path: Path) -> RawMetadata:
    """An image's metadata text; ImageInputError when the file is not a usable image."""
    _check_regular_file(path)
    try:
        fp = path.open("rb")
    except OSError as error:
        raise _unreadable(path, error) from error
    with fp:
        return _read_open_file(fp, path)


def _read_open_file(fp: BinaryIO, path: Path) -> RawMetadata:
    head = fp.read(12)
    fp.seek(0)
    if head.startswith(_PNG_SIGNATURE):
        # Our own chunk walk: Pillow finds text after IDAT only by decoding every pixel, and it
        # rejects a whole file for one bad text chunk that we can skip.
        return _png_metadata(fp, path)
    try:
        # formats= keeps Pillow's other, less-tested plugins away from untrusted files.
        with Image.open(fp, formats=("JPEG", "WEBP")) as image:
            return _exif_metadata(image)
    except UnidentifiedImageError as error:
        known = head.startswith(b"\xff\xd8\xff") or (head[:4], head[8:]) == (b"RIFF", b"WEBP")
        raise (_damaged(path) if known else _not_an_image(path)) from error
    except Image.DecompressionBombError as error:
        raise _too_many_pixels(path) from error
    except (OSError, SyntaxError, ValueError, EOFError, struct.error) as error:
        raise _damaged(path) from error


def _check_regular_file(path: Path) -> None:
    try:
        info = path.stat()
    except (FileNotFoundError, NotADirectoryError):
        raise ImageInputError(
            f"The file {path} does not exist.", f"El archivo {path} no existe."
        ) from None
    except OSError as error:
        raise _unreadable(path, error) from error
    if stat.S_ISDIR(info.st_mode):
        raise ImageInputError(
            f"{path} is a folder, not an image file.",
            f"{path} es una carpeta, no un archivo de imagen.",
        )
    if not stat.S_ISREG(info.st_mode):
        raise _not_an_image(path)
    if info.st_size == 0:
        raise ImageInputError(
            f"The file {path} is empty (0 bytes).", f"El archivo {path} está vacío (0 bytes)."
        )


def _png_metadata(fp: BinaryIO, path: Path) -> RawMetadata:
    size = os.fstat(fp.fileno()).st_size
    fp.seek(len(_PNG_SIGNATURE))
    _check_png_header(fp, size, path)
    texts: dict[str, str] = {}
    damaged: list[str] = []
    budget = MAX_TEXT_MEMORY
    for _ in range(_MAX_CHUNKS):
        length, kind = _chunk_header(fp, size, path)
        if kind == b"IEND":
            _add_xmp(texts, texts.get(PNG_XMP_KEY))
            return RawMetadata(texts, tuple(damaged))
        if kind in _TEXT_CHUNKS and length <= budget:
            budget -= length
            _read_text_chunk(fp, kind, length, texts, damaged)
        elif kind == b"eXIf" and length <= budget:
            budget -= length
            _read_exif_chunk(fp, length, texts)
        else:
            if kind in _TEXT_CHUNKS:
                damaged.append(kind.decode("ascii"))
            fp.seek(length + 4, os.SEEK_CUR)
    raise _damaged(path)


def _check_png_header(fp: BinaryIO, size: int, path: Path) -> None:
    length, kind = _chunk_header(fp, size, path)
    data, crc = fp.read(length), int.from_bytes(fp.read(4), "big")
    if kind != b"IHDR" or length != 13 or zlib.crc32(kind + data) != crc:
        raise _damaged(path)
    width, height = struct.unpack(">II", data[:8])
    # Pillow's own rule: refuse past twice MAX_IMAGE_PIXELS, as Image.open would.
    limit = Image.MAX_IMAGE_PIXELS
    if limit and max(width, 1) * max(height, 1) > 2 * limit:
        raise _too_many_pixels(path)


def _chunk_header(fp: BinaryIO, size: int, path: Path) -> tuple[int, bytes]:
    header = fp.read(8)
    if len(header) < 8:
        raise _damaged(path)
    length, kind = struct.unpack(">I4s", header)
    if fp.tell() + length + 4 > size:
        raise _damaged(path)
    return length, kind


def _read_text_chunk(
    fp: BinaryIO, kind: bytes, length: int, texts: dict[str, str], damaged: list[str]
) -> None:
    data = fp.read(length)
    crc = int.from_bytes(fp.read(4), "big")
    key, separator, body = data.partition(b"\0")
    name = key.decode("latin-1") or kind.decode("ascii")
    if not separator or zlib.crc32(kind + data) != crc:
        damaged.append(name)
        return
    try:
        texts[name] = _decode_text(kind, body)
    except (ValueError, IndexError, zlib.error):
        damaged.append(name)


def _decode_text(kind: bytes, body: bytes) -> str:
    if kind == b"tEXt":
        return body.decode("latin-1")
    if kind == b"zTXt":
        return _inflate(body[1:]).decode("latin-1")
    compressed = body[0] == 1
    _language, _, rest = body[2:].partition(b"\0")
    _translated, separator, text = rest.partition(b"\0")
    if not separator:
        raise ValueError("iTXt chunk without its separators")
    return (_inflate(text) if compressed else text).decode("utf-8")


def _inflate(data: bytes) -> bytes:
    # Pillow's own cap on decompressed text: a few bytes must not become gigabytes.
    inflater = zlib.decompressobj()
    text = inflater.decompress(data, MAX_TEXT_CHUNK)
    if inflater.unconsumed_tail:
        raise ValueError("decompressed text chunk is too large")
    return text


def _exif_metadata(image: Image.Image) -> RawMetadata:
    try:
        texts = exif_texts(image.getexif())
    except EXIF_ERRORS:
        # Pillow already skips most broken EXIF; anything it still trips on is damage.
        return RawMetadata({}, ("EXIF",))
    _add_xmp(texts, image.info.get("xmp"))  # the raw packet: Pillow's getxmp needs defusedxml
    return RawMetadata(texts)


def _add_xmp(texts: dict[str, str], packet: object) -> None:
    # XMP fills only what the tool's own chunks or EXIF left out.
    if isinstance(packet, bytes | str):
        for key, text in xmp_texts(packet).items():
            texts.setdefault(key, text)


def _read_exif_chunk(fp: BinaryIO, length: int, texts: dict[str, str]) -> None:
    data = fp.read(length)
    crc = int.from_bytes(fp.read(4), "big")
    try:
        found = png_exif_texts(data) if zlib.crc32(b"eXIf" + data) == crc else {}
    except EXIF_ERRORS:
        # Most eXIf chunks are a camera's, not settings: a broken one is ignored, as a broken
        # EXIF block in a JPEG is, rather than making a plain picture "damaged settings".
        return
    for key, text in found.items():
        texts.setdefault(key, text)  # text chunks, when a file has both, are the tool's own


def damaged_metadata_error(path: Path, names: tuple[str, ...]) -> ImageInputError:
    """The error for an image whose only generation metadata cannot be read safely."""
    listed = ", ".join(sorted(set(names)))
    return ImageInputError(
        f"The generation settings in {path} are damaged or too large to read safely ({listed}).",
        f"Los ajustes de generación de {path} están dañados o son demasiado grandes para "
        f"leerlos con seguridad ({listed}).",
    )


def _not_an_image(path: Path) -> ImageInputError:
    return ImageInputError(
        f"{path} is not a PNG, JPEG or WebP image.", f"{path} no es una imagen PNG, JPEG ni WebP."
    )


def _damaged(path: Path) -> ImageInputError:
    return ImageInputError(
        f"{path} is truncated or damaged: the file ends or breaks in the middle of the image.",
        f"{path} está truncado o dañado: el archivo se corta o se rompe a mitad de la imagen.",
    )


def _too_many_pixels(path: Path) -> ImageInputError:
    return ImageInputError(
        f"{path} declares more pixels than is safe to open; it may be a decompression bomb.",
        f"{path} declara más píxeles de los que es seguro abrir; puede ser una bomba de "
        "descompresión.",
    )


def _unreadable(path: Path, error: OSError) -> ImageInputError:
    reason = error.strerror or type(error).__name__
    return ImageInputError(
        f"Could not read {path}: {reason}.", f"No se pudo leer {path}: {reason}."
    )


def parse_foreign(texts: dict[str, str]) -> PromptInfo | None:
    """What sd-parsers reads in another tool's metadata, or None if it recognises nothing."""
    # Imported here so that importing studio.core stays quick.
    from sd_parsers.exceptions import ParserError
    from sd_parsers.parsers import (
        AUTOMATIC1111Parser,
        ComfyUIParser,
        FooocusParser,
        InvokeAIParser,
        NovelAIParser,
    )

    # sd-parsers' own order: Fooocus's JSON `parameters` must be tried before A1111's text.
    parsers = (FooocusParser, AUTOMATIC1111Parser, ComfyUIParser, InvokeAIParser, NovelAIParser)
    for parser in parsers:
        try:
            return parser().parse(dict(texts))
        # The parsers meet untrusted data; these are how its malformations surface.
        except (ParserError, LookupError, TypeError, ValueError, AttributeError, RecursionError):
            continue
    return None


def flat_metadata(info: PromptInfo) -> dict[str, Any]:
    """The parser's extra metadata with keys lower-cased and underscored, as sd-parsers does."""
    return {str(key).lower().replace(" ", "_"): value for key, value in info.metadata.items()}


def sampler_values(info: PromptInfo, meta: dict[str, Any]) -> dict[str, Any]:
    """The raw values of the first sampler, gathered from wherever each tool keeps them."""
    sampler = info.samplers[0]
    params = sampler.parameters
    model = sampler.model
    return {
        "prompt": sampler.prompts[0].value if sampler.prompts else "",
        "negative_prompt": sampler.negative_prompts[0].value if sampler.negative_prompts else "",
        "seed": params.get("seed", params.get("noise_seed")),
        "steps": params.get("steps", meta.get("steps")),
        "guidance": params.get("cfg_scale"),
        "sampler": sampler.name,
        "scheduler": params.get("scheduler"),
        "size": _size(meta),
        "model": model.name if model else None,
        "model_hash": model.hash if model else None,
        "strength": _strength(params, meta),
    }


def _strength(params: dict[str, Any], meta: dict[str, Any]) -> Any:
    value = params.get("denoise", meta.get("denoising_strength"))
    # Strength 1 is a plain text-to-image run; with hires fix it is the upscaler's strength.
    return None if used_hires_fix(meta) or str(value).strip() in ("1", "1.0") else value


def _size(meta: dict[str, Any]) -> tuple[Any, Any] | None:
    if "width" in meta and "height" in meta:  # InvokeAI, NovelAI
        return meta["width"], meta["height"]
    text = meta.get("size") or meta.get("resolution")  # A1111 "512x768", Fooocus "(512, 768)"
    pattern = r"\(?\s*(\d+)\s*[x×,]\s*(\d+)\s*\)?"
    match = re.fullmatch(pattern, text.strip()) if isinstance(text, str) else None
    if match:
        return match.group(1), match.group(2)
    sizes = latent_sizes(meta)
    return sizes.pop() if len(sizes) == 1 else None


def latent_sizes(meta: dict[str, Any]) -> set[tuple[Any, Any]]:
    """The distinct sizes of a ComfyUI graph's empty latent images."""
    nodes = meta.get("emptylatentimage")
    if not isinstance(nodes, list):
        return set()
    # As text: a crafted graph may hold lists or objects here, which a set cannot hold.
    return {(str(n.get("width")), str(n.get("height"))) for n in nodes if isinstance(n, dict)}


def used_hires_fix(meta: dict[str, Any]) -> bool:
    """Whether A1111's hires fix ran; its denoising strength is then the upscaler's."""
    off = (None, False, 0, "", "0", "false", "False")  # InvokeAI records "hires_fix": false
    return any(key.startswith("hires_") and value not in off for key, value in meta.items())


def our_sampler(name: str, scheduler: Any) -> tuple[str | None, str | None]:
    """Our name for another tool's sampler (None if we lack it), and a schedule we can't match."""
    sampler = _SAMPLER_ALIASES.get(_sampler_key(name))
    schedule = str(scheduler or "").strip().lower()
    if sampler is None or schedule in _PLAIN_SCHEDULES:
        return sampler, None
    if schedule == "karras" and "Karras" in sampler:
        return sampler, None
    if schedule == "karras" and sampler in _KARRAS_VARIANTS:
        return _KARRAS_VARIANTS[sampler], None
    return sampler, schedule


def _sampler_key(name: str) -> str:
    key = re.sub(r"[\s\-]+", "_", name.strip().lower().replace("++", "pp"))
    for prefix in ("sample_", "k_"):
        key = key.removeprefix(prefix)
    return key
