"""The gallery index: a SQLite cache of the gallery folder, which stays the source of truth.

`sync()` reads only headers and metadata text (never pixels) of files added, changed or removed
since the last run. Favourites and tags live in the index and in a sidecar file per folder, so
an index rebuilt after corruption or deletion keeps them. One writer: every statement goes
through one connection under one lock; WAL lets a second app instance read meanwhile.
"""

from __future__ import annotations

import errno
import json
import logging
import os
import sqlite3
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import Any

from studio.core.base.paths import AppPaths
from studio.core.base.settings import Settings
from studio.core.gallery.db import GalleryError, has_fts, open_index
from studio.core.gallery.query import (
    ITEM_COLUMNS,
    GalleryItem,
    GalleryQuery,
    item_from_row,
    settings_to_json,
    where_clause,
)
from studio.core.gallery.records import (
    FileStamp,
    ImageRecord,
    created_time,
    read_record,
    scan_folder,
)
from studio.core.gallery.sidecar import (
    Marks,
    clean_tags,
    read_sidecar,
    sidecar_damaged,
    tags_from_json,
    write_sidecar,
)

log = logging.getLogger(__name__)
INDEX_FILE_NAME = "gallery-index.sqlite3"
_BATCH = 200
_UPSERT = """
INSERT INTO images(rel, folder, size, mtime_ns, created, width, height, prompt, negative,
                   model, seed, generator, settings, problem, broken, favourite, tags)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
ON CONFLICT(rel) DO UPDATE SET
    size = excluded.size, mtime_ns = excluded.mtime_ns, created = excluded.created,
    width = excluded.width, height = excluded.height, prompt = excluded.prompt,
    negative = excluded.negative, model = excluded.model, seed = excluded.seed,
    generator = excluded.generator, settings = excluded.settings,
    problem = excluded.problem, broken = excluded.broken
"""

__all__ = ["GalleryError", "GalleryItem", "GalleryQuery", "GalleryStore", "SyncReport"]


@dataclass(frozen=True)
class SyncReport:
    """What a sync found: files new to the index, changed, gone, and not images at all."""

    added: int = 0
    updated: int = 0
    removed: int = 0
    unreadable: int = 0
    cancelled: bool = False


def gallery_root(paths: AppPaths, settings: Settings) -> Path:
    """The gallery folder: the user's output folder if set, else the default one."""
    return Path(settings.output_dir) if settings.output_dir else paths.gallery


def open_gallery(paths: AppPaths, settings: Settings) -> GalleryStore:
    """The store for the user's gallery, its index kept in the app's data folder."""
    return GalleryStore(gallery_root(paths, settings), paths.data / INDEX_FILE_NAME)


class GalleryStore:
    """Index, search and marks of the images under one folder. Thread-safe."""

    def __init__(self, root: Path, index_file: Path | None) -> None:
        self._root = Path(os.path.abspath(root.expanduser()))
        self._lock = threading.RLock()
        self._conn, self.index_problem = open_index(index_file, self._root)
        self._fts = has_fts(self._conn)
        self._sound_sidecars: dict[Path, tuple[int, int]] = {}

    @property
    def root(self) -> Path:
        return self._root

    @property
    def uses_fts(self) -> bool:
        return self._fts

    def close(self) -> None:
        """Close the index file; the store cannot be used afterwards."""
        with self._lock:
            self._conn.close()

    def __enter__(self) -> GalleryStore:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    # -- keeping the index in step with the folder --------------------------------------

    def sync(
        self,
        on_progress: Callable[[int, int], None] | None = None,
        cancel: threading.Event | None = None,
    ) -> SyncReport:
        """Pick up files added, changed or deleted in the folder; newest are indexed first."""
        on_disk = scan_folder(self._root)
        known = self._known()
        gone = [rel for rel in known if rel not in on_disk]
        todo = [s for rel, s in on_disk.items() if known.get(rel) != (s.size, s.mtime_ns)]
        todo.sort(key=created_time, reverse=True)  # the first screen is ready first
        self._delete(gone)
        counts = {"added": 0, "updated": 0, "unreadable": 0}
        sidecars: dict[str, dict[str, Marks]] = {}
        for start in range(0, len(todo), _BATCH):
            if cancel is not None and cancel.is_set():
                return SyncReport(**counts, removed=len(gone), cancelled=True)
            records = [read_record(self._root, stamp) for stamp in todo[start : start + _BATCH]]
            self._write(records, known, sidecars)
            for record in records:
                kind = "updated" if record.stamp.rel in known else "added"
                counts["unreadable" if record.broken else kind] += 1
            if on_progress is not None:
                on_progress(min(start + _BATCH, len(todo)), len(todo))
        self._repair_sidecars({stamp.folder for stamp in on_disk.values()})
        return SyncReport(**counts, removed=len(gone))

    def add(self, path: Path) -> GalleryItem | None:
        """Index one file now (e.g. just saved); None if it is not a usable image."""
        rel = self._rel(path)
        try:
            info = (self._root / rel).stat()
        except OSError as error:
            raise _not_found(path) from error
        stamp = FileStamp(rel, info.st_size, info.st_mtime_ns)
        self._write([read_record(self._root, stamp)], self._known(rel), {})
        return self.item(path)

    # -- reading --------------------------------------------------------------------------

    def search(
        self, query: GalleryQuery | None = None, limit: int = 100, offset: int = 0
    ) -> list[GalleryItem]:
        """Images matching `query`, newest first, `limit` of them from `offset`."""
        # A batch shares its time stamp: its images follow in seed order (numeric, seeds are
        # text up to 2^64), whatever order a folder walk indexed them in.
        order = " ORDER BY created DESC, length(seed), seed, rel LIMIT ? OFFSET ?"
        rows = self._select(
            f"SELECT {ITEM_COLUMNS} FROM images WHERE ",
            order,
            query,
            [max(0, limit), max(0, offset)],
        )
        return [item_from_row(self._root, row) for row in rows]

    def count(self, query: GalleryQuery | None = None) -> int:
        """How many images match `query`."""
        return int(self._select("SELECT count(*) FROM images WHERE ", "", query, [])[0][0])

    def item(self, path: Path) -> GalleryItem | None:
        """The index's entry for one file, or None if it is not in the gallery."""
        rel = self._rel(path)
        with self._lock:
            row = self._conn.execute(
                f"SELECT {ITEM_COLUMNS} FROM images WHERE rel = ? AND broken = 0", (rel,)
            ).fetchone()
        return item_from_row(self._root, row) if row else None

    # -- what the user sets ---------------------------------------------------------------

    def set_favourite(self, path: Path, favourite: bool) -> None:
        """Star or unstar an image; saved in the index and beside the image."""
        self._update_marks(path, "favourite = ?", int(favourite))

    def toggle_favourite(self, path: Path) -> bool:
        """Flip an image's star; returns the new state."""
        current = self._require(path)
        self.set_favourite(path, not current.favourite)
        return not current.favourite

    def set_tags(self, path: Path, tags: Iterable[str]) -> tuple[str, ...]:
        """Replace an image's tags; returns them as stored (trimmed, no duplicates)."""
        cleaned = clean_tags(list(tags))
        self._update_marks(path, "tags = ?", json.dumps(cleaned, ensure_ascii=False))
        return cleaned

    def trash(self, paths: Iterable[Path]) -> list[Path]:
        """Send images to the system trash and drop them from the index; returns those moved."""
        from send2trash import send2trash

        done: list[Path] = []
        try:
            for path in paths:
                rel = self._rel(path)
                try:
                    send2trash(str(self._root / rel))
                except OSError as error:
                    if error.errno != errno.ENOENT:
                        raise _trash_failed(path, error) from error
                done.append(self._root / rel)
        finally:
            rels = [self._rel(path) for path in done]
            self._delete(rels)
            for folder in {rel.rpartition("/")[0] for rel in rels}:
                self._save_sidecar(folder)
        return done

    # -- internals ------------------------------------------------------------------------

    def _select(
        self, head: str, tail: str, query: GalleryQuery | None, extra: list[Any]
    ) -> list[Any]:
        query = query or GalleryQuery()
        with self._lock:
            where, params = where_clause(query, self._fts)
            try:
                return self._conn.execute(head + where + tail, [*params, *extra]).fetchall()
            except sqlite3.OperationalError as error:
                if not self._fts or "fts5" not in str(error).lower():
                    raise
            # A word FTS5 cannot parse (lone punctuation, odd unicode): plain LIKE instead.
            where, params = where_clause(query, False)
            return self._conn.execute(head + where + tail, [*params, *extra]).fetchall()

    def _known(self, rel: str | None = None) -> dict[str, tuple[int, int]]:
        sql, params = "SELECT rel, size, mtime_ns FROM images", ()
        if rel is not None:
            sql, params = sql + " WHERE rel = ?", (rel,)
        with self._lock:
            return {r: (size, mtime) for r, size, mtime in self._conn.execute(sql, params)}

    def _write(
        self,
        records: list[ImageRecord],
        known: dict[str, tuple[int, int]],
        sidecars: dict[str, dict[str, Marks]],
    ) -> None:
        rows = []
        for record in records:
            folder = record.stamp.folder
            if folder not in sidecars and record.stamp.rel not in known:
                sidecars[folder] = read_sidecar(self._root / folder)
            marks = sidecars.get(folder, {}).get(record.stamp.name, Marks())
            rows.append(_row(record, marks))
        with self._lock, self._conn:
            self._conn.executemany(_UPSERT, rows)

    def _delete(self, rels: list[str]) -> None:
        if rels:
            with self._lock, self._conn:
                self._conn.executemany("DELETE FROM images WHERE rel = ?", [(r,) for r in rels])

    def _update_marks(self, path: Path, assignment: str, value: object) -> None:
        rel = self._require(path).relative
        with self._lock, self._conn:
            self._conn.execute(f"UPDATE images SET {assignment} WHERE rel = ?", (value, rel))
        self._save_sidecar(rel.rpartition("/")[0])

    def _repair_sidecars(self, folders: set[str]) -> None:
        # A damaged sidecar is rewritten from the index (plus what is left of it) at once,
        # its copy kept: a later index rebuild then still finds every favourite and tag.
        for folder in sorted(folders):
            if sidecar_damaged(self._root / folder, self._sound_sidecars):
                log.warning("Repairing the favourites file in %s from the index", folder)
                self._save_sidecar(folder)

    def _save_sidecar(self, folder: str) -> None:
        directory = self._root / folder
        marks = {
            name: m for name, m in read_sidecar(directory).items() if (directory / name).exists()
        }
        with self._lock:
            rows = self._conn.execute(
                "SELECT rel, favourite, tags FROM images WHERE folder = ?", (folder,)
            ).fetchall()
        for rel, favourite, tags in rows:
            marks[rel.rpartition("/")[2]] = Marks(bool(favourite), tags_from_json(tags))
        try:
            write_sidecar(directory, marks)
        except OSError as error:
            log.warning("Cannot save favourites and tags beside %s: %s", directory, error)
            if self.index_problem is not None:
                raise _marks_not_kept(directory, error) from error

    def _require(self, path: Path) -> GalleryItem:
        found = self.item(path)
        if found is None:
            raise _not_found(path)
        return found

    def _rel(self, path: Path) -> str:
        absolute = Path(os.path.abspath(Path(path).expanduser()))
        try:
            return absolute.relative_to(self._root).as_posix()
        except ValueError:
            raise GalleryError(
                f"{path} is not inside the gallery folder {self._root}.",
                f"{path} no está dentro de la carpeta de la galería {self._root}.",
            ) from None


def _row(record: ImageRecord, marks: Marks) -> tuple[Any, ...]:
    s = record.settings
    stamp = record.stamp
    return (
        stamp.rel, stamp.folder, stamp.size, stamp.mtime_ns, record.created,
        record.width, record.height,
        s.prompt if s else "", s.negative_prompt if s else "", (s.model or "") if s else "",
        str(s.seed) if s and s.seed is not None else None, s.generator if s else None,
        settings_to_json(s), record.problem, int(record.broken),
        int(marks.favourite), json.dumps(marks.tags, ensure_ascii=False),
    )  # fmt: skip


def _not_found(path: Path) -> GalleryError:
    return GalleryError(
        f"{path} is not in the gallery (was it moved or deleted?).",
        f"{path} no está en la galería (¿se movió o se borró?).",
    )


def _trash_failed(path: Path, error: OSError) -> GalleryError:
    reason = error.strerror or str(error)
    return GalleryError(
        f"{path} could not be moved to the trash ({reason}). It was not deleted.",
        f"No se pudo mover {path} a la papelera ({reason}). No se borró.",
    )


def _marks_not_kept(folder: Path, error: OSError) -> GalleryError:
    reason = error.strerror or str(error)
    return GalleryError(
        f"Favourites and tags cannot be saved in {folder} ({reason}); they will be lost "
        "when the app closes.",
        f"No se pueden guardar favoritos ni etiquetas en {folder} ({reason}); se perderán al "
        "cerrar la aplicación.",
    )
