"""Images coming in from drops, pastes and the gallery: checked, decoded, settings read."""

from __future__ import annotations

import logging
import uuid
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QMimeData
from PySide6.QtGui import QImage

from studio.core.base.errors import ImageInputError, StudioError
from studio.core.generation.images import open_image_safely, to_rgb
from studio.core.generation.masks import THRESHOLD
from studio.core.generation.request import GenerationRequest
from studio.ui.images import pil_to_qimage

if TYPE_CHECKING:
    from PIL import Image

log = logging.getLogger(__name__)
PREVIEW_SIDE = 256


def paths_from_mime(mime: QMimeData, paste_folder: Path) -> list[Path]:
    """Local files in a drop or paste; raw image data (a browser, a screenshot) is saved first."""
    files = [Path(url.toLocalFile()) for url in mime.urls() if url.isLocalFile()]
    if files:
        return files
    if mime.hasImage():
        image = QImage(mime.imageData())
        if not image.isNull():
            paste_folder.mkdir(parents=True, exist_ok=True)
            target = paste_folder / f"pasted-{uuid.uuid4().hex[:8]}.png"
            if image.save(str(target), "PNG"):
                return [target]
    if mime.urls():
        raise ImageInputError(
            "Only files on this computer can be used: save the image first, then drop the file.",
            "Solo se pueden usar archivos de este equipo: guarda la imagen y suelta el archivo.",
        )
    raise ImageInputError(
        "There is no image in what was dropped or pasted.",
        "Lo que se soltó o pegó no contiene ninguna imagen.",
    )


def load_input_preview(path: Path) -> QImage:
    """Decode and check an input image (raises ImageInputError); return a small preview."""
    try:
        opened = open_image_safely(path)
        transparent = has_usable_transparency(opened)
        image = to_rgb(opened)
    except StudioError:
        raise
    except Exception as exc:
        # A dropped file is untrusted: whatever its bytes do to a decoder is one message.
        log.warning("Cannot use %s as an input image", path, exc_info=True)
        raise ImageInputError(
            f"{path.name} cannot be used as a picture ({type(exc).__name__}).",
            f"{path.name} no se puede usar como imagen ({type(exc).__name__}).",
        ) from exc
    full_size = image.size
    image.thumbnail((PREVIEW_SIDE, PREVIEW_SIDE))
    preview = pil_to_qimage(image)
    preview.setText("size", f"{full_size[0]}x{full_size[1]}")
    preview.setText("transparent", "1" if transparent else "0")
    return preview


def has_usable_transparency(image: Image.Image) -> bool:
    """Whether the image's alpha makes a mask that redraws a part, not nothing nor all of it."""
    if image.mode not in ("RGBA", "LA", "PA") and "transparency" not in image.info:
        return False
    low, high = image.convert("RGBA").getchannel("A").getextrema()
    return low < THRESHOLD <= high  # as the engine reads it: transparent below one half


def read_request_from_image(path: Path, base: GenerationRequest) -> GenerationRequest | None:
    """`base` with the generation settings stored in the image, or None when it has none."""
    try:
        from studio.core.imagemeta.image_settings import read_image_settings
    except ImportError:  # the reader is optional: without it only our own PNGs are read
        return _read_our_request(path, base)
    try:
        found = read_image_settings(path)
    except (StudioError, OSError) as exc:
        log.info("No usable settings in %s: %s", path, exc)
        return None
    except Exception:  # the drop's per-file boundary: the picture is still used, its settings not
        log.warning("Skipped the settings of %s", path, exc_info=True)
        return None
    if found is None:
        return None
    fields = found.to_request_fields()
    return replace(base, **fields) if fields else None


def _read_our_request(path: Path, base: GenerationRequest) -> GenerationRequest | None:
    from PIL import Image

    from studio.core.imagemeta.lienzo_format import read_lienzo_request

    try:
        with Image.open(path) as image:
            request = read_lienzo_request(dict(getattr(image, "text", {})))
    except Exception:  # OSError, or whatever a hostile file does to Pillow: no settings
        log.info("No usable settings in %s", path, exc_info=True)
        return None
    return replace(request, init_image=base.init_image) if request else None
