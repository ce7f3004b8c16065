"""One image as an export writes it: copied as is, re-encoded, with or without its settings."""

from __future__ import annotations

import io
import logging
from pathlib import Path

from PIL import Image
from PIL.PngImagePlugin import PngInfo

from studio.core.base.errors import ImageInputError
from studio.core.imagemeta.chunks import read_raw_metadata

log = logging.getLogger(__name__)
FORMATS = {"png": "PNG", "jpeg": "JPEG", "webp": "WEBP"}
SUFFIXES = {"png": ".png", "jpeg": ".jpg", "webp": ".webp"}
_EXIF_IFD = 0x8769
_USER_COMMENT = 0x9286
# ComfyUI's own JPEG/WebP convention: "prompt:{json}" and "workflow:{json}" in these tags.
_COMFYUI_TAGS = {"prompt": 0x010E, "workflow": 0x010F}
_SUFFIX_FORMATS = {".png": "png", ".jpg": "jpeg", ".jpeg": "jpeg", ".webp": "webp"}


def encoded_image(source: Path, image_format: str, strip: bool) -> tuple[bytes, list[str]]:
    """The bytes to export for `source`, and notes on settings that could not be kept."""
    if _SUFFIX_FORMATS.get(source.suffix.lower()) == image_format and not strip:
        return source.read_bytes(), []  # untouched: the original file, bit for bit
    texts = {} if strip else _texts(source)
    pixels = _pixels(source)
    out = io.BytesIO()
    notes: list[str] = []
    if image_format == "png":
        pixels.save(out, format="PNG", pnginfo=_png_info(texts))
        return out.getvalue(), notes
    if image_format == "jpeg" and pixels.mode != "RGB":
        pixels = pixels.convert("RGB")
    exif, notes = _exif(texts, source)
    try:
        pixels.save(out, format=FORMATS[image_format], quality=92, exif=exif)
    except ValueError:  # EXIF past the JPEG segment limit (64 KB): keep the image anyway
        out = io.BytesIO()
        pixels.save(out, format=FORMATS[image_format], quality=92)
        notes = [_too_long_note(source)]
    return out.getvalue(), notes


def _texts(source: Path) -> dict[str, str]:
    try:
        return read_raw_metadata(source).texts
    except ImageInputError as error:
        log.info("No metadata kept for %s: %s", source, error)
        return {}


def _pixels(source: Path) -> Image.Image:
    try:
        with Image.open(source, formats=tuple(FORMATS.values())) as image:
            image.load()
            mode = "RGBA" if "A" in image.getbands() else "RGB"
            clean = image.convert(mode)
    except Image.DecompressionBombError as error:
        raise ImageInputError(
            f"{source} declares more pixels than is safe to open; it was not exported.",
            f"{source} declara más píxeles de los que es seguro abrir; no se exportó.",
        ) from error
    except (OSError, SyntaxError, ValueError) as error:
        raise ImageInputError(
            f"{source} cannot be read ({error}); it was not exported.",
            f"{source} no se puede leer ({error}); no se exportó.",
        ) from error
    clean.info = {}  # no ICC, EXIF, DPI or text carried over by Pillow on its own
    return clean


def _png_info(texts: dict[str, str]) -> PngInfo:
    info = PngInfo()
    for key, value in texts.items():
        if key and len(key) < 80:
            info.add_itxt(key, value)
    return info


def _exif(texts: dict[str, str], source: Path) -> tuple[bytes, list[str]]:
    exif = Image.Exif()
    if "parameters" in texts:
        # A1111's convention: UserComment, "UNICODE" code then UTF-16 big-endian text.
        comment = b"UNICODE\0" + texts["parameters"].encode("utf-16-be")
        exif.get_ifd(_EXIF_IFD)[_USER_COMMENT] = comment
    for key, tag in _COMFYUI_TAGS.items():
        if key in texts:
            exif[tag] = f"{key}:{texts[key]}"
    kept = {"parameters", *_COMFYUI_TAGS}
    lost = sorted(key for key in texts if key not in kept and key != "lienzo")
    notes = [_lost_note(source, lost)] if lost and not kept & texts.keys() else []
    return exif.tobytes(), notes


def _lost_note(source: Path, keys: list[str]) -> str:
    listed = ", ".join(keys)[:200]
    return (
        f"{source.name}: its settings ({listed}) have no place in this format and were not "
        f"kept.\n{source.name}: sus ajustes ({listed}) no caben en este formato y no se "
        "conservaron."
    )


def _too_long_note(source: Path) -> str:
    return (
        f"{source.name}: its settings are too long for EXIF (64 KB) and were not kept.\n"
        f"{source.name}: sus ajustes son demasiado largos para EXIF (64 KB) y no se conservaron."
    )
