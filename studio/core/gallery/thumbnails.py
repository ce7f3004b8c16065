"""Gallery thumbnails: small WebP files made once per image version, cached on disk.

`ThumbnailCache.cached()` only looks on disk (safe on the GUI thread); `make()` decodes the
image and must run off the GUI thread. A per-image lock means two threads asking for the same
thumbnail decode the full image once, not twice.
"""

from __future__ import annotations

import hashlib
import io
import logging
import os
import threading
from pathlib import Path

from PIL import Image

from studio.core.base.atomic import atomic_write_bytes
from studio.core.base.errors import ImageInputError

log = logging.getLogger(__name__)
THUMBNAIL_SIDE = 256
THUMBNAILS_DIR = "thumbnails"
_FORMATS = ("PNG", "JPEG", "WEBP")


class ThumbnailCache:
    """Thumbnails under `<cache>/thumbnails`, keyed by image path, size and mtime."""

    def __init__(self, cache_dir: Path, side: int = THUMBNAIL_SIDE) -> None:
        self._folder = cache_dir / THUMBNAILS_DIR
        self._side = side
        self._guard = threading.Lock()
        self._locks: dict[str, threading.Lock] = {}

    @property
    def folder(self) -> Path:
        return self._folder

    def location(self, image: Path, mtime_ns: int, size: int) -> Path:
        """Where the thumbnail of this version of `image` is (or will be) kept."""
        key = f"{os.path.abspath(image)}\0{mtime_ns}\0{size}\0{self._side}"
        digest = hashlib.sha256(key.encode("utf-8", "surrogateescape")).hexdigest()[:32]
        return self._folder / digest[:2] / f"{digest}.webp"

    def cached(self, image: Path, mtime_ns: int, size: int) -> Path | None:
        """The thumbnail file if already made; never decodes anything."""
        file = self.location(image, mtime_ns, size)
        return file if file.is_file() else None

    def make(self, image: Path) -> Path:
        """The thumbnail file, made now if missing. Slow: call it off the GUI thread."""
        try:
            info = image.stat()
        except OSError as error:
            raise _unreadable(image, error) from error
        file = self.location(image, info.st_mtime_ns, info.st_size)
        with self._lock_for(file):
            if not file.is_file():
                atomic_write_bytes(file, thumbnail_bytes(image, self._side, "WEBP"))
        return file

    def _lock_for(self, file: Path) -> threading.Lock:
        with self._guard:
            return self._locks.setdefault(file.name, threading.Lock())


def thumbnail_bytes(image: Path, side: int, image_format: str) -> bytes:
    """`image` shrunk to fit `side`×`side`, encoded as `image_format` with no metadata."""
    try:
        with Image.open(image, formats=_FORMATS) as source:
            source.draft("RGB", (side, side))  # JPEG decodes at 1/2..1/8 scale directly
            source.thumbnail((side, side), reducing_gap=2.0)
            small = source.convert("RGBA" if "A" in source.getbands() else "RGB")
    except Image.DecompressionBombError as error:
        raise ImageInputError(
            f"{image} declares more pixels than is safe to open; no thumbnail was made.",
            f"{image} declara más píxeles de los que es seguro abrir; no se hizo miniatura.",
        ) from error
    except (OSError, SyntaxError, ValueError) as error:
        raise _unreadable(image, error) from error
    if image_format == "JPEG" and small.mode == "RGBA":
        small = small.convert("RGB")
    out = io.BytesIO()
    small.save(out, format=image_format, quality=80)
    return out.getvalue()


def _unreadable(image: Path, error: Exception) -> ImageInputError:
    return ImageInputError(
        f"No thumbnail for {image}: the image cannot be read ({error}).",
        f"Sin miniatura para {image}: la imagen no se puede leer ({error}).",
    )
