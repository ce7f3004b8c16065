"""The gallery as a Qt list model over the SQLite GalleryStore, read a page at a time.

The store's index makes a 10,000-image gallery open at once: only the first page of rows is
read, more as the view scrolls (fetchMore). Syncing with the folder and making thumbnails run
in a small pool; the model only ever runs quick index queries on the GUI thread.
"""

from __future__ import annotations

import logging
import threading
from dataclasses import replace
from pathlib import Path
from typing import Any

from PySide6.QtCore import (
    QAbstractListModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSize,
    Qt,
    Signal,
)
from PySide6.QtGui import QIcon, QImage, QPixmap

from studio.core.base.errors import StudioError
from studio.core.gallery.query import GalleryItem, GalleryQuery
from studio.core.gallery.store import GalleryStore
from studio.core.gallery.thumbnails import ThumbnailCache
from studio.core.imagemeta.image_settings import format_settings
from studio.runtime.gallery_tasks import SyncTask, TaskSignals, ThumbnailTask, make_pool
from studio.runtime.gallery_watcher import GalleryWatcher

log = logging.getLogger(__name__)
PathRole = Qt.ItemDataRole.UserRole + 1
FavouriteRole = Qt.ItemDataRole.UserRole + 2
ParametersRole = Qt.ItemDataRole.UserRole + 3
ItemRole = Qt.ItemDataRole.UserRole + 4
THUMBNAIL_SIDE = 160
TILE_ICON_SIDE = THUMBNAIL_SIDE // 2 + 24  # the view's icon size
# Every tile has the same size, known before its thumbnail is made: a view with uniform item
# sizes measures the first item once, and a tile measured without its icon had no width.
TILE_SIZE = QSize(TILE_ICON_SIDE + 8, TILE_ICON_SIDE + 20)
PAGE_SIZE = 200
_Index = QModelIndex | QPersistentModelIndex


class GalleryModel(QAbstractListModel):
    """Indexed images matching the current query, newest first, with lazy thumbnails."""

    sync_finished = Signal(object)  # SyncReport, or None when it failed
    problem_reported = Signal(str)

    def __init__(
        self,
        root: Path,
        index_file: Path | None,
        cache_dir: Path,
        favourites_file: Path | None = None,
        parent: QObject | None = None,
    ) -> None:
        """`favourites_file`: the favourites.json of older versions, migrated once after sync."""
        super().__init__(parent)
        self._index_file = index_file
        self._favourites_file = favourites_file
        self._store = GalleryStore(root, index_file)
        self._thumbnail_cache = ThumbnailCache(cache_dir)
        self._query = GalleryQuery()
        self._items: list[GalleryItem] = []
        self._total = 0
        self._thumbnails: dict[str, QIcon] = {}
        self._pending: set[str] = set()
        self._cancel_sync = threading.Event()
        self._pool = make_pool(self)
        self._signals = TaskSignals(self)
        self._signals.thumbnail_made.connect(self._on_task_thumbnail_made)
        self._signals.sync_finished.connect(self._on_task_sync_finished)
        self._syncing = self._sync_again = False
        self._watcher = GalleryWatcher(self)
        self._watcher.settled.connect(self._on_watcher_settled)
        self._watcher.watch(root)

    # -- what the panel reads ------------------------------------------------------------
    @property
    def root(self) -> Path:
        return self._store.root

    @property
    def store(self) -> GalleryStore:
        return self._store

    @property
    def thumbnail_cache(self) -> ThumbnailCache:
        return self._thumbnail_cache

    @property
    def query(self) -> GalleryQuery:
        return self._query

    @property
    def total(self) -> int:
        """How many images match the query (rows not yet fetched included)."""
        return self._total

    @property
    def index_problem(self) -> str | None:
        problem = self._store.index_problem
        return None if problem is None else str(problem)

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._items)

    def canFetchMore(self, parent: _Index = QModelIndex()) -> bool:  # noqa: B008
        return not parent.isValid() and len(self._items) < self._total

    def fetchMore(self, parent: _Index = QModelIndex()) -> None:  # noqa: B008
        if parent.isValid():
            return
        page = self._store.search(self._query, PAGE_SIZE, len(self._items))
        if page:
            first = len(self._items)
            self.beginInsertRows(QModelIndex(), first, first + len(page) - 1)
            self._items.extend(page)
            self.endInsertRows()

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._items):
            return None
        item = self._items[index.row()]
        if role == Qt.ItemDataRole.DecorationRole:
            return self._thumbnail(item.path)
        if role == Qt.ItemDataRole.DisplayRole:
            return "★" if item.favourite else None
        if role == Qt.ItemDataRole.SizeHintRole:
            return TILE_SIZE
        if role == Qt.ItemDataRole.ToolTipRole:
            return _tooltip(item)
        if role == PathRole:
            return str(item.path)
        if role == FavouriteRole:
            return item.favourite
        if role == ParametersRole:
            return format_settings(item.settings, as_json=False) if item.settings else ""
        if role == ItemRole:
            return item
        return None

    def path_at(self, row: int) -> Path:
        return self._items[row].path

    def item_at(self, row: int) -> GalleryItem:
        return self._items[row]

    def all_items(self) -> list[GalleryItem]:
        """Every image matching the query (for "export all"), read straight from the index."""
        return self._store.search(self._query, max(self._total, 1), 0)

    # -- changing what is shown ------------------------------------------------------------
    def set_query(self, query: GalleryQuery) -> None:
        """Show the images matching `query` (a quick index query, fine on the GUI thread)."""
        self._query = query
        self.refresh()

    def refresh(self) -> None:
        """Read the first page again from the index."""
        self.beginResetModel()
        self._total = self._store.count(self._query)
        self._items = self._store.search(self._query, PAGE_SIZE, 0)
        self.endResetModel()

    def start_sync(self) -> None:
        """Pick up files added or deleted by hand, in the pool; the list refreshes after."""
        if self._syncing:
            self._sync_again = True  # once the running sync ends
            return
        self._syncing = True
        self._cancel_sync.clear()
        self._pool.start(
            SyncTask(self._store, self._favourites_file, self._cancel_sync, self._signals)
        )

    def set_root(self, root: Path) -> None:
        """Show another gallery folder (the output folder changed)."""
        self.shutdown()
        self._store.close()
        self._store = GalleryStore(root, self._index_file)
        self._watcher.watch(root)
        self._thumbnails.clear()
        self.refresh()
        self.start_sync()

    def add(self, path: Path) -> None:
        """Index a just-saved image; it appears first when it matches the query."""
        try:
            item = self._store.add(path)
        except StudioError as exc:
            log.warning("Not added to the gallery: %s", exc)
            return
        if item is None or self._row_of(item.path) is not None:
            return
        if self._query == GalleryQuery():
            self.beginInsertRows(QModelIndex(), 0, 0)
            self._items.insert(0, item)
            self._total += 1
            self.endInsertRows()
        else:
            self.refresh()

    def forget(self, path: Path) -> None:
        """Drop an image from the list (after it was deleted or trashed)."""
        row = self._row_of(path)
        if row is None:
            return
        self.beginRemoveRows(QModelIndex(), row, row)
        del self._items[row]
        self._total -= 1
        self.endRemoveRows()
        self._thumbnails.pop(str(path), None)

    def trash(self, paths: list[Path]) -> list[Path]:
        """Move images to the system trash; raises GalleryError naming the one that failed."""
        try:
            moved = self._store.trash(paths)
        finally:
            for path in paths:
                if not path.exists():
                    self.forget(path)
        return moved

    def toggle_favourite(self, path: Path) -> bool:
        """Star or unstar an image; returns the new state, saved at once."""
        state = self._store.toggle_favourite(path)
        self._replace(path, favourite=state)
        return state

    def set_favourite(self, paths: list[Path], favourite: bool) -> None:
        """Star or unstar several images."""
        for path in paths:
            self._store.set_favourite(path, favourite)
            self._replace(path, favourite=favourite)

    def set_tags(self, path: Path, tags: list[str]) -> tuple[str, ...]:
        """Replace an image's tags; returns them as stored."""
        stored = self._store.set_tags(path, tags)
        self._replace(path, tags=stored)
        return stored

    def shutdown(self) -> None:
        """Stop syncing and making thumbnails, and wait for the pool threads."""
        self._cancel_sync.set()
        self._pool.clear()
        self._pool.waitForDone()
        self._pending.clear()
        self._syncing = self._sync_again = False  # a cleared task never reports back

    # -- internals ---------------------------------------------------------------------------
    def _row_of(self, path: Path) -> int | None:
        wanted = str(path)
        for row, item in enumerate(self._items):
            if str(item.path) == wanted:
                return row
        return None

    def _replace(self, path: Path, **changes: Any) -> None:
        row = self._row_of(path)
        if row is not None:
            self._items[row] = replace(self._items[row], **changes)
            index = self.index(row)
            self.dataChanged.emit(index, index)
        if "favourite" in changes and self._query.favourites_only:
            self.refresh()

    def _thumbnail(self, path: Path) -> QIcon | None:
        key = str(path)
        icon = self._thumbnails.get(key)
        if icon is None and key not in self._pending:
            self._pending.add(key)
            task = ThumbnailTask(path, self._thumbnail_cache, THUMBNAIL_SIDE, self._signals)
            self._pool.start(task)
        return icon

    def _on_task_thumbnail_made(self, key: str, image: QImage) -> None:
        self._pending.discard(key)
        if image.isNull():
            return
        # The pool decodes off-thread; the pixmap is made here, on the GUI thread.
        self._thumbnails[key] = QIcon(QPixmap.fromImage(image))
        row = self._row_of(Path(key))
        if row is not None:
            index = self.index(row)
            self.dataChanged.emit(index, index, [Qt.ItemDataRole.DecorationRole])

    def _on_task_sync_finished(self, report: object) -> None:
        self._syncing = False
        if report is not None:
            self.refresh()
        self.sync_finished.emit(report)
        if self._sync_again:
            self._sync_again = False
            self.start_sync()

    def _on_watcher_settled(self) -> None:
        self._watcher.watch(self.root)  # a new day folder may have appeared
        self.start_sync()


def _tooltip(item: GalleryItem) -> str:
    lines = [item.prompt or item.path.name]
    details = [item.created.strftime("%Y-%m-%d %H:%M")]
    if item.width and item.height:
        details.append(f"{item.width}×{item.height}")
    if item.model:
        details.append(item.model)
    lines.append(" · ".join(details))
    if item.tags:
        lines.append("# " + ", ".join(item.tags))
    return "\n".join(lines)
