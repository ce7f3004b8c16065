"""Gallery work that must stay off the GUI thread: index sync, thumbnails, export."""

from __future__ import annotations

import logging
import os
import threading
import traceback
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QRunnable, QSize, Qt, QThreadPool, Signal
from PySide6.QtGui import QImage, QImageReader

from studio.core.base.errors import StudioError
from studio.core.gallery.export import ExportCancelled, ExportOptions, export_images
from studio.core.gallery.records import scan_folder

if TYPE_CHECKING:
    from collections.abc import Sequence

    from studio.core.gallery.query import GalleryItem
    from studio.core.gallery.store import GalleryStore
    from studio.core.gallery.thumbnails import ThumbnailCache

log = logging.getLogger(__name__)


class TaskSignals(QObject):
    """Signals a pool task emits; they arrive queued on the GUI thread."""

    thumbnail_made = Signal(str, QImage)  # image path, thumbnail (null when unreadable)
    sync_progressed = Signal(int, int)
    sync_finished = Signal(object)  # SyncReport, or None when it failed
    export_progressed = Signal(int, int)
    export_finished = Signal(object, str)  # ExportReport or None, message when it failed


class ThumbnailTask(QRunnable):
    """Make (or find) the cached thumbnail of one image and read it at `side` pixels."""

    def __init__(self, path: Path, cache: ThumbnailCache, side: int, signals: TaskSignals) -> None:
        super().__init__()
        self._path, self._cache, self._side, self._signals = path, cache, side, signals

    def run(self) -> None:
        image = QImage()
        try:
            reader = QImageReader(str(self._cache.make(self._path)))
            box = QSize(self._side, self._side)
            reader.setScaledSize(reader.size().scaled(box, Qt.AspectRatioMode.KeepAspectRatio))
            image = reader.read()
        except (StudioError, OSError) as exc:
            log.info("No thumbnail for %s: %s", self._path, exc)
        self._signals.thumbnail_made.emit(str(self._path), image)


class SyncTask(QRunnable):
    """Bring the index in step with the folder, then migrate the old favourites file once."""

    def __init__(
        self,
        store: GalleryStore,
        favourites_file: Path | None,
        cancel: threading.Event,
        signals: TaskSignals,
    ) -> None:
        super().__init__()
        self._store, self._favourites = store, favourites_file
        self._cancel, self._signals = cancel, signals

    def run(self) -> None:
        report = None
        try:
            report = self._store.sync(self._signals.sync_progressed.emit, self._cancel)
            if self._favourites is not None and not report.cancelled:
                migrate_favourites(self._store, self._favourites)
        except Exception:  # the worker boundary: log it, the gallery stays as it was
            log.error("Gallery sync failed:\n%s", traceback.format_exc())
        self._signals.sync_finished.emit(report)


def migrate_favourites(store: GalleryStore, file: Path) -> int:
    """Star the images named in the old favourites.json, then retire that file; count starred."""
    import json

    try:
        names = {str(name) for name in json.loads(file.read_text(encoding="utf-8"))}
    except FileNotFoundError:
        return 0
    except (OSError, ValueError, TypeError) as exc:
        log.warning("Old favourites file %s unreadable, left as is: %s", file, exc)
        return 0
    starred = 0
    for rel, stamp in scan_folder(store.root).items():
        if stamp.name in names:
            store.set_favourite(store.root / rel, True)
            starred += 1
    os.replace(file, file.with_name(file.name + ".migrated"))
    log.info("Migrated %d favourites from %s", starred, file)
    return starred


class ExportTask(QRunnable):
    """Run export_images in a pool thread, reporting progress and the outcome."""

    def __init__(
        self,
        items: Sequence[GalleryItem],
        target: Path,
        options: ExportOptions,
        thumbnails: ThumbnailCache,
        cancel: threading.Event,
        signals: TaskSignals,
    ) -> None:
        super().__init__()
        self._args = (items, target, options, thumbnails)
        self._cancel, self._signals = cancel, signals

    def run(self) -> None:
        items, target, options, thumbnails = self._args
        try:
            report = export_images(
                items,
                target,
                options,
                thumbnails,
                self._signals.export_progressed.emit,
                self._cancel,
            )
        except ExportCancelled:
            self._signals.export_finished.emit(None, "")
        except StudioError as exc:
            self._signals.export_finished.emit(None, str(exc))
        except Exception as exc:  # the worker boundary: report, never die
            log.error("Export failed:\n%s", traceback.format_exc())
            self._signals.export_finished.emit(None, str(exc))
        else:
            self._signals.export_finished.emit(report, "")


def make_pool(parent: QObject, threads: int = 2) -> QThreadPool:
    """A small pool of its own, so gallery work never competes with Qt's global pool."""
    pool = QThreadPool(parent)
    pool.setMaxThreadCount(threads)
    return pool
