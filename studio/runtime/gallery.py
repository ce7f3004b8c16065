"""The gallery as a Qt list model: PNGs under a folder, newest first, thumbnails made off-thread."""

from __future__ import annotations

import contextlib
import json
import logging
from pathlib import Path
from typing import Any

from PySide6.QtCore import (
    QAbstractListModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QRunnable,
    QSize,
    Qt,
    QThreadPool,
    Signal,
)
from PySide6.QtGui import QIcon, QImage, QImageReader, QPixmap

from studio.core.atomic import atomic_write_bytes

log = logging.getLogger(__name__)
PathRole = Qt.ItemDataRole.UserRole + 1
FavouriteRole = Qt.ItemDataRole.UserRole + 2
ParametersRole = Qt.ItemDataRole.UserRole + 3
THUMBNAIL_SIDE = 160
_Index = QModelIndex | QPersistentModelIndex


def list_images(root: Path) -> list[Path]:
    """Every PNG under `root`, newest first; hidden temp files are skipped."""
    if not root.is_dir():
        return []
    found = [p for p in root.rglob("*.png") if not p.name.startswith(".")]

    def modified(path: Path) -> float:
        try:
            return path.stat().st_mtime
        except OSError:
            return 0.0

    return sorted(found, key=lambda p: (modified(p), p.name), reverse=True)


class _ThumbnailSignals(QObject):
    thumbnail_made = Signal(str, QImage, str)  # path, thumbnail, A1111 parameters text


class _ThumbnailTask(QRunnable):
    """Decode one PNG at thumbnail size in a pool thread (QImage is safe off the GUI thread)."""

    def __init__(self, path: str, signals: _ThumbnailSignals) -> None:
        super().__init__()
        self._path, self._signals = path, signals

    def run(self) -> None:
        reader = QImageReader(self._path)
        size = reader.size()
        if size.isValid():
            reader.setScaledSize(
                size.scaled(
                    QSize(THUMBNAIL_SIDE, THUMBNAIL_SIDE), Qt.AspectRatioMode.KeepAspectRatio
                )
            )
        parameters = reader.text("parameters")
        image = reader.read()
        self._signals.thumbnail_made.emit(self._path, image, parameters)


class GalleryModel(QAbstractListModel):
    """Images on disk, newest first, with lazily made thumbnails and persisted favourites."""

    def __init__(self, root: Path, favourites_file: Path, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._root = root
        self._favourites_file = favourites_file
        self._favourites: set[str] = _read_favourites(favourites_file)
        self._paths: list[Path] = []
        self._thumbnails: dict[str, QIcon] = {}
        self._parameters: dict[str, str] = {}
        self._pending: set[str] = set()
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(2)
        self._signals = _ThumbnailSignals(self)
        self._signals.thumbnail_made.connect(self._on_task_thumbnail_made)

    @property
    def root(self) -> Path:
        return self._root

    def set_root(self, root: Path) -> None:
        self._root = root
        self.refresh()

    def refresh(self) -> None:
        """Read the folder again."""
        self.beginResetModel()
        self._paths = list_images(self._root)
        self.endResetModel()

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._paths)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._paths):
            return None
        path = self._paths[index.row()]
        key = str(path)
        if role == Qt.ItemDataRole.DecorationRole:
            return self._thumbnail(key)
        if role == Qt.ItemDataRole.DisplayRole:
            return "★" if path.name in self._favourites else None
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._parameters.get(key) or path.name
        if role == PathRole:
            return key
        if role == FavouriteRole:
            return path.name in self._favourites
        if role == ParametersRole:
            return self._parameters.get(key, "")
        return None

    def path_at(self, row: int) -> Path:
        return self._paths[row]

    def add(self, path: Path) -> None:
        """A new image appears first."""
        if path in self._paths:
            return
        self.beginInsertRows(QModelIndex(), 0, 0)
        self._paths.insert(0, path)
        self.endInsertRows()

    def forget(self, path: Path) -> None:
        """Drop an image from the list (after it was deleted or trashed)."""
        if path not in self._paths:
            return
        row = self._paths.index(path)
        self.beginRemoveRows(QModelIndex(), row, row)
        del self._paths[row]
        self.endRemoveRows()
        self._thumbnails.pop(str(path), None)

    def toggle_favourite(self, path: Path) -> bool:
        """Star or unstar an image; returns the new state, saved at once."""
        self._favourites ^= {path.name}
        atomic_write_bytes(
            self._favourites_file, json.dumps(sorted(self._favourites)).encode("utf-8")
        )
        if path in self._paths:
            index = self.index(self._paths.index(path))
            self.dataChanged.emit(index, index)
        return path.name in self._favourites

    def shutdown(self) -> None:
        """Stop making thumbnails and wait for the pool threads."""
        self._pool.clear()
        self._pool.waitForDone()

    def _thumbnail(self, key: str) -> QIcon | None:
        icon = self._thumbnails.get(key)
        if icon is None and key not in self._pending:
            self._pending.add(key)
            self._pool.start(_ThumbnailTask(key, self._signals))
        return icon

    def _on_task_thumbnail_made(self, key: str, image: QImage, parameters: str) -> None:
        self._pending.discard(key)
        if image.isNull():
            return
        # The pool decodes off-thread; the pixmap is made here, on the GUI thread.
        self._thumbnails[key] = QIcon(QPixmap.fromImage(image))
        self._parameters[key] = parameters
        path = Path(key)
        if path in self._paths:
            index = self.index(self._paths.index(path))
            self.dataChanged.emit(index, index)


def _read_favourites(file: Path) -> set[str]:
    with contextlib.suppress(OSError, ValueError, TypeError):
        return {str(name) for name in json.loads(file.read_text(encoding="utf-8"))}
    return set()
