"""Export gallery images to a folder, a .zip or an HTML contact sheet; all or nothing.

A folder or contact sheet is built in a hidden folder beside the target and renamed into place
at the end; a zip is written through atomic_open. A failed or cancelled export leaves nothing.
"""

from __future__ import annotations

import os
import shutil
import tempfile
import threading
import zipfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from studio.core.base.atomic import atomic_open, atomic_write_bytes
from studio.core.base.errors import ImageInputError
from studio.core.gallery.db import GalleryError
from studio.core.gallery.encode import FORMATS, SUFFIXES, encoded_image
from studio.core.gallery.html import contact_sheet
from studio.core.gallery.query import GalleryItem
from studio.core.gallery.thumbnails import THUMBNAIL_SIDE, ThumbnailCache, thumbnail_bytes

KINDS = ("folder", "zip", "html")
HTML_PAGE = "index.html"
HTML_IMAGES = "images"


@dataclass(frozen=True)
class ExportOptions:
    """How to export: as a folder, zip or html; in which image format; with or without data."""

    kind: str = "folder"
    image_format: str = "png"
    strip_metadata: bool = False


@dataclass(frozen=True)
class ExportReport:
    """What an export wrote, and what it could not keep (English line, Spanish line)."""

    target: Path
    written: int
    notes: tuple[str, ...] = ()


class ExportCancelled(Exception):
    """The user cancelled the export; nothing was written."""


Progress = Callable[[int, int], None]


def export_images(
    items: Sequence[GalleryItem],
    target: Path,
    options: ExportOptions,
    thumbnails: ThumbnailCache | None = None,
    on_progress: Progress | None = None,
    cancel: threading.Event | None = None,
) -> ExportReport:
    """Export `items` to `target`; GalleryError (nothing written) when it cannot."""
    _validate(items, target, options)
    job = _Job(items, options, thumbnails, on_progress, cancel)
    try:
        if options.kind == "zip":
            with atomic_open(target) as handle, zipfile.ZipFile(handle, "w") as archive:
                job.run(lambda name, data: archive.writestr(name, data))
        else:
            _build_folder(target, job)
    except OSError as error:
        raise _failed(target, error) from error
    except ImageInputError as error:
        raise GalleryError(
            f"{error.en} Nothing was exported.", f"{error.es} No se exportó nada."
        ) from error
    return ExportReport(target, len(items), tuple(job.notes))


def export_name(item: GalleryItem, number: int, options: ExportOptions) -> str:
    """The path inside the export: its gallery path, or a neutral name when stripping."""
    suffix = SUFFIXES[options.image_format]
    if options.strip_metadata:
        return f"image-{number:04d}{suffix}"  # our names hold the prompt and seed
    return str(Path(item.relative).with_suffix(suffix).as_posix())


class _Job:
    """Encodes the items one at a time (memory stays flat) and hands each to a writer."""

    def __init__(
        self,
        items: Sequence[GalleryItem],
        options: ExportOptions,
        thumbnails: ThumbnailCache | None,
        on_progress: Progress | None,
        cancel: threading.Event | None,
    ) -> None:
        self.items, self.options, self.thumbnails = items, options, thumbnails
        self.on_progress, self.cancel = on_progress, cancel
        self.notes: list[str] = []
        self.cards: list[tuple[GalleryItem, str, bytes | None]] = []

    def run(self, write: Callable[[str, bytes], object]) -> None:
        prefix = f"{HTML_IMAGES}/" if self.options.kind == "html" else ""
        for number, item in enumerate(self.items, start=1):
            if self.cancel is not None and self.cancel.is_set():
                raise ExportCancelled()
            name = prefix + export_name(item, number, self.options)
            data, notes = encoded_image(
                item.path, self.options.image_format, self.options.strip_metadata
            )
            write(name, data)
            self.notes.extend(notes)
            if self.options.kind == "html":
                self.cards.append((item, name, self._thumbnail(item)))
            if self.on_progress is not None:
                self.on_progress(number, len(self.items))
        if self.options.kind == "html":
            page = contact_sheet(self.cards, private=self.options.strip_metadata)
            write(HTML_PAGE, page.encode("utf-8"))

    def _thumbnail(self, item: GalleryItem) -> bytes | None:
        try:
            if self.thumbnails is not None:
                return self.thumbnails.make(item.path).read_bytes()
            return thumbnail_bytes(item.path, THUMBNAIL_SIDE, "WEBP")
        except (ImageInputError, OSError):
            return None  # the card shows "(no preview)"; the full image is still exported


def _build_folder(target: Path, job: _Job) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(
        tempfile.mkdtemp(prefix=f".{target.name}.", suffix=".partial", dir=target.parent)
    )
    try:
        job.run(lambda name, data: atomic_write_bytes(staging / name, data))
        if target.exists():
            target.rmdir()  # _validate made sure it is empty
        os.replace(staging, target)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise


def _validate(items: Sequence[GalleryItem], target: Path, options: ExportOptions) -> None:
    if options.kind not in KINDS or options.image_format not in FORMATS:
        raise GalleryError(
            f"Unknown export kind or format: {options.kind}, {options.image_format}.",
            f"Tipo o formato de exportación desconocido: {options.kind}, {options.image_format}.",
        )
    if not items:
        raise GalleryError(
            "No images to export: the selection is empty.",
            "No hay imágenes que exportar: la selección está vacía.",
        )
    if options.kind != "zip" and target.exists() and (target.is_file() or any(target.iterdir())):
        raise GalleryError(
            f"{target} already exists and is not an empty folder. Choose a new folder name.",
            f"{target} ya existe y no es una carpeta vacía. Elige un nombre de carpeta nuevo.",
        )
    if options.kind == "zip" and target.is_dir():
        raise GalleryError(
            f"{target} is a folder; give the name of the .zip file to create.",
            f"{target} es una carpeta; indica el nombre del archivo .zip que se creará.",
        )


def _failed(target: Path, error: OSError) -> GalleryError:
    reason = error.strerror or str(error)
    return GalleryError(
        f"The export to {target} failed ({reason}). Nothing was written.",
        f"La exportación a {target} falló ({reason}). No se escribió nada.",
    )
