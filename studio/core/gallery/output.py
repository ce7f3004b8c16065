"""Save generated images as PNGs with their settings inside, atomically, never overwriting."""

from __future__ import annotations

import errno
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import replace
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from studio.core.base.atomic import write_new_file
from studio.core.base.errors import OutputError
from studio.core.gallery.records import MASK_SUFFIX
from studio.core.imagemeta.lienzo_format import png_info
from studio.core.imagemeta.loras import lora_stem

if TYPE_CHECKING:  # the engine module (with numpy) is not needed to save a picture
    from PIL import Image
    from PIL.PngImagePlugin import PngInfo

    from studio.core.generation.engine import GeneratedImage

_MAX_SLUG = 48


def dated_folder(gallery: Path, when: datetime | None = None) -> Path:
    """The gallery's folder for one day, e.g. ~/Pictures/Lienzo Studio/2026-11-26."""
    return gallery / (when or datetime.now()).strftime("%Y-%m-%d")


def prompt_slug(prompt: str) -> str:
    """A short file-name-safe form of the prompt, on every OS (ASCII, no reserved chars)."""
    ascii_text = unicodedata.normalize("NFKD", prompt).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^A-Za-z0-9]+", "-", ascii_text).strip("-").lower()
    return slug[:_MAX_SLUG].rstrip("-") or "image"


def save_image(
    result: GeneratedImage, folder: Path, when: datetime | None = None, *, origin: str = ""
) -> Path:
    """Write one PNG named time-seed-prompt, with A1111 and Lienzo metadata; return its path.
    `origin` ("api") is written in our metadata when another program asked for the picture."""
    stamp = (when or datetime.now()).strftime("%Y%m%d-%H%M%S")
    base = f"{stamp}-{result.request.seed}-{prompt_slug(result.request.prompt)}"
    mask: Path | None = None
    try:
        folder.mkdir(parents=True, exist_ok=True)
        request = result.request
        if result.mask is not None:
            # The mask first: the picture's settings then name the file it really got.
            mask = _save_png(result.mask, _names(folder, base, MASK_SUFFIX), None)
            request = replace(request, mask=mask.name)
        hashes = {lora_stem(name): value for name, value in result.lora_hashes}
        info = png_info(request, result.model, result.device, result.comfy_graph, hashes, origin)
        return _save_png(result.image, _names(folder, base), info)
    except OSError as exc:
        if mask is not None:
            mask.unlink(missing_ok=True)
        raise _save_failed(folder, exc) from exc


def _save_png(image: Image.Image, names: Iterator[Path], info: PngInfo | None) -> Path:
    # The name is claimed atomically once the PNG is complete: another process saving
    # the same time, seed and prompt into this folder gets the next number, never ours.
    return write_new_file(names, lambda handle: image.save(handle, format="PNG", pnginfo=info))


def _names(folder: Path, base: str, suffix: str = ".png") -> Iterator[Path]:
    yield folder / f"{base}{suffix}"
    number = 2
    while True:
        yield folder / f"{base}-{number}{suffix}"
        number += 1


def _save_failed(folder: Path, exc: OSError) -> OutputError:
    if exc.errno == errno.ENOSPC:
        return OutputError(
            f"The disk is full: the image could not be saved in {folder}. Nothing was written. "
            "Free some space or choose another folder.",
            f"El disco está lleno: no se pudo guardar la imagen en {folder}. No se escribió "
            "nada. Libera espacio o elige otra carpeta.",
        )
    if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return OutputError(
            f"No permission to write in {folder}. Nothing was written. Choose another folder.",
            f"No hay permiso para escribir en {folder}. No se escribió nada. Elige otra carpeta.",
        )
    return OutputError(
        f"The image could not be saved in {folder} ({exc.strerror or exc}). Nothing was written.",
        f"No se pudo guardar la imagen en {folder} ({exc.strerror or exc}). No se escribió nada.",
    )
