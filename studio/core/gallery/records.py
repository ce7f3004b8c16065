"""What the gallery index knows about one file: found by a folder walk, read without decoding."""

from __future__ import annotations

import logging
import os
import re
import struct
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from PIL import Image

from studio.core.base.errors import ImageInputError
from studio.core.imagemeta.image_settings import ImageSettings, read_image_settings

log = logging.getLogger(__name__)
IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".webp")
MASK_SUFFIX = ".mask.png"  # an inpainted picture's mask, saved beside it: not a picture itself
_PNG_HEAD = b"\x89PNG\r\n\x1a\n\x00\x00\x00\x0dIHDR"
_STAMP_IN_NAME = re.compile(r"(\d{8}-\d{6})")
_MAX_DEPTH = 8


@dataclass(frozen=True)
class FileStamp:
    """A file as the folder walk sees it: path relative to the gallery, size, mtime."""

    rel: str
    size: int
    mtime_ns: int

    @property
    def folder(self) -> str:
        return self.rel.rpartition("/")[0]

    @property
    def name(self) -> str:
        return self.rel.rpartition("/")[2]


@dataclass(frozen=True)
class ImageRecord:
    """One file's row: when it was made, its real size and the settings found inside."""

    stamp: FileStamp
    created: float
    width: int | None
    height: int | None
    settings: ImageSettings | None
    problem: str | None = None

    @property
    def broken(self) -> bool:
        """Not an image at all (empty, text, unknown header): kept out of the gallery."""
        return self.width is None


def scan_folder(root: Path) -> dict[str, FileStamp]:
    """Every image file under `root` by relative path; hidden files and folders are skipped."""
    found: dict[str, FileStamp] = {}
    _scan(root, "", found, 0)
    return found


def _scan(folder: Path, prefix: str, found: dict[str, FileStamp], depth: int) -> None:
    try:
        entries = list(os.scandir(folder))
    except OSError as error:
        log.warning("Cannot list %s: %s", folder, error)
        return
    for entry in entries:
        if entry.name.startswith(".") or entry.name.lower().endswith(MASK_SUFFIX):
            continue  # our sidecars and inpainting masks, temp files of atomic writes, the OS's
        rel = prefix + entry.name
        try:
            if entry.is_dir(follow_symlinks=False) and depth < _MAX_DEPTH:
                _scan(Path(entry.path), rel + "/", found, depth + 1)
            elif entry.name.lower().endswith(IMAGE_SUFFIXES) and entry.is_file():
                info = entry.stat()
                found[rel] = FileStamp(rel, info.st_size, info.st_mtime_ns)
        except OSError as error:
            log.warning("Cannot read %s: %s", entry.path, error)


def read_record(root: Path, stamp: FileStamp) -> ImageRecord:
    """Size and settings of one file, from its headers and text only (no pixels decoded)."""
    path = root / stamp.rel
    created = created_time(stamp)
    try:
        settings, problem = read_image_settings(path), None
    except ImageInputError as error:
        settings, problem = None, error.bilingual()
    except Exception as error:
        # The per-file boundary of a sync: one hostile file is listed without its settings,
        # never the end of the sync (it once left the window at "Gallery (0)").
        log.warning("Skipped the settings of %s: %r", path, error)  # %r: no raw controls
        settings, problem = None, _unreadable_settings(path)
    width, height = image_size(path)
    return ImageRecord(stamp, created, width, height, settings, problem)


def _unreadable_settings(path: Path) -> str:
    return ImageInputError(
        f"The generation settings in {path.name} could not be read; they were skipped.",
        f"Los ajustes de generación de {path.name} no se pudieron leer; se omitieron.",
    ).bilingual()


def created_time(stamp: FileStamp) -> float:
    """When the image was made: the time in our file names, else the file's mtime."""
    match = _STAMP_IN_NAME.search(stamp.name)
    if match:
        try:
            return datetime.strptime(match.group(1), "%Y%m%d-%H%M%S").timestamp()
        except (ValueError, OverflowError):
            pass
    return stamp.mtime_ns / 1e9


def image_size(path: Path) -> tuple[int | None, int | None]:
    """The pixel size stated in the file's header, or (None, None) if it is not an image."""
    try:
        with path.open("rb") as handle:
            head = handle.read(24)
            if head.startswith(_PNG_HEAD):
                # IHDR directly: Pillow would refuse a PNG over a bad text chunk before IDAT.
                width, height = struct.unpack(">II", head[16:24])
                return (width, height) if width and height else (None, None)
            handle.seek(0)
            with Image.open(handle, formats=("JPEG", "WEBP")) as image:
                return image.size
    except (OSError, SyntaxError, ValueError, struct.error, Image.DecompressionBombError):
        return None, None
